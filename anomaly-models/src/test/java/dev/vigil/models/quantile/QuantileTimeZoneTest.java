package dev.vigil.models.quantile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.registry.ModelRegistry;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code quantile_online}'s seasons follow the wall-clock time of its {@code tz} (the reader query's
 * zone in the runner), across daylight-saving changes.
 */
class QuantileTimeZoneTest {

    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static QuantileSpec daily(String tz, String... more) {
        Map<String, Object> args = new HashMap<>(Map.of("seasonal_interval", "1d", "min_subseason", "1h",
                "min_n_samples_seen", 0));
        if (tz != null) {
            args.put("tz", tz);
        }
        for (int i = 0; i < more.length; i += 2) {
            args.put(more[i], more[i + 1]);
        }
        return (QuantileSpec) ModelRegistry.standard().create("quantile_online", args);
    }

    private static long at(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Test
    void bucketOf_dailySeasonInBerlin_bucketsByLocalHourInWinterAndSummer() {
        QuantileSpec berlin = daily("Europe/Berlin");
        assertThat(berlin.bucketOf(at("2024-01-15T08:30:00Z"))).isEqualTo(9);   // 09:30 CET
        assertThat(berlin.bucketOf(at("2024-07-15T07:30:00Z"))).isEqualTo(9);   // 09:30 CEST
        assertThat(berlin.bucketOf(at("2024-07-15T22:30:00Z"))).isEqualTo(0);   // 00:30 the next day
        QuantileSpec utc = daily(null);
        assertThat(utc.resolvedArgs()).containsEntry("tz", "UTC");
        assertThat(utc.bucketOf(at("2024-01-15T08:30:00Z"))).isEqualTo(8);
        assertThat(utc.bucketOf(at("2024-07-15T07:30:00Z"))).isEqualTo(7);
    }

    @Test
    void seasonStartsFrom_withoutOffset_isALocalTime_withOffset_anInstant() {
        QuantileSpec local = daily("Europe/Berlin", "season_starts_from", "2024-01-01T06:00:00");
        assertThat(local.bucketOf(at("2024-01-10T05:00:00Z"))).isZero();         // 06:00 CET
        assertThat(local.bucketOf(at("2024-07-10T04:00:00Z"))).isZero();         // 06:00 CEST
        QuantileSpec instant = daily("Europe/Berlin", "season_starts_from", "2024-01-01T06:00:00Z");
        assertThat(instant.bucketOf(at("2024-01-10T06:00:00Z"))).isZero();       // 07:00 CET
    }

    @Test
    void tz_notAZone_isRefusedNamingTheArgument() {
        assertThatThrownBy(() -> daily("Mars/Olympus"))
                .isInstanceOfSatisfying(ModelConfigException.class, e -> assertThat(e.argument()).isEqualTo("tz"))
                .hasMessageContaining("IANA time zone");
        assertThat(QuantileModels.builder().seasonalInterval("1d").minSubseason(java.time.Duration.ofHours(1))
                .timeZone(BERLIN).build().resolvedArgs()).containsEntry("tz", "Europe/Berlin");
    }

    /**
     * A daily peak at 09:00-10:00 Berlin time, learned in winter, scored after the switch to summer
     * time: with {@code tz: Europe/Berlin} the peak stays in its bucket; in UTC it moves an hour
     * earlier and scores as an anomaly.
     */
    @Test
    void dailyPeakAtLocalNine_afterTheDaylightSavingChange_isExpectedOnlyInItsZone() {
        long from = at("2024-03-10T00:00:00Z");
        long change = at("2024-03-31T01:00:00Z");
        int n = (int) ((at("2024-04-07T00:00:00Z") - from) / (10 * MINUTE));
        long[] t = new long[n];
        double[] y = new double[n];
        int fit = 0;
        for (int i = 0; i < n; i++) {
            t[i] = from + i * 10 * MINUTE;
            int hour = Instant.ofEpochMilli(t[i]).atZone(BERLIN).getHour();
            y[i] = (hour == 9 ? 100 : 0) + (i % 7) * 0.1;
            if (t[i] < change) {
                fit = i + 1;
            }
        }
        Series s = Series.of(t, y);
        long peakInSummer = at("2024-04-03T07:30:00Z");                          // 09:30 CEST
        int i = (int) ((peakInSummer - from) / (10 * MINUTE));
        for (String tz : new String[] {"Europe/Berlin", "UTC"}) {
            ModelSpec spec = daily(tz);
            FittedModel m = spec.fit(s.slice(0, fit));
            Prediction p = m.infer(s.slice(i, i + 1));
            if (tz.equals("UTC")) {
                assertThat(p.yhat(0)).as(tz).isLessThan(1);
                assertThat(p.anomalyScore(0)).as(tz).isGreaterThan(1);
            } else {
                assertThat(p.yhat(0)).as(tz).isGreaterThan(99);
                assertThat(p.anomalyScore(0)).as(tz).isLessThan(1);
            }
        }
    }
}
