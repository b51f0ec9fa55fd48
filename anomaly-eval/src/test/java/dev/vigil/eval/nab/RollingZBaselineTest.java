package dev.vigil.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class RollingZBaselineTest {

    /** Direct O(n·w) computation of the same definition. */
    private static double naive(double[] y, int i, int window, double z) {
        if (!Double.isFinite(y[i])) {
            return Double.NaN;
        }
        double sum = 0;
        int c = 0;
        for (int j = i - 1; j >= 0 && c < window; j--) {
            if (Double.isFinite(y[j])) {
                sum += y[j];
                c++;
            }
        }
        if (c < 2) {
            return Double.NaN;
        }
        double mean = sum / c;
        double ss = 0;
        c = 0;
        for (int j = i - 1; j >= 0 && c < window; j--) {
            if (Double.isFinite(y[j])) {
                ss += (y[j] - mean) * (y[j] - mean);
                c++;
            }
        }
        double std = Math.max(Math.sqrt(ss / (c - 1)), 1e-9 * Math.max(1, Math.abs(mean)));
        return Math.abs(y[i] - mean) / (z * std);
    }

    @Test
    void scores_randomSeriesWithGaps_matchNaiveDefinition() {
        Random rnd = new Random(7);
        double[] y = new double[2000];
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextInt(20) == 0 ? Double.NaN : 1000 + 50 * rnd.nextGaussian() + (i > 1500 ? 300 : 0);
        }
        double[] s = RollingZBaseline.scores(y, 64, 3.0);
        for (int i = 0; i < y.length; i++) {
            double e = naive(y, i, 64, 3.0);
            if (Double.isNaN(e)) {
                assertThat(s[i]).as("row %d", i).isNaN();
            } else {
                assertThat(s[i]).as("row %d", i).isCloseTo(e, within(1e-9 * Math.max(1, e)));
            }
        }
    }

    @Test
    void scores_constantHistory_zeroForSameValueAndLargeForOther() {
        double[] s = RollingZBaseline.scores(new double[] {5, 5, 5, 5, 6}, 3, 3.0);
        assertThat(s[3]).isZero();
        assertThat(s[4]).isGreaterThan(1e6).isFinite();
    }

    @Test
    void scores_badArguments_areRejected() {
        assertThatThrownBy(() -> RollingZBaseline.scores(new double[3], 1, 3)).hasMessageContaining("window");
        assertThatThrownBy(() -> RollingZBaseline.scores(new double[3], 5, 0)).hasMessageContaining("z must");
    }
}
