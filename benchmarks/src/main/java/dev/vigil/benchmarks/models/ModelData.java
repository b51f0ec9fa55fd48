package dev.vigil.benchmarks.models;

import dev.vigil.core.series.Series;
import java.util.Map;
import java.util.SplittableRandom;

/** Shared inputs: a seeded noisy daily-seasonal series at 1-minute steps, and per-model arguments. */
final class ModelData {

    private ModelData() {
    }

    /** Arguments that make every model meaningful on {@link #series}. */
    static Map<String, Object> args(String alias) {
        switch (alias) {
            case "quantile_online": return Map.of("seasonal_interval", "1d", "min_subseason", "1h");
            case "rolling_quantile": return Map.of("quantile", 0.99, "window_steps", 240);
            case "std": return Map.of("period", 1440);
            case "holtwinters": return Map.of("seasonality", "1d");
            case "prophet": return Map.of("args", Map.of("uncertainty_samples", 1000));
            default: return Map.of();
        }
    }

    /** {@code 10 + 3 sin(2π i / 1440) + N(0, 0.25)} at 1-minute steps, seed 42. */
    static Series series(int n) {
        SplittableRandom r = new SplittableRandom(42);
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_704_067_200_000L + 60_000L * i;
            y[i] = 10 + 3 * Math.sin(2 * Math.PI * i / 1440) + 0.5 * r.nextGaussian();
        }
        return Series.of(t, y);
    }
}
