package dev.vigil.models.mad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.OnlineModel;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MadOnlineTest {

    private static long[] times(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 60_000L * i;
        }
        return t;
    }

    @Test
    void inferAndUpdate_constantSeries_smallDeterministicIntervalAndDeviationAboveOne() {
        double[] y = new double[100];
        Arrays.fill(y, 200.0);
        OnlineModel m = (OnlineModel) ModelRegistry.standard().create("mad_online", Map.of()).fit(Series.of(times(100), y));
        Prediction p = m.inferAndUpdate(Series.of(new long[] {6_000_000L, 6_060_000L}, new double[] {200.0, 200.01}));
        double half = 2.5 * MadModels.MIN_RELATIVE_SPREAD * 200;
        assertThat(p.yhatUpper(0) - p.yhat(0)).isCloseTo(half, within(1e-12));
        assertThat(p.anomalyScore(0)).isZero();
        assertThat(p.anomalyScore(1)).isCloseTo(0.01 / half, within(1e-6 * 0.01 / half));
    }

    @Test
    void inferAndUpdate_levelShiftWithDecay_adaptsFasterThanWithout() {
        SplittableRandom r = new SplittableRandom(1);
        int n = 3000;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = (i >= 2000 ? 10 : 0) + r.nextGaussian();
        }
        Series s = Series.of(times(n), y);
        OnlineModel slow = (OnlineModel) ModelRegistry.standard().create("mad_online", Map.of()).fit(s.slice(0, 1000));
        OnlineModel fast = (OnlineModel) ModelRegistry.standard().create("mad_online", Map.of("decay", 0.99))
                .fit(s.slice(0, 1000));
        Prediction ps = slow.inferAndUpdate(s.slice(1000, n));
        Prediction pf = fast.inferAndUpdate(s.slice(1000, n));
        assertThat(pf.yhat(n - 1001)).isCloseTo(10, within(0.5));
        assertThat(ps.yhat(n - 1001)).isLessThan(5);
    }

    @Test
    void fit_historyStrength_weighsFittedHistory() {
        double[] y = new double[400];
        for (int i = 0; i < 400; i++) {
            y[i] = i < 200 ? 0 : 10;
        }
        Series s = Series.of(times(400), y);
        OnlineModel strong = (OnlineModel) ModelRegistry.standard().create("mad_online", Map.of("history_strength", 3))
                .fit(s.slice(0, 200));
        strong.update(s.slice(200, 400));
        assertThat(strong.infer(Series.of(new long[] {1L << 40}, new double[] {0})).yhat(0)).isEqualTo(0.0);
    }

    /**
     * 60 % zeros and 40 % tens: the MAD is 0, the mean absolute deviation from the median 0 is 4 (5.01 as sigma,
     * more than the tail floor's 10 / 2.807 = 3.56).
     */
    private static Series mostlyZeros(int n) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 5 >= 3 ? 10 : 0;
        }
        return Series.of(times(n), y);
    }

    @Test
    void fit_offlineZeroMad_bandFromMeanAbsoluteDeviation() {
        Prediction p = ModelRegistry.standard().create("model.mad.MADModel", Map.of()).fit(mostlyZeros(500))
                .infer(Series.of(new long[] {1L << 40}, new double[] {10}));
        double half = 2.5 * MadModels.MEAN_AD_TO_SIGMA * 4.0;
        assertThat(p.yhat(0)).isEqualTo(0.0);
        assertThat(p.yhatUpper(0)).isCloseTo(half, within(1e-12));
        assertThat(p.yhatLower(0)).isCloseTo(-half, within(1e-12));
        assertThat(p.anomalyScore(0)).isCloseTo(10 / half, within(1e-9));
    }

    @Test
    void inferAndUpdate_onlineZeroMad_bandFromMeanAbsoluteDeviation() {
        OnlineModel m = (OnlineModel) ModelRegistry.standard().create("mad_online", Map.of()).fit(mostlyZeros(500));
        Prediction p = m.inferAndUpdate(Series.of(new long[] {1L << 40}, new double[] {10}));
        double half = 2.5 * MadModels.MEAN_AD_TO_SIGMA * 4.0;
        // The t-digest median of 300 zeros and 200 tens is 0 (it lies inside the zeros' centroids).
        assertThat(p.yhat(0)).isCloseTo(0.0, within(1e-9));
        assertThat(p.yhatUpper(0) - p.yhat(0)).isCloseTo(half, within(1e-9));
        assertThat(p.anomalyScore(0)).isCloseTo(10 / half, within(1e-6));
    }

    @Test
    void inferAndUpdate_zeroMadWithDecay_meanAbsoluteDeviationForgetsOldSpikes() {
        // Spikes only in the fit window, then a long flat run: with decay the fallback scale shrinks.
        OnlineModel m = (OnlineModel) ModelRegistry.standard().create("mad_online", Map.of("decay", 0.99))
                .fit(mostlyZeros(500));
        double[] flat = new double[2000];
        long[] t = new long[flat.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = (1L << 40) + 60_000L * i;
        }
        m.update(Series.of(t, flat));
        Prediction p = m.infer(Series.of(new long[] {1L << 41}, new double[] {0}));
        // 0.99^2000 of the old spikes' weight is left: the band is down to the constant-series floor.
        assertThat(p.yhatUpper(0) - p.yhat(0)).isLessThan(1e-3);
    }

    @Test
    void fitAndInferAndUpdate_betweenBatches_digestsAreCompact() {
        double[] y = new double[3000];
        SplittableRandom r = new SplittableRandom(17);
        for (int i = 0; i < y.length; i++) {
            y[i] = 10 + r.nextGaussian();
        }
        Series s = Series.of(times(y.length), y);
        MadSpec.Online m = (MadSpec.Online) ModelRegistry.standard().create("mad_online", Map.of()).fit(s.slice(0, 1500));
        assertThat(m.digestsCompact()).as("after the fit").isTrue();
        m.inferAndUpdate(s.slice(1500, 1501));
        assertThat(m.digestsCompact()).as("after a batch of one").isTrue();
        m.update(s.slice(1501, 3000));
        assertThat(m.digestsCompact()).as("after an update").isTrue();
    }
}
