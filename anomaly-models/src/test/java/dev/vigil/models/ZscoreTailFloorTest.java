package dev.vigil.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tail floor of the z-score band (the class comment of {@code ZscoreModels}): normal data keep the band
 * {@code mean ± z · std}; heavy-tailed routine deviations stay inside the band except for about 0.5 % of them;
 * the online model keeps its fit window's tail between fits while its moments learn. Default arguments,
 * seeded data.
 */
class ZscoreTailFloorTest {

    private static final int N = 5000;

    private static Series series(double[] y, int offset) {
        long[] t = new long[y.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = 60_000L * (offset + i);
        }
        return Series.of(t, y);
    }

    private static double[] normal(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 50 + 3 * r.nextGaussian();
        }
        return y;
    }

    /** Mostly small noise around 100 with a routine 3 % of bursts of 5 to 15: heavier-tailed than normal. */
    private static double[] bursty(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 100 + r.nextGaussian() + (r.nextDouble() < 0.03 ? 5 + 10 * r.nextDouble() : 0);
        }
        return y;
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
    @ValueSource(strings = {"model.zscore.ZscoreModel", "zscore_online"})
    void infer_normalNoise_bandIsMeanPlusMinusZStd(String alias) {
        double[] y = normal(1, N);
        Prediction p = ModelRegistry.standard().create(alias, Map.of()).fit(series(y, 0))
                .infer(series(new double[] {50}, N));
        // The tail estimate agrees with the standard deviation within sampling noise (2 % at 5000 points).
        assertThat((p.yhatUpper(0) - p.yhat(0)) / 2.5).isCloseTo(std(y), within(0.05 * std(y)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.zscore.ZscoreModel", "zscore_online"})
    void infer_burstyRoutineNoise_fewRoutinePointsAboveOne(String alias) {
        double[] fit = bursty(2, N);
        double[] next = bursty(3, N);
        FittedModel m = ModelRegistry.standard().create(alias, Map.of()).fit(series(fit, 0));
        Prediction p = m.infer(series(next, N));
        int aboveBand = 0;
        int aboveStdBand = 0;
        double stdHalf = 2.5 * std(fit);
        for (int i = 0; i < N; i++) {
            aboveBand += p.anomalyScore(i) > 1 ? 1 : 0;
            aboveStdBand += Math.abs(next[i] - p.yhat(i)) > stdHalf ? 1 : 0;
        }
        // mean +- 2.5 std leaves most bursts outside (about 2 % of the points); the floor keeps all but about 0.5 %.
        assertThat(aboveStdBand / (double) N).isGreaterThan(0.015);
        assertThat(aboveBand / (double) N).isBetween(0.001, 0.01);
        // A burst far beyond the routine ones still scores above 1.
        assertThat(m.infer(series(new double[] {160}, 2 * N)).anomalyScore(0)).isGreaterThan(2.0);
    }

    @org.junit.jupiter.api.Test
    void inferAndUpdate_onlineAfterCalmUpdates_keepsFitWindowTail() {
        double[] fit = bursty(4, N);
        OnlineModel m = (OnlineModel) ModelRegistry.standard().create("zscore_online", Map.of("decay", 0.99))
                .fit(series(fit, 0));
        double[] calm = new double[2000];
        java.util.Arrays.fill(calm, 100.0);
        m.update(series(calm, N));
        Prediction p = m.infer(series(new double[] {100}, N + 2000));
        // The decayed moments have forgotten the bursts (std near 0); the band is the fit window's tail floor.
        double[] buf = fit.clone();
        double mean = java.util.Arrays.stream(fit).average().orElseThrow();
        double tail = dev.vigil.core.stats.RobustStats.tailSigmaInPlace(buf, buf.length, mean);
        assertThat(p.yhatUpper(0) - p.yhat(0)).isCloseTo(2.5 * tail, within(1e-9 * tail));
    }
}
