package dev.vigil.models.holtwinters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HoltWintersSpecTest {

    static final long T0 = 1_704_067_200_000L;
    static final long HOUR = 3_600_000L;

    static ModelSpec spec(Map<String, ?> args) {
        return ModelRegistry.standard().create("holtwinters", args);
    }

    static Series daily(int n, long seed, double level) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * HOUR;
            y[i] = level + 3 * Math.sin(2 * Math.PI * i / 24) + 0.3 * r.nextGaussian();
        }
        return Series.of(t, y);
    }

    @Test
    void create_seasonalWithoutPeriod_detectsTheSeasonAsAuto() {
        // vmanomaly requires a season for the default seasonal form; Vigil detects it
        // (HoltWintersModels.DEFAULT_SEASONALITY), and says so in the resolved arguments.
        assertThat(spec(Map.of()).resolvedArgs()).containsEntry("seasonality", "auto");
        assertThat(spec(Map.of("args", Map.of("seasonal", "none"))).resolvedArgs()).doesNotContainKey("seasonality");
        assertThat(spec(Map.of("seasonality", "1d")).resolvedArgs()).containsEntry("seasonality", "1d");
    }

    @Test
    void create_unknownNestedArg_namesItWithArgsPrefix() {
        assertThatThrownBy(() -> spec(Map.of("seasonality", "1d", "args", Map.of("trnd", "add"))))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("args.trnd").hasMessageContaining("did you mean 'args.trend'");
    }

    @Test
    void create_badComponentOrDampedWithoutTrend_clearError() {
        assertThatThrownBy(() -> spec(Map.of("seasonality", "1d", "args", Map.of("trend", "linear"))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("args.trend").hasMessageContaining("linear");
        assertThatThrownBy(() -> spec(Map.of("seasonality", "1d", "args", Map.of("damped_trend", true))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("args.damped_trend");
        assertThatThrownBy(() -> spec(Map.of("seasonality", "90m", "frequency", "1h")))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("whole multiple");
    }

    @Test
    void fit_multiplicativeOnNonPositiveData_clearErrorNamingTheValue() {
        Series s = daily(24 * 5, 1, 0.0);
        ModelSpec spec = spec(Map.of("seasonality", "1d", "args", Map.of("seasonal", "mul")));
        assertThatThrownBy(() -> spec.fit(s))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("strictly positive").hasMessageContaining("additive");
    }

    @Test
    void fit_irregularSamplingWithGaps_sameForecastAsRegularGridWithinNoise() {
        Series regular = daily(24 * 10, 2, 50.0);
        // Drop every 7th point: the grid (median interval 1h) is rebuilt by interpolation.
        int keep = 0;
        long[] t = new long[regular.size()];
        double[] y = new double[regular.size()];
        for (int i = 0; i < regular.size(); i++) {
            if (i % 7 != 3 || i == regular.size() - 1) {
                t[keep] = regular.timestamp(i);
                y[keep++] = regular.value(i);
            }
        }
        Series holed = Series.of(java.util.Arrays.copyOf(t, keep), java.util.Arrays.copyOf(y, keep));
        ModelSpec spec = spec(Map.of("seasonality", "1d"));
        long[] future = new long[48];
        for (int i = 0; i < 48; i++) {
            future[i] = regular.lastTimestamp() + (i + 1) * HOUR;
        }
        Series f = Series.of(future, new double[48]);
        Prediction a = spec.fit(regular).infer(f);
        Prediction b = spec.fit(holed).infer(f);
        for (int i = 0; i < 48; i++) {
            assertThat(b.yhat(i)).as("h=%d", i + 1).isCloseTo(a.yhat(i), within(0.5));
            double truth = 50 + 3 * Math.sin(2 * Math.PI * (24 * 10 + i) / 24);
            assertThat(a.yhat(i)).isCloseTo(truth, within(0.5));
        }
    }

    @Test
    void fit_seasonalityAuto_detectsDailyPeriodAndReportsIt() {
        Series s = daily(24 * 14, 3, 20.0);
        HoltWintersSpec.Fitted m = (HoltWintersSpec.Fitted) spec(Map.of("seasonality", "auto")).fit(s);
        assertThat(m.seasonalPeriods()).isEqualTo(24);
        assertThat(m.describe()).contains("seasonal_periods=24 (auto)");
    }

    @Test
    void fit_seasonalityAutoOnNoise_fitsWithoutSeasonAndSaysSo() {
        SplittableRandom r = new SplittableRandom(4);
        long[] t = new long[400];
        double[] y = new double[400];
        for (int i = 0; i < 400; i++) {
            t[i] = T0 + i * HOUR;
            y[i] = 5 + r.nextGaussian();
        }
        HoltWintersSpec.Fitted m = (HoltWintersSpec.Fitted) spec(Map.of("args", Map.of("seasonal_periods", "auto")))
                .fit(Series.of(t, y));
        assertThat(m.seasonalPeriods()).isZero();
        assertThat(m.describe()).contains("no season detected");
    }

    @Test
    void infer_beforeFitWindow_nanPredictionAndScore() {
        Series s = daily(24 * 4, 5, 10.0);
        Prediction p = spec(Map.of("seasonality", "1d")).fit(s).infer(Series.of(new long[] {T0 - 5 * HOUR},
                new double[] {10.0}));
        assertThat(p.yhat(0)).isNaN();
        assertThat(p.anomalyScore(0)).isNaN();
    }

    @Test
    void fit_fixedSmoothingAndKnownStart_keepsFixedValuesAndEstimatesTheRest() {
        Series s = daily(24 * 6, 6, 30.0);
        double[] season = new double[24];
        for (int j = 0; j < 24; j++) {
            season[j] = 3 * Math.sin(2 * Math.PI * j / 24);
        }
        Map<String, Object> inner = Map.of("smoothing_level", 0.3, "smoothing_seasonal", 0.1,
                "initialization_method", "known", "initial_level", 30.0,
                "initial_seasonal", java.util.Arrays.stream(season).boxed().toList());
        HoltWintersSpec.Fitted m = (HoltWintersSpec.Fitted) spec(Map.of("seasonality", "1d", "args", inner)).fit(s);
        assertThat(m.esFit().alpha()).isEqualTo(0.3);
        assertThat(m.esFit().gamma()).isCloseTo(0.1, within(1e-15));
        assertThat(m.describe()).contains("alpha=0.3000").contains("gamma=0.1000");
        assertThatThrownBy(() -> spec(Map.of("seasonality", "1d", "args", Map.of("initialization_method", "known"))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("args.initial_level");
    }

    @Test
    void fittedHoltWinters_accessors_giveTheEstimatesDescribePrints() {
        Series s = daily(24 * 10, 9, 40.0);
        FittedHoltWinters m = (FittedHoltWinters) HoltWintersModels.builder().seasonalPeriods(24)
                .trend(HoltWintersModels.Component.ADD).dampedTrend(true).build().fit(s);
        String d = m.describe();
        assertThat(d).contains(String.format(Locale.ROOT, "alpha=%.4g", m.alpha()))
                .contains(String.format(Locale.ROOT, "beta=%.4g", m.beta()))
                .contains(String.format(Locale.ROOT, "gamma=%.4g", m.gamma()))
                .contains(String.format(Locale.ROOT, "phi=%.4g", m.phi()))
                .contains(String.format(Locale.ROOT, "sse=%.6g", m.sse()))
                .contains(String.format(Locale.ROOT, "resid_std=%.6g", m.residStd()))
                .contains("step=" + m.stepMillis() + " ms").contains("n=" + m.gridSize())
                .contains("evaluations=" + m.evaluations());
        assertThat(m.seasonalPeriods()).isEqualTo(24);
        assertThat(m.boxCoxLambda()).isNaN();
        FittedHoltWinters plain = (FittedHoltWinters) HoltWintersModels.builder().seasonalPeriods(24).build().fit(s);
        assertThat(plain.beta()).isNaN();
        assertThat(plain.phi()).isEqualTo(1.0);
        assertThat(plain.gamma()).isBetween(0.0, 1.0);
    }

    @Test
    void fit_explicitFrequencyOnFiveMinuteData_seasonFromSeasonalityOverFrequency() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 12 * 24 * 3;
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * 300_000L;
            y[i] = 5 + Math.sin(2 * Math.PI * i / 288) + 0.1 * r.nextGaussian();
        }
        HoltWintersSpec.Fitted m = (HoltWintersSpec.Fitted) spec(Map.of("frequency", "5min", "seasonality", "1D"))
                .fit(Series.of(t, y));
        assertThat(m.seasonalPeriods()).isEqualTo(288);
        assertThat(m.describe()).contains("step=300000 ms");
    }

    @Test
    void fit_multiplicativeTrendAndSeason_forecastTracksGrowingAmplitude() {
        SplittableRandom r = new SplittableRandom(8);
        int n = 24 * 12;
        long[] t = new long[n + 24];
        double[] y = new double[n + 24];
        for (int i = 0; i < n + 24; i++) {
            t[i] = T0 + i * HOUR;
            y[i] = 50 * Math.pow(1.002, i) * (1 + 0.2 * Math.sin(2 * Math.PI * i / 24)) * (1 + 0.01 * r.nextGaussian());
        }
        Series all = Series.of(t, y);
        ModelSpec spec = spec(Map.of("seasonality", "1d", "args", Map.of("trend", "mul", "seasonal", "mul",
                "damped_trend", true)));
        Prediction p = spec.fit(all.slice(0, n)).infer(all.slice(n, n + 24));
        for (int i = 0; i < 24; i++) {
            double truth = 50 * Math.pow(1.002, n + i) * (1 + 0.2 * Math.sin(2 * Math.PI * (n + i) / 24));
            assertThat(p.yhat(i)).as("h=%d", i + 1).isCloseTo(truth, within(0.04 * truth));
        }
    }
}
