package dev.vigil.models.mad;

import dev.vigil.core.stats.RobustStats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.Fixtures;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.OnlineModel;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MadReferenceTest {

    private static Series series(double[] y) {
        long[] t = new long[y.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = 60_000L * i;
        }
        return Series.of(t, y);
    }

    /** The scale the band uses: the largest of the three normal-consistent estimates of sigma. */
    private static double sigma(double[] y, double med, double mad) {
        double sum = 0;
        double[] dev = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            dev[i] = Math.abs(y[i] - med);
            sum += dev[i];
        }
        // numpy's default (linear) percentile, as RobustStats.quantile
        double tail = dev.length == 0 ? Double.NaN : dev.length == 1 ? dev[0] : percentile(dev, RobustStats.TAIL_QUANTILE);
        return Math.max(Math.max(MadModels.MAD_TO_SIGMA * mad, MadModels.MEAN_AD_TO_SIGMA * sum / y.length),
                RobustStats.TAIL_TO_SIGMA * tail);
    }

    private static double percentile(double[] x, double q) {
        double[] s = x.clone();
        java.util.Arrays.sort(s);
        double h = (s.length - 1) * q;
        int lo = (int) Math.floor(h);
        return lo + 1 >= s.length ? s[lo] : s[lo] + (h - lo) * (s[lo + 1] - s[lo]);
    }

    @Test
    void mad_numpyFixture_yhatIsMedianAndBandIsThresholdTimesScale() throws IOException {
        Fixtures.Csv f = Fixtures.load("mad.csv");
        double med = f.trailer().get("median");
        double mad = f.trailer().get("mad");
        Prediction p = ModelRegistry.standard().create("model.mad.MADModel", Map.of("threshold", 3)).fit(series(f.column("y")))
                .infer(Series.of(new long[] {1}, new double[] {0}));
        double s = sigma(f.column("y"), med, mad);
        // The fixture holds outliers (to 34.8 around a median of 7.0): the mean absolute deviation's
        // estimate is the larger one here.
        assertThat(s).isGreaterThan(MadModels.MAD_TO_SIGMA * mad * 1.1);
        assertThat(p.yhat(0)).isCloseTo(med, within(1e-12));
        assertThat(p.yhatUpper(0) - med).isCloseTo(3 * s, within(1e-9));
        assertThat(med - p.yhatLower(0)).isCloseTo(3 * s, within(1e-9));
    }

    @Test
    void mad_normalData_bandIsThresholdTimesScaledMad() {
        // On normal data without outliers the MAD's estimate is the larger within sampling noise, so the
        // band is the classic median +- threshold * 1.4826 * MAD when it is.
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        double[] y = new double[2001];
        for (int i = 0; i < y.length; i++) {
            y[i] = 5 + 2 * r.nextGaussian();
        }
        Prediction p = ModelRegistry.standard().create("model.mad.MADModel", Map.of()).fit(series(y))
                .infer(Series.of(new long[] {1}, new double[] {0}));
        double med = dev.vigil.core.stats.RobustStats.median(y);
        double mad = dev.vigil.core.stats.RobustStats.mad(y);
        assertThat((p.yhatUpper(0) - p.yhat(0)) / 2.5).isCloseTo(sigma(y, med, mad), within(1e-9))
                .isCloseTo(2.0, within(0.15));
    }

    @Test
    void madOnline_numpyFixture_tdigestEstimatesCloseToExact() throws IOException {
        Fixtures.Csv f = Fixtures.load("mad.csv");
        double med = f.trailer().get("median");
        double mad = f.trailer().get("mad");
        OnlineModel m = (OnlineModel) ModelRegistry.standard().create("mad_online", Map.of()).fit(series(f.column("y")));
        Prediction p = m.infer(Series.of(new long[] {1}, new double[] {0}));
        // t-digest at compression 100 over 500 points: a few hundredths of a MAD.
        assertThat(p.yhat(0)).isCloseTo(med, within(0.05 * mad));
        double s = sigma(f.column("y"), med, mad);
        // The scale is the tail floor here, the 99.5th percentile of 500 deviations: it lies between the
        // third and the second largest, where the digest interpolates otherwise than numpy (within 10 %).
        assertThat((p.yhatUpper(0) - p.yhat(0)) / 2.5).isCloseTo(s, within(0.1 * s));
    }
}
