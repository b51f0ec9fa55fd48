package dev.vigil.models.holtwinters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * Fits reuse per-thread work arrays ({@link Workspace}); a fit must not see anything of the previous
 * fits on its thread: the same series gives bit-for-bit the same model whatever was fitted before, and
 * the same as on a fresh thread.
 */
class WorkspaceReuseTest {

    static final long T0 = 1_704_067_200_000L;
    static final long HOUR = 3_600_000L;

    static Series series(int n, long seed, double level) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * HOUR;
            y[i] = level + 0.01 * i + 3 * Math.sin(2 * Math.PI * i / 24) + 0.3 * r.nextGaussian();
        }
        return Series.of(t, y);
    }

    static double[] yhat(FittedModel f, Series s) {
        Prediction p = f.infer(s);
        double[] out = new double[s.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.yhat(i);
        }
        return out;
    }

    @Test
    void fit_afterLongerAndOtherFormFits_sameModelAsOnFreshThread() throws Exception {
        ModelSpec addSeason = ModelRegistry.standard().create("holtwinters", Map.of("args", Map.of("seasonal_periods", 24)));
        ModelSpec mulTrend = ModelRegistry.standard().create("holtwinters",
                Map.of("args", Map.of("seasonal_periods", 12, "trend", "add", "damped_trend", true, "seasonal", "mul")));
        Series small = series(300, 1, 50);
        Series large = series(1500, 2, 80);
        Series horizon = series(400, 1, 50);

        ExecutorService fresh = Executors.newSingleThreadExecutor();
        FittedModel reference;
        double[] referenceYhat;
        try {
            reference = fresh.submit(() -> addSeason.fit(small)).get();
            referenceYhat = fresh.submit(() -> yhat(addSeason.fit(small), horizon)).get();
        } finally {
            fresh.shutdown();
        }

        mulTrend.fit(large);
        addSeason.fit(large);
        FittedModel again = addSeason.fit(small);
        mulTrend.fit(small);
        FittedModel third = addSeason.fit(small);

        assertThat(again.describe()).isEqualTo(reference.describe());
        assertThat(third.describe()).isEqualTo(reference.describe());
        assertThat(yhat(again, horizon)).containsExactly(referenceYhat);
        assertThat(yhat(third, horizon)).containsExactly(referenceYhat);
    }
}
