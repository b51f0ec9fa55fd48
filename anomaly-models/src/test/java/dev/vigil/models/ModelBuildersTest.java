package dev.vigil.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.score.DetectionDirection;
import dev.vigil.models.holtwinters.HoltWintersModels;
import dev.vigil.models.holtwinters.HoltWintersModels.Component;
import dev.vigil.models.holtwinters.HoltWintersModels.Initialization;
import dev.vigil.models.mad.MadModels;
import dev.vigil.models.prophet.ProphetModels;
import dev.vigil.models.quantile.QuantileModels;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.rollingquantile.RollingQuantileModels;
import dev.vigil.models.std.StdModels;
import dev.vigil.models.zscore.ZscoreModels;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The typed builders beside the map adapter: a builder fills the map the registry takes and goes
 * through the same factory, so it gives the same spec and, for an invalid value, the same error.
 */
class ModelBuildersTest {

    /** The builder's map is {@code args}, and its spec equals the registry's spec for {@code alias} and {@code args}. */
    static void assertSameAsMap(ModelBuilder<?> builder, String alias, Map<String, Object> args) {
        assertThat(builder.args()).isEqualTo(args);
        ModelSpec built = builder.build();
        ModelSpec mapped = ModelRegistry.standard().create(alias, args);
        assertThat(built.alias()).isEqualTo(alias);
        assertThat(built.resolvedArgs()).isEqualTo(mapped.resolvedArgs());
        assertThat(built.isOnline()).isEqualTo(mapped.isOnline());
        assertThat(built.availableOutputs()).isEqualTo(mapped.availableOutputs());
        assertThat(built.provideSeries()).isEqualTo(mapped.provideSeries());
        assertThat(built.scoreSpec()).isEqualTo(mapped.scoreSpec());
    }

    /** {@code builder.build()} fails with the message the registry gives for {@code alias} and {@code args}. */
    static void assertSameError(ModelBuilder<?> builder, String alias, Map<String, Object> args) {
        String expected = null;
        try {
            ModelRegistry.standard().create(alias, args);
        } catch (ModelConfigException e) {
            expected = e.getMessage();
        }
        assertThat(expected).as("the map form fails").isNotNull();
        assertThatThrownBy(builder::build).isInstanceOf(ModelConfigException.class).hasMessage(expected);
    }

    @Test
    void zscore_offlineAndOnline_sameSpecAndErrorsAsTheMap() {
        assertSameAsMap(ZscoreModels.builder().online(false).zThreshold(3), ZscoreModels.OFFLINE,
                Map.of("z_threshold", 3.0));
        // the default is the online model, as the alias 'zscore' means since vmanomaly v1.28.4
        assertSameAsMap(ZscoreModels.builder().zThreshold(3), "zscore_online", Map.of("z_threshold", 3.0));
        assertSameAsMap(ZscoreModels.builder().zThreshold(3).decay(0.99).minNSamplesSeen(5).decay(0.99).minNSamplesSeen(5)
                        .historyStrength(2).detectionDirection(DetectionDirection.ABOVE_EXPECTED).scale(1.5, 0.5),
                "zscore_online", Map.of("z_threshold", 3.0, "decay", 0.99, "min_n_samples_seen", 5,
                        "history_strength", 2.0, "detection_direction", "above_expected", "scale", List.of(1.5, 0.5)));
        assertSameError(ZscoreModels.builder().online(false).zThreshold(-1), ZscoreModels.OFFLINE,
                Map.of("z_threshold", -1.0));
        // online arguments on the offline model: unknown, as in the map form
        assertSameError(ZscoreModels.builder().online(false).decay(0.5), ZscoreModels.OFFLINE, Map.of("decay", 0.5));
    }

    @Test
    void mad_offlineAndOnline_sameSpecAndErrorsAsTheMap() {
        assertSameAsMap(MadModels.builder().online(false).threshold(3).minDevFromExpected(1, 2), MadModels.OFFLINE,
                Map.of("threshold", 3.0, "min_dev_from_expected", List.of(1.0, 2.0)));
        // the default is the online model, as the alias 'mad' means since vmanomaly v1.28.4
        assertSameAsMap(MadModels.builder().threshold(3), "mad_online", Map.of("threshold", 3.0));
        assertSameAsMap(MadModels.builder().compression(50).minNSamplesSeen(0), "mad_online",
                Map.of("compression", 50.0, "min_n_samples_seen", 0));
        assertSameError(MadModels.builder().online(true).compression(5), "mad_online", Map.of("compression", 5.0));
    }

    @Test
    void quantile_sameSpecAndErrorsAsTheMap() {
        assertSameAsMap(QuantileModels.builder().quantiles(0.05, 0.5, 0.95).iqrThreshold(1)
                        .seasonalInterval(Duration.ofDays(7)).minSubseason(Duration.ofHours(1)).useTransform(true)
                        .globalSmoothing(0.1).seasonStartsFrom(Instant.parse("2024-01-01T00:00:00Z")).compression(80)
                        .decay(0.999),
                "quantile_online", Map.of("quantiles", List.of(0.05, 0.5, 0.95), "iqr_threshold", 1.0,
                        "seasonal_interval", "1w", "min_subseason", "1h", "use_transform", true, "global_smoothing", 0.1,
                        "season_starts_from", "2024-01-01T00:00:00Z", "compression", 80.0, "decay", 0.999));
        assertSameAsMap(QuantileModels.builder().seasonalInterval("auto"), "quantile_online",
                Map.of("seasonal_interval", "auto"));
        assertSameError(QuantileModels.builder().quantiles(0.5, 0.4, 0.9), "quantile_online",
                Map.of("quantiles", List.of(0.5, 0.4, 0.9)));
        assertSameError(QuantileModels.builder().seasonalInterval(Duration.ofDays(1)).minSubseason(Duration.ofMinutes(7)),
                "quantile_online", Map.of("seasonal_interval", "1d", "min_subseason", "7m"));
    }

