package dev.vigil.models.mad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.core.stats.RobustStats;
import dev.vigil.models.FittedModel;
import dev.vigil.models.OnlineModel;
import dev.vigil.models.registry.ModelRegistry;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tail floor of the MAD scale ({@link RobustStats#TAIL_QUANTILE}): routine heavy-tailed deviations stay
 * inside the band, normal data keep the classic MAD band, and outliers in less than 0.5 % of the fit window
 * do not set it. Both the offline MAD and {@code mad_online}, with their default arguments; seeded data.
 */
class MadTailFloorTest {

    private static final int N = 5000;

    private static Series series(double[] y) {
        long[] t = new long[y.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = 60_000L * i;
        }
        return Series.of(t, y);
    }

    /** A latency-like series: a base of 100 plus exponential noise cubed (most points near 100, a long right tail). */
    private static double[] heavyTailed(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double e = -Math.log(1 - r.nextDouble());
            y[i] = 100 + e * e * e;
        }
        return y;
    }

    private static double shareAboveOne(Prediction p) {
        int above = 0;
        for (int i = 0; i < p.size(); i++) {
            if (p.anomalyScore(i) > 1) {
                above++;
            }
        }
        return above / (double) p.size();
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.mad.MADModel", "mad_online"})
    void infer_heavyTailedRoutineNoise_aboutOnePercentAboveOne(String alias) {
        double[] fit = heavyTailed(1, N);
        double[] next = heavyTailed(2, N);
        FittedModel m = ModelRegistry.standard().create(alias, Map.of()).fit(series(fit));
        Prediction p = m.infer(series(next));
        // Without the floors the band is 2.5 * 1.4826 * MAD; the MAD ignores the tail, and more than 5 % of
        // the points fall outside that band. With the tail floor, under 1 % (2.5 / 2.807 of the 99.5th percentile).
        double madHalf = 2.5 * MadModels.MAD_TO_SIGMA * RobustStats.mad(fit);
        int outsideMadBand = 0;
        for (int i = 0; i < N; i++) {
            outsideMadBand += Math.abs(next[i] - p.yhat(i)) > madHalf ? 1 : 0;
        }
        assertThat(outsideMadBand / (double) N).isGreaterThan(0.05);
        assertThat(p.yhatUpper(0) - p.yhat(0)).isGreaterThan(2 * madHalf);
        assertThat(shareAboveOne(p)).isBetween(0.003, 0.012);
        // A value far beyond the fit window's tail still scores far above 1.
        double max = java.util.Arrays.stream(fit).max().orElseThrow();
        assertThat(m.infer(series(new double[] {3 * max})).anomalyScore(0)).isGreaterThan(2.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.mad.MADModel", "mad_online"})
    void infer_normalNoise_bandStaysTheMadBand(String alias) {
        SplittableRandom r = new SplittableRandom(5);
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = 50 + 3 * r.nextGaussian();
        }
        Prediction p = ModelRegistry.standard().create(alias, Map.of()).fit(series(y)).infer(series(new double[] {50}));
        // All three estimates agree on normal data: the band is 2.5 sigma, sigma = 3, within sampling noise
        // (the 99.5th percentile of 5000 points has a standard error of 2 %, and the largest of three noisy
        // estimates is biased upwards).
        assertThat((p.yhatUpper(0) - p.yhat(0)) / 2.5).isCloseTo(3.0, within(0.25));
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.mad.MADModel", "mad_online"})
    void fit_quarterPercentFarOutliers_tailFloorInactive(String alias) {
        SplittableRandom r = new SplittableRandom(9);
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = 50 + 3 * r.nextGaussian();
        }
        for (int i = 0; i < N; i += 400) {
            y[i] = 500; // 0.25 % of the fit window: an incident, not the routine tail
        }
        Prediction p = ModelRegistry.standard().create(alias, Map.of()).fit(series(y)).infer(series(new double[] {50}));
        // The band is what the MAD and the mean absolute deviation give (the latter grows linearly with the
        // outliers): the tail floor, set by the 99.5th percentile, does not see them.
        double med = RobustStats.median(y);
        double meanAd = RobustStats.meanAbsoluteDeviation(y, med);
        double expected = 2.5 * Math.max(MadModels.MAD_TO_SIGMA * RobustStats.mad(y), MadModels.MEAN_AD_TO_SIGMA * meanAd);
        assertThat(p.yhatUpper(0) - p.yhat(0)).isCloseTo(expected, within(0.03 * expected));
        assertThat(p.anomalyScore(0)).isLessThan(0.1);
        assertThat(ModelRegistry.standard().create(alias, Map.of()).fit(series(y)).infer(series(new double[] {500}))
                .anomalyScore(0)).isGreaterThan(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.mad.MADModel", "mad_online"})
    void fit_twoPercentFarOutliers_tailFloorCoversThem(String alias) {
        // The other side of the trade: outliers in more than 0.5 % of the fit window are its routine tail.
        SplittableRandom r = new SplittableRandom(9);
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % 50 == 0 ? 80 : 50 + 3 * r.nextGaussian();
        }
        Prediction p = ModelRegistry.standard().create(alias, Map.of()).fit(series(y)).infer(series(new double[] {80}));
        assertThat(p.anomalyScore(0)).isCloseTo(2.807 / 2.5, within(0.03));
    }

    @ParameterizedTest
    @ValueSource(strings = {"mad_online"})
    void inferAndUpdate_tailWithDecay_forgetsOldTail(String alias) {
        OnlineModel m = (OnlineModel) ModelRegistry.standard().create(alias, Map.of("decay", 0.999))
                .fit(series(heavyTailed(3, N)));
        double before = m.infer(series(new double[] {100})).yhatUpper(0);
        SplittableRandom r = new SplittableRandom(4);
        double[] calm = new double[20_000];
        long[] t = new long[calm.length];
        for (int i = 0; i < calm.length; i++) {
            calm[i] = 101 + 0.1 * r.nextGaussian();
            t[i] = 60_000L * (N + i);
        }
        m.update(Series.of(t, calm));
        double after = m.infer(series(new double[] {100})).yhatUpper(0);
        assertThat(after - 101).isLessThan(0.1 * (before - 100));
    }
}
