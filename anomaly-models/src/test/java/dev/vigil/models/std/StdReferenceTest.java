package dev.vigil.models.std;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.decomposition.Classical;
import dev.vigil.core.decomposition.Decomposition;
import dev.vigil.core.series.Series;
import dev.vigil.models.Fixtures;
import dev.vigil.models.registry.ModelRegistry;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StdReferenceTest {

    private static final double TOL = 1e-9;

    @ParameterizedTest
    @ValueSource(ints = {24, 7})
    void decompose_statsmodelsFixture_matchesTrendSeasonalResid(int period) throws IOException {
        Fixtures.Csv f = Fixtures.load("std_p" + period + ".csv");
        double[] y = f.column("y");
        Decomposition d = Classical.of(period).decompose(y);
        assertArrays(d.trend(), f.column("trend"), "trend");
        assertArrays(d.seasonal(), f.column("seasonal"), "seasonal");
        assertArrays(d.resid(), f.column("resid"), "resid");
    }

    @ParameterizedTest
    @ValueSource(ints = {24, 7})
    void fit_statsmodelsFixture_stateHoldsProfileAndResidStd(int period) throws IOException {
        Fixtures.Csv f = Fixtures.load("std_p" + period + ".csv");
        double[] y = f.column("y");
        long[] t = new long[y.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_000_000L + 60_000L * i;
        }
        StdSpec.Model m = (StdSpec.Model) ModelRegistry.standard().create("std", Map.of("period", period))
                .fit(Series.of(t, y));
        assertThat(m.sigma()).isCloseTo(f.trailer().get("resid_std"), within(TOL));
        double[] seasonal = f.column("seasonal");
        for (int i = 0; i < y.length; i++) {
            assertThat(m.seasonal(m.phaseOf(t[i]))).as("seasonal at %d", i).isCloseTo(seasonal[i], within(TOL));
        }
        // The next point's phase continues the season, its yhat is last trend + seasonal.
        double[] trend = f.column("trend");
        long next = t[t.length - 1] + 60_000L;
        assertThat(m.phaseOf(next)).isEqualTo(y.length % period);
        assertThat(m.infer(Series.of(new long[] {next}, new double[] {0})).yhat(0))
                .isCloseTo(trend[y.length - 1] + seasonal[y.length - period], within(TOL));
    }

    private static void assertArrays(double[] actual, double[] expected, String what) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i])) {
                assertThat(actual[i]).as("%s[%d]", what, i).isNaN();
            } else {
                assertThat(actual[i]).as("%s[%d]", what, i).isCloseTo(expected[i], within(TOL));
            }
        }
    }
}
