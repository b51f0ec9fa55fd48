package dev.vigil.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.models.envelope.MultivariateEnvelopeModels;
import dev.vigil.models.isolationforest.IsolationForestModels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The row-major calls of {@link MultivariateSpec} and {@link MultivariateModel} against the row-array ones. */
class MultivariateRowMajorTest {

    static final long T0 = 1_704_067_200_000L;

    static long[] minutes(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + 60_000L * i;
        }
        return t;
    }

    static double[][] rows(int n, int channels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][channels];
        for (double[] row : x) {
            for (int c = 0; c < channels; c++) {
                row[c] = 10 * c + r.nextGaussian();
            }
        }
        x[n / 2][1] = Double.NaN;
        return x;
    }

    static double[] flat(double[][] rows) {
        return Arrays.stream(rows).flatMapToDouble(Arrays::stream).toArray();
    }

    static void assertSameScores(MultivariateSpec spec, int n, int fit) {
        long[] t = minutes(n);
        double[][] x = rows(n, 3, 9);
        double[] arrays = spec.fit(Arrays.copyOf(t, fit), Arrays.copyOf(x, fit)).score(t, x);
        double[] values = flat(x);
        double[] rowMajor = spec.fit(t, values, fit, 3).score(t, values, n);
        assertThat(rowMajor).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(Double.doubleToRawLongBits(rowMajor[i])).as("row %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(arrays[i]));
        }
    }

    @Test
    void isolationForest_rowMajor_bitIdenticalToRowArrays() {
        assertSameScores(IsolationForestModels.builder().trees(20).buildMultivariate(), 700, 500);
    }

    @Test
    void defaultMethods_envelope_bitIdenticalToRowArrays() {
        assertSameScores(MultivariateEnvelopeModels.builder().buildSpec(), 3 * 1440, 2 * 1440);
    }

    @Test
    void rowMajor_tooFewValuesOrTimestamps_preciseError() {
        MultivariateSpec spec = IsolationForestModels.builder().trees(5).buildMultivariate();
        assertThatThrownBy(() -> spec.fit(minutes(10), new double[29], 10, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("10 rows of 3 channels do not fit 10 timestamps and 29 values");
        MultivariateModel m = spec.fit(minutes(10), flat(rows(10, 3, 1)), 10, 3);
        assertThatThrownBy(() -> m.score(minutes(4), new double[30], 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("5 rows of 3 channels do not fit 4 timestamps and 30 values");
    }
}
