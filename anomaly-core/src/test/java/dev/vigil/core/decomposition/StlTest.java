package dev.vigil.core.decomposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StlTest {

    /** A fixture written by make_stl_fixtures.py: settings and the columns y, trend, seasonal, resid. */
    record Fixture(Map<String, String> settings, double[][] cols) {
        static Fixture load(String name) throws IOException {
            try (InputStream in = StlTest.class.getResourceAsStream(name)) {
                assertThat(in).as("fixture %s", name).isNotNull();
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                Map<String, String> settings = new HashMap<>();
                for (String kv : r.readLine().substring(1).trim().split(" ")) {
                    String[] p = kv.split("=");
                    settings.put(p[0], p[1]);
                }
                r.readLine();
                List<double[]> rows = new ArrayList<>();
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String[] f = line.split(",");
                    double[] row = new double[f.length];
                    for (int i = 0; i < f.length; i++) {
                        row[i] = Double.parseDouble(f[i]);
                    }
                    rows.add(row);
                }
                double[][] cols = new double[4][rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    for (int c = 0; c < 4; c++) {
                        cols[c][i] = rows.get(i)[c];
                    }
                }
                return new Fixture(settings, cols);
            }
        }

        int i(String k) {
            return Integer.parseInt(settings.get(k));
        }
    }

    private static double std(double[] y) {
        double m = 0;
        for (double v : y) {
            m += v;
        }
        m /= y.length;
        double s = 0;
        for (double v : y) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / y.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"stl_synthetic_p12.csv", "stl_spiky_p12_robust.csv", "stl_nyc_taxi_p48.csv",
            "stl_nyc_taxi_p48_robust_s13.csv"})
    void decompose_statsmodelsFixture_matchesComponents(String name) throws IOException {
        Fixture f = Fixture.load(name);
        StlConfig cfg = StlConfig.of(f.i("period"), f.i("seasonal"), Boolean.parseBoolean(f.settings().get("robust")));
        Decomposition d = Stl.of(cfg).decompose(f.cols()[0]);
        // Same algorithm, different code: agreement to 1e-6 of the series' spread.
        double tol = 1e-6 * std(f.cols()[0]);
        for (int i = 0; i < d.size(); i++) {
            assertThat(d.trend()[i]).as("trend[%d]", i).isCloseTo(f.cols()[1][i], within(tol));
            assertThat(d.seasonal()[i]).as("seasonal[%d]", i).isCloseTo(f.cols()[2][i], within(tol));
            assertThat(d.resid()[i]).as("resid[%d]", i).isCloseTo(f.cols()[3][i], within(tol));
        }
    }

    @Test
    void of_defaults_matchStatsmodelsWidths() {
        StlConfig c = StlConfig.of(12);
        assertThat(c.trend()).isEqualTo(23);
        assertThat(c.lowPass()).isEqualTo(13);
        assertThat(c.innerIter()).isEqualTo(5);
        assertThat(c.outerIter()).isZero();
        StlConfig r = StlConfig.of(48, true);
        assertThat(r.trend()).isEqualTo(StlConfig.nextOdd(1.5 * 48 / (1 - 1.5 / 7)));
        assertThat(r.lowPass()).isEqualTo(49);
        assertThat(r.innerIter()).isEqualTo(2);
        assertThat(r.outerIter()).isEqualTo(15);
    }

    @Test
    void decompose_withGaps_sumsToObservedAndMarksGapsInResid() {
        Random rnd = new Random(7);
        int n = 200;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 5 + Math.sin(2 * Math.PI * i / 10) + 0.1 * rnd.nextGaussian();
        }
        int[] gaps = {0, 1, 57, 58, 59, 120, 199};
        for (int g : gaps) {
            y[g] = Double.NaN;
        }
        Decomposition d = Stl.of(10, false).decompose(y);
        for (int i = 0; i < n; i++) {
            assertThat(d.trend()[i]).isFinite();
            assertThat(d.seasonal()[i]).isFinite();
            if (Double.isNaN(y[i])) {
                assertThat(d.resid()[i]).isNaN();
            } else {
                assertThat(d.trend()[i] + d.seasonal()[i] + d.resid()[i]).isCloseTo(y[i], within(1e-9));
            }
        }
        // The season is still recovered across the gaps.
        for (int g : gaps) {
            assertThat(d.seasonal()[g]).isCloseTo(Math.sin(2 * Math.PI * g / 10), within(0.25));
        }
    }

    @Test
    void decompose_robust_outliersGoToResidual() {
        // Robustness weights scale with the median |remainder|, so the series needs some noise.
        Random rnd = new Random(11);
        int n = 240;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 2 * Math.sin(2 * Math.PI * i / 12) + 0.1 * rnd.nextGaussian();
        }
        y[100] += 50;
        Decomposition plain = Stl.of(12, false).decompose(y);
        Decomposition robust = Stl.of(12, true).decompose(y);
        assertThat(Math.abs(robust.resid()[100])).isGreaterThan(Math.abs(plain.resid()[100]));
        assertThat(robust.resid()[100]).isCloseTo(50, within(1.0));
    }

    @Test
    void decompose_tooShortOrEmpty_explains() {
        assertThatThrownBy(() -> Stl.of(12, false).decompose(new double[20]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two full periods (24 samples");
        double[] nan = new double[30];
        java.util.Arrays.fill(nan, Double.NaN);
        assertThatThrownBy(() -> Stl.of(12, false).decompose(nan))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one finite value");
        assertThatThrownBy(() -> StlConfig.of(12, 8, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seasonal width must be an odd");
    }
}
