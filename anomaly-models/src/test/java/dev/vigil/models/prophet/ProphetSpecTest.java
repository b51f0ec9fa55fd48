package dev.vigil.models.prophet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Argument validation, edge cases and vmanomaly's extras of {@code prophet}. */
class ProphetSpecTest {

    static final long T0 = 1_709_510_400_000L; // 2024-03-04T00:00:00Z
    static final long FIVE_MIN = 300_000L;

    static ModelSpec spec(Map<String, Object> args) {
        return ModelRegistry.standard().create("prophet", args);
    }

    /** 5-minute points: 20 + 0.1 d + 4 sin(2πd) + N(0, 0.5²), seeded. */
    static Series series(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * FIVE_MIN;
            double d = i * FIVE_MIN / 86_400_000.0;
            y[i] = 20 + 0.1 * d + 4 * Math.sin(2 * Math.PI * d) + 0.5 * r.nextGaussian();
        }
        return Series.of(t, y);
    }

    static Series times(long from, int n) {
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = from + i * FIVE_MIN;
            y[i] = Double.NaN;
        }
        return Series.of(t, y);
    }

    @Test
    void create_logisticGrowth_notSupportedError() {
        assertThatThrownBy(() -> spec(Map.of("args", Map.of("growth", "logistic"))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("prophet")
                .hasMessageContaining("growth").hasMessageContaining("logistic").hasMessageContaining("not supported");
    }

    @Test
    void create_misspelledProphetArg_namesItAndSuggests() {
        assertThatThrownBy(() -> spec(Map.of("args", Map.of("n_changepoint", 10))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("n_changepoint")
                .hasMessageContaining("n_changepoints");
    }

    @Test
    void create_mcmcSamples_rejectedWithValue() {
        assertThatThrownBy(() -> spec(Map.of("args", Map.of("mcmc_samples", 300))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("mcmc_samples")
                .hasMessageContaining("300");
    }

    @Test
    void create_seasonalityWithoutPeriod_namesEntryAndField() {
        assertThatThrownBy(() -> spec(Map.of("seasonalities", List.of(Map.of("name", "hourly", "fourier_order", 3)))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("seasonalities[0]")
                .hasMessageContaining("period");
    }

    @Test
    void create_badHolidayDate_quotesIt() {
        assertThatThrownBy(() -> spec(Map.of("args", Map.of("holidays",
                List.of(Map.of("holiday", "x", "ds", List.of("2024-13-45")))))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("2024-13-45");
    }

    @Test
    void create_forecastAtNotADuration_quotesEntry() {
        assertThatThrownBy(() -> spec(Map.of("forecast_at", List.of("1h", "soon"))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("forecast_at")
                .hasMessageContaining("soon");
    }

    @Test
    void create_compressionWithoutWindow_saysRequired() {
        assertThatThrownBy(() -> spec(Map.of("compression", Map.of("agg_method", "median"))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("window")
                .hasMessageContaining("required");
    }

    @Test
    void create_tzSeasonalitiesWithoutTzAware_saysItIsNeeded() {
        assertThatThrownBy(() -> spec(Map.of("tz_seasonalities", List.of("hod"))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("tz_aware");
        assertThatThrownBy(() -> spec(Map.of("tz_aware", true, "tz_seasonalities", List.of("hour"))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("hour").hasMessageContaining("hod");
        assertThatThrownBy(() -> spec(Map.of("tz_aware", true, "tz", "Mars/Olympus")))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("Mars/Olympus");
    }

    /**
     * A daily pattern that follows local time across a DST change: tz-aware hod seasonality in the
     * right zone fits it; the same model in UTC misses by the hour shift after the change.
     */
    @Test
    void fit_tzAwareHodAcrossDst_followsLocalTime() {
        java.time.ZoneId berlin = java.time.ZoneId.of("Europe/Berlin");
        long start = java.time.Instant.parse("2024-03-17T00:00:00Z").toEpochMilli(); // DST starts 2024-03-31
        int n = 28 * 24 * 4; // 4 weeks of 15-minute points
        long[] t = new long[n];
        double[] y = new double[n];
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            t[i] = start + i * 900_000L;
            java.time.ZonedDateTime local = java.time.Instant.ofEpochMilli(t[i]).atZone(berlin);
            double hod = local.getHour() + local.getMinute() / 60.0;
            y[i] = 100 + 20 * Math.sin(2 * Math.PI * hod / 24) + 0.5 * r.nextGaussian();
        }
        Series s = Series.of(t, y);
        Map<String, Object> inner = Map.of("daily_seasonality", false, "weekly_seasonality", false);
        Prediction local = spec(Map.of("tz_aware", true, "tz", "Europe/Berlin", "tz_seasonalities",
                List.of(Map.of("name", "hod", "fourier_order", 4)), "args", inner)).fit(s).infer(s);
        Prediction utc = spec(Map.of("seasonalities", List.of(Map.of("name", "hod", "period", 1, "fourier_order", 4)),
                "args", inner)).fit(s).infer(s);
        double errLocal = 0;
        double errUtc = 0;
        for (int i = 0; i < n; i++) {
            errLocal += Math.abs(local.yhat(i) - y[i]) / n;
            errUtc += Math.abs(utc.yhat(i) - y[i]) / n;
        }
        assertThat(errLocal).isLessThan(0.6);
        assertThat(errUtc).isGreaterThan(2 * errLocal);
    }

    @Test
    void fit_allNaNOrOnePoint_insufficientDataNamingModel() {
        ModelSpec s = spec(Map.of());
        Series nan = Series.of(new long[] {T0, T0 + FIVE_MIN}, new double[] {Double.NaN, Double.NaN});
        Series one = Series.of(new long[] {T0, T0 + FIVE_MIN}, new double[] {3.0, Double.NaN});
        assertThatThrownBy(() -> s.fit(nan)).isInstanceOf(InsufficientDataException.class)
                .hasMessageContaining("prophet").hasMessageContaining("0 of 2");
        assertThatThrownBy(() -> s.fit(one)).isInstanceOf(InsufficientDataException.class)
                .hasMessageContaining("1 of 2");
    }

    @Test
    void fit_twoPoints_finiteForecast() {
        FittedModel m = spec(Map.of()).fit(Series.of(new long[] {T0, T0 + FIVE_MIN}, new double[] {1.0, 2.0}));
        Prediction p = m.infer(times(T0, 4));
        for (int i = 0; i < 4; i++) {
            assertThat(p.yhat(i)).isFinite();
            assertThat(p.yhatLower(i)).isLessThanOrEqualTo(p.yhat(i));
            assertThat(p.yhatUpper(i)).isGreaterThanOrEqualTo(p.yhat(i));
        }
    }

    @Test
    void fit_constantSeries_forecastIsTheConstantWithZeroWidthBand() {
        long[] t = series(600, 1).timestamps();
        double[] y = new double[t.length];
        java.util.Arrays.fill(y, 7.5);
        Prediction p = spec(Map.of()).fit(Series.of(t, y)).infer(times(T0, 700));
        for (int i = 0; i < 700; i++) {
            assertThat(p.yhat(i)).as("row %d", i).isCloseTo(7.5, within(1e-9));
            // Future rows: Prophet's Laplace scale mean|δ| + 1e-8 leaves a band of order 1e-8 · y_scale.
            assertThat(p.yhatUpper(i) - p.yhatLower(i)).as("row %d", i).isCloseTo(0.0, within(1e-6));
        }
    }

    @Test
    void fit_explicitChangepointOutsideHistory_configErrorQuotingIt() {
        ModelSpec s = spec(Map.of("args", Map.of("changepoints", List.of("2030-01-01"))));
        assertThatThrownBy(() -> s.fit(series(600, 2))).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("changepoints");
    }

    @Test
    void fit_scaledInput_scaledForecast() {
        Series s = series(2000, 3);
        double[] y7 = s.values().clone();
        for (int i = 0; i < y7.length; i++) {
            y7[i] *= 7;
        }
        Series future = times(T0, 2300);
        Prediction a = spec(Map.of()).fit(s).infer(future);
        Prediction b = spec(Map.of()).fit(Series.of(s.timestamps(), y7)).infer(future);
        for (int i = 0; i < future.size(); i++) {
            assertThat(b.yhat(i)).isCloseTo(7 * a.yhat(i), within(1e-6 * Math.abs(7 * a.yhat(i))));
            assertThat(b.yhatUpper(i)).isCloseTo(7 * a.yhatUpper(i), within(1e-6 * Math.abs(7 * a.yhatUpper(i))));
        }
    }

    @Test
    void infer_sameSeedSameBand_otherSeedOtherFutureBand() {
        Series s = series(2000, 4);
        Series future = times(T0, 2300);
        Prediction a = spec(Map.of()).fit(s).infer(future);
        Prediction b = spec(Map.of()).fit(s).infer(future);
        Prediction c = spec(Map.of("args", Map.of("seed", 99))).fit(s).infer(future);
        assertThat(b.column("yhat_lower")).isEqualTo(a.column("yhat_lower"));
        assertThat(c.column("yhat")).isEqualTo(a.column("yhat"));
        assertThat(c.yhatLower(2299)).isNotEqualTo(a.yhatLower(2299));
    }

    @Test
    void infer_widerIntervalWidth_widerBand() {
        Series s = series(1000, 5);
        Prediction p80 = spec(Map.of()).fit(s).infer(s);
        Prediction p98 = spec(Map.of("args", Map.of("interval_width", 0.98))).fit(s).infer(s);
        double w80 = 0;
        double w98 = 0;
        for (int i = 0; i < s.size(); i++) {
            w80 += p80.yhatUpper(i) - p80.yhatLower(i);
            w98 += p98.yhatUpper(i) - p98.yhatLower(i);
        }
        // Normal noise: the ratio of the widths is z(0.99) / z(0.9) = 1.815.
        assertThat(w98 / w80).isCloseTo(2.3263 / 1.2816, within(0.03));
    }

    @Test
    void infer_forecastAt_holdsTheForecastForTimePlusOffset() {
        Series s = series(2000, 6);
        ModelSpec spec = spec(Map.of("forecast_at", List.of("1h", "1d")));
        assertThat(spec.availableOutputs()).contains("yhat_1h", "yhat_lower_1h", "yhat_upper_1d");
        FittedModel m = spec.fit(s);
        Series now = times(T0 + 2000 * FIVE_MIN, 10);
        Prediction p = m.infer(now);
        Prediction later = m.infer(times(T0 + 2000 * FIVE_MIN + 3_600_000L, 10));
        assertThat(p.column("yhat_1h")).isEqualTo(later.column("yhat"));
        Prediction day = m.infer(times(T0 + 2000 * FIVE_MIN + 86_400_000L, 10));
        assertThat(p.column("yhat_1d")).isEqualTo(day.column("yhat"));
        for (int i = 0; i < 10; i++) {
            assertThat(p.value("yhat_lower_1d", i)).isLessThan(p.value("yhat_1d", i));
            assertThat(p.value("yhat_upper_1d", i)).isGreaterThan(p.value("yhat_1d", i));
        }
    }

    @Test
    void fit_compressionMean_sameAsFittingTheAggregatesAndBandForRawNoise() {
        Series s = series(2016, 7);
        ProphetSpec.Compression c = new ProphetSpec.Compression(3_600_000L, false, true);
        Series agg = ProphetSpec.compress(s, c);
        assertThat(agg.size()).isEqualTo(2016 / 12);
        double mean = 0;
        for (int i = 0; i < 12; i++) {
            mean += s.value(i) / 12;
        }
        assertThat(agg.value(0)).isCloseTo(mean, within(1e-12));
        assertThat(agg.timestamp(0)).isEqualTo(T0 + 11 * FIVE_MIN / 2);
        double[] first = java.util.Arrays.copyOf(s.values(), 12);
        java.util.Arrays.sort(first);
        Series med = ProphetSpec.compress(s, new ProphetSpec.Compression(3_600_000L, true, true));
        assertThat(med.value(0)).isCloseTo(0.5 * (first[5] + first[6]), within(1e-12));
        Series future = times(T0, 2100);
        Prediction viaArg = spec(Map.of("compression", Map.of("window", "1h", "adjust_boundaries", false))).fit(s)
                .infer(future);
        Prediction direct = spec(Map.of()).fit(agg).infer(future);
        assertThat(viaArg.column("yhat")).isEqualTo(direct.column("yhat"));
        Prediction adjusted = spec(Map.of("compression", Map.of("window", "1h"))).fit(s).infer(s);
        int in = 0;
        for (int i = 0; i < s.size(); i++) {
            if (s.value(i) >= adjusted.yhatLower(i) && s.value(i) <= adjusted.yhatUpper(i)) {
                in++;
            }
        }
        // Hourly means have sqrt(12) less noise; the adjusted band covers the raw points at ~80 %.
        assertThat(in / (double) s.size()).isBetween(0.76, 0.84);
    }

    @Test
    void infer_componentsRequested_addUpToYhat() {
        Series s = series(3000, 8);
        ModelSpec spec = spec(Map.of("provide_series", List.of("anomaly_score", "yhat", "trend", "daily", "weekly",
                "additive_terms")));
        Prediction p = spec.fit(s).infer(s);
        for (int i = 0; i < s.size(); i++) {
            assertThat(p.value("trend", i) + p.value("additive_terms", i)).isCloseTo(p.yhat(i), within(1e-9));
            assertThat(p.value("daily", i) + p.value("weekly", i))
                    .isCloseTo(p.value("additive_terms", i), within(1e-9));
        }
    }
}
