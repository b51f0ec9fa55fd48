package dev.vigil.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RobustStatsTest {

    private static List<String[]> fixture() throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(RobustStatsTest.class.getResourceAsStream("robust_stats.txt")),
                StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    rows.add(line.split(";"));
                }
            }
        }
        return rows;
    }

    private static double[] parse(String s) {
        return Arrays.stream(s.trim().split(" ")).mapToDouble(v -> v.equals("nan") ? Double.NaN : Double.parseDouble(v)).toArray();
    }

    @Test
    void quantileMedianMad_numpyFixture_matchWithin1e12Relative() throws IOException {
        List<String[]> rows = fixture();
        assertThat(rows).hasSizeGreaterThan(100);
        for (String[] row : rows) {
            double q = Double.parseDouble(row[1]);
            double expected = Double.parseDouble(row[2]);
            double[] data = parse(row[3]);
            double[] before = data.clone();
            double actual;
            switch (row[0]) {
                case "quantile": actual = RobustStats.quantile(data, q); break;
                case "median": actual = RobustStats.median(data); break;
                case "mad": actual = RobustStats.mad(data); break;
                default: throw new AssertionError(row[0]);
            }
            assertThat(actual).as("%s q=%s n=%d", row[0], q, data.length)
                    .isCloseTo(expected, within(1e-12 * Math.max(1, Math.abs(expected))));
            assertThat(data).as("input untouched").isEqualTo(before);
        }
    }

    @Test
    void quantile_randomArrays_equalsSortedDefinition() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + rnd.nextInt(60);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextInt(4) == 0 ? rnd.nextInt(3) : rnd.nextGaussian();
            }
            double q = rnd.nextDouble();
            double[] sorted = x.clone();
            Arrays.sort(sorted);
            assertThat(RobustStats.quantile(x, q)).isCloseTo(RobustStats.quantileSorted(sorted, n, q), within(1e-12));
        }
    }

    @Test
    void quantile_allNaNOrEmpty_isNaN() {
        assertThat(RobustStats.quantile(new double[0], 0.5)).isNaN();
        assertThat(RobustStats.median(new double[] {Double.NaN, Double.NaN})).isNaN();
        assertThat(RobustStats.mad(new double[] {Double.NaN})).isNaN();
    }

    @Test
    void meanAbsoluteDeviation_skipsNaN_isMeanOfAbsoluteDistances() {
        // |1-2| + |2-2| + |6-2| = 5 over three values; the NaN is skipped.
        assertThat(RobustStats.meanAbsoluteDeviation(new double[] {1, Double.NaN, 2, 6}, 2))
                .isCloseTo(5.0 / 3, within(1e-15));
        assertThat(RobustStats.meanAbsoluteDeviation(new double[] {Double.NaN}, 0)).isNaN();
    }

    @Test
    void meanAbsoluteDeviation_normalSample_timesSqrtHalfPiEstimatesSigma() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] x = new double[200_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = 5 + 2 * rnd.nextGaussian();
        }
        // E|X - mu| = sigma sqrt(2/pi); the sample estimate's relative error is ~0.2 % here.
        assertThat(Math.sqrt(Math.PI / 2) * RobustStats.meanAbsoluteDeviation(x, RobustStats.median(x)))
                .isCloseTo(2.0, within(0.02));
    }

    @Test
    void quantile_outOfRangeQ_throwsNamingTheValue() {
        assertThatThrownBy(() -> RobustStats.quantile(new double[] {1}, 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    }

    @Test
    void quantileInPlace_buffer_allocatesNothingAndGivesSameAnswer() {
        double[] buf = {5, 1, 4, 2, 3, 0, 0};
        assertThat(RobustStats.quantileInPlace(buf, 5, 0.5)).isEqualTo(3.0);
        assertThat(RobustStats.madInPlace(new double[] {1, 2, 3, 4, 100}, 5)).isEqualTo(1.0);
    }

    @Test
    void quantilePairInPlace_seededArrays_equalTwoSeparateQuantiles() {
        SplittableRandom r = new SplittableRandom(23);
        double[][] pairs = {{0.1, 0.9}, {0.025, 0.975}, {0.5, 0.5}, {0, 1}, {0.3, 0.31}, {0.9, 0.95}};
        double[] out = new double[2];
        for (int trial = 0; trial < 500; trial++) {
            int n = 1 + r.nextInt(1200);
            double[] data = new double[n];
            for (int i = 0; i < n; i++) {
                double v = r.nextGaussian() * 5;
                // Every third array is full of ties, every fifth has infinities.
                data[i] = trial % 3 == 0 ? Math.rint(v) : trial % 5 == 0 && i % 7 == 0 ? 1 / v : v;
            }
            for (double[] p : pairs) {
                double lo = RobustStats.quantileInPlace(data.clone(), n, p[0]);
                double hi = RobustStats.quantileInPlace(data.clone(), n, p[1]);
                RobustStats.quantilePairInPlace(data.clone(), n, p[0], p[1], out);
                assertThat(out[0]).as("trial %d, n %d, q %s", trial, n, p[0]).isEqualTo(lo);
                assertThat(out[1]).as("trial %d, n %d, q %s", trial, n, p[1]).isEqualTo(hi);
            }
        }
    }

    @Test
    void quantilePairInPlace_lowAboveHigh_throwsNamingBoth() {
        assertThatThrownBy(() -> RobustStats.quantilePairInPlace(new double[] {1, 2}, 2, 0.9, 0.1, new double[2]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0.9").hasMessageContaining("0.1");
    }

    @Test
    void orderStatisticInPlace_seededArrays_equalSortedElementAndPartition() {
        SplittableRandom r = new SplittableRandom(29);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(300);
            double[] data = new double[n];
            for (int i = 0; i < n; i++) {
                data[i] = trial % 2 == 0 ? r.nextInt(10) : r.nextDouble();
            }
            int from = r.nextInt(n);
            int to = from + 1 + r.nextInt(n - from);
            int k = from + r.nextInt(to - from);
            double[] sorted = Arrays.copyOfRange(data, from, to);
            Arrays.sort(sorted);
            double v = RobustStats.orderStatisticInPlace(data, from, to, k);
            assertThat(v).as("trial %d", trial).isEqualTo(sorted[k - from]);
            for (int i = from; i < to; i++) {
                assertThat(i < k ? data[i] <= v : data[i] >= v).as("trial %d index %d", trial, i).isTrue();
            }
        }
        assertThatThrownBy(() -> RobustStats.orderStatisticInPlace(new double[3], 1, 3, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rank 0");
    }
}
