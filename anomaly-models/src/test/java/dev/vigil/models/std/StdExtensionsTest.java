package dev.vigil.models.std;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Vigil's extensions of {@code std}: {@code period: auto} and {@code decomposition: stl}. */
class StdExtensionsTest {

    static final long T0 = 1_704_067_200_000L;
    static final long STEP = 600_000L;

    static ModelSpec spec(Map<String, ?> args) {
        return ModelRegistry.standard().create("std", args);
    }

    /** 10-minute data with a daily season of 144 points. */
    static Series daily(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * STEP;
            y[i] = 40 + 8 * Math.sin(2 * Math.PI * i / 144) + r.nextGaussian();
        }
        return Series.of(t, y);
    }

    @Test
    void fit_periodAuto_detectsDailySeasonAndDescribesIt() {
        StdSpec.Model m = (StdSpec.Model) spec(Map.of("period", "auto")).fit(daily(144 * 5, 1));
        assertThat(m.describe()).contains("period=144 (auto)");
    }

    @Test
    void fit_periodAutoOnNoise_insufficientDataNamingTheRemedy() {
        SplittableRandom r = new SplittableRandom(2);
        long[] t = new long[500];
        double[] y = new double[500];
        for (int i = 0; i < 500; i++) {
            t[i] = T0 + i * STEP;
            y[i] = r.nextGaussian();
        }
        assertThatThrownBy(() -> spec(Map.of("period", "auto")).fit(Series.of(t, y)))
                .isInstanceOf(InsufficientDataException.class).hasMessageContaining("'std'")
                .hasMessageContaining("no significant season");
    }

    @Test
    void fit_periodAutoSameSeriesAsExplicit_identicalPredictions() {
        Series s = daily(144 * 6, 3);
        Series fit = s.slice(0, 144 * 4);
        Series rest = s.slice(144 * 4, s.size());
        Prediction a = spec(Map.of("period", "auto")).fit(fit).infer(rest);
        Prediction b = spec(Map.of("period", 144)).fit(fit).infer(rest);
        assertThat(a.column("yhat")).isEqualTo(b.column("yhat"));
        assertThat(a.column("anomaly_score")).isEqualTo(b.column("anomaly_score"));
    }

    @Test
    void fit_stlRobustWithOutliersInFitWindow_profileCloserToTruthThanClassical() {
        Series s = daily(144 * 6, 4);
        double[] y = s.values();
        SplittableRandom r = new SplittableRandom(5);
        for (int k = 0; k < 12; k++) {
            y[r.nextInt(144 * 4)] += 40;
        }
        Series dirty = Series.of(s.timestamps(), y);
        Series fit = dirty.slice(0, 144 * 4);
        Series next = dirty.slice(144 * 4, 144 * 5);
        FittedModel classical = spec(Map.of("period", 144)).fit(fit);
        FittedModel stl = spec(Map.of("period", 144, "decomposition", "stl", "robust", true)).fit(fit);
        assertThat(stl.describe()).contains("decomposition=stl robust");
        double errClassical = rmsToTruth(classical.infer(next));
        double errStl = rmsToTruth(stl.infer(next));
        // Outliers of the fit window bend the classical per-phase means; robust STL leaves them in
        // the remainder.
        assertThat(errStl).as("classical %s", errClassical).isLessThan(errClassical).isLessThan(1.5);
    }

    private static double rmsToTruth(Prediction p) {
        double sq = 0;
        for (int i = 0; i < p.size(); i++) {
            double truth = 40 + 8 * Math.sin(2 * Math.PI * (144 * 4 + i) / 144);
            sq += (p.yhat(i) - truth) * (p.yhat(i) - truth);
        }
        return Math.sqrt(sq / p.size());
    }

    @Test
    void create_robustWithoutStl_namesBothArguments() {
        assertThatThrownBy(() -> spec(Map.of("period", 24, "robust", true)))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("robust")
                .hasMessageContaining("decomposition: stl");
        assertThatThrownBy(() -> spec(Map.of("period", 24, "decomposition", "loess")))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("decomposition")
                .hasMessageContaining("loess");
    }
}