    @Test
    void rollingQuantile_sameSpecAndErrorsAsTheMap() {
        assertSameAsMap(RollingQuantileModels.builder().quantile(0.9).windowSteps(100).iqrThreshold(1)
                        .provideSeries("yhat"),
                "rolling_quantile", Map.of("quantile", 0.9, "window_steps", 100, "iqr_threshold", 1.0,
                        "provide_series", List.of("yhat")));
        assertSameError(RollingQuantileModels.builder().quantile(0.9).windowSteps(0), "rolling_quantile",
                Map.of("quantile", 0.9, "window_steps", 0));
        // quantile defaults to 0.999 (RollingQuantileModels.DEFAULT_QUANTILE) in both forms
        assertSameAsMap(RollingQuantileModels.builder().windowSteps(10), "rolling_quantile", Map.of("window_steps", 10));
        assertSameError(RollingQuantileModels.builder().quantile(0.2), "rolling_quantile", Map.of("quantile", 0.2));
    }

    @Test
    void std_sameSpecAndErrorsAsTheMap() {
        assertSameAsMap(StdModels.builder().period(24).zThreshold(3).stl(true), "std",
                Map.of("period", 24, "z_threshold", 3.0, "decomposition", "stl", "robust", true));
        assertSameAsMap(StdModels.builder().autoPeriod(), "std", Map.of("period", "auto"));
        assertSameError(StdModels.builder().period(1), "std", Map.of("period", 1));
    }

    @Test
    void holtWinters_sameSpecAndErrorsAsTheMap() {
        assertSameAsMap(HoltWintersModels.builder().seasonality(Duration.ofDays(1)).frequency(Duration.ofHours(1))
                        .zThreshold(3).trend(Component.ADD).dampedTrend(true).seasonal(Component.MUL)
                        .initialization(Initialization.HEURISTIC).smoothingLevel(0.3).useBoxCox(false),
                "holtwinters", Map.of("seasonality", "1d", "frequency", "1h", "z_threshold", 3.0,
                        "args", Map.of("trend", "add", "damped_trend", true, "seasonal", "mul",
                                "initialization_method", "heuristic", "smoothing_level", 0.3, "use_boxcox", false)));
        assertSameAsMap(HoltWintersModels.builder().seasonalPeriods(24).initialization(Initialization.KNOWN)
                        .initialLevel(5).initialSeasonal(new double[24]).seasonal(Component.ADD),
                "holtwinters", Map.of("args", Map.of("seasonal_periods", 24, "initialization_method", "known",
                        "initial_level", 5.0, "initial_seasonal", Collections.nCopies(24, 0.0),
                        "seasonal", "add")));
        assertSameError(HoltWintersModels.builder().seasonalPeriods(24).smoothingLevel(1.5), "holtwinters",
                Map.of("args", Map.of("seasonal_periods", 24, "smoothing_level", 1.5)));
        assertSameError(HoltWintersModels.builder().seasonal(Component.NONE).dampedTrend(true), "holtwinters",
                Map.of("args", Map.of("seasonal", "none", "damped_trend", true)));
    }

    @Test
    void prophet_sameSpecAndErrorsAsTheMap() {
        assertSameAsMap(ProphetModels.builder().flatGrowth(true).intervalWidth(0.9).uncertaintySamples(100).seed(7)
                        .seasonality("hourly", 1.0 / 24, 3).timeZone(ZoneId.of("Europe/Berlin")).tzSeasonalities("hod")
                        .forecastAt(Duration.ofHours(1)).weeklySeasonality(false).dailySeasonality(4)
                        .compression(Duration.ofMinutes(15), true, false),
                "prophet", Map.of("seasonalities", List.of(Map.of("name", "hourly", "period", 1.0 / 24,
                                "fourier_order", 3)),
                        "tz_aware", true, "tz", "Europe/Berlin", "tz_seasonalities", List.of("hod"),
                        "forecast_at", List.of("1h"),
                        "compression", Map.of("window", "15m", "agg_method", "median", "adjust_boundaries", false),
                        "args", Map.of("growth", "flat", "interval_width", 0.9, "uncertainty_samples", 100, "seed", 7L,
                                "weekly_seasonality", false, "daily_seasonality", 4)));
        assertSameError(ProphetModels.builder().intervalWidth(1.5), "prophet", Map.of("args", Map.of("interval_width", 1.5)));
        assertSameError(ProphetModels.builder().prophetArg("growth", "logistic"), "prophet",
                Map.of("args", Map.of("growth", "logistic")));
    }

    @Test
    void arg_nullRemovesAndNestedSettersKeepEachOther() {
        HoltWintersModels.Builder b = HoltWintersModels.builder().seasonalPeriods(24).trend(Component.ADD);
        assertThat(b.args()).isEqualTo(Map.of("args", Map.of("seasonal_periods", 24, "trend", "add")));
        b.statsmodelsArg("trend", null).arg("z_threshold", 3.0).arg("z_threshold", null);
        assertThat(b.args()).isEqualTo(Map.of("args", Map.of("seasonal_periods", 24)));
        b.statsmodelsArg("seasonal_periods", null);
        assertThat(b.args()).isEmpty();
    }
}
