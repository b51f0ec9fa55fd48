package dev.vigil.models.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.OnlineModel;
import dev.vigil.models.registry.ModelRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The documented behaviour of {@code temporal_envelope} (vmanomaly docs, "Temporal Envelope",
 * v1.30): a band that follows the calendar profile in the civil time of {@code tz}, re-levelling
 * after {@code changepoint_window} points of a persistent shift, special days with their own
 * profile, {@code iqr_threshold} as the width knob, and precise errors for bad arguments.
 */
class EnvelopeConformanceTest {

    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli(); // a Monday
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static ModelSpec spec(Object... kv) {
        Map<String, Object> a = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            a.put((String) kv[i], kv[i + 1]);
        }
        return ModelRegistry.standard().create("temporal_envelope", a);
    }

    /** n points every {@code step} ms from {@code t0}: f(t) plus N(0, sigma²), seeded. */
    static Series series(long t0, long step, int n, LongToDoubleFunction f, double sigma, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = t0 + i * step;
            y[i] = f.applyAsDouble(t[i]) + sigma * r.nextGaussian();
        }
        return Series.of(t, y);
    }

    /** Fits on the first {@code fit} points and scores the rest causally. */
    static Prediction run(ModelSpec spec, Series s, int fit) {
        OnlineModel m = (OnlineModel) spec.fit(s.slice(0, fit));
        return m.inferAndUpdate(s.slice(fit, s.size()));
    }

    /** A daily shape in UTC hours: low at night, a plateau in business hours with a rounded top. */
    static double daily(long t) {
        double h = Math.floorMod(t, 86_400_000L) / (double) HOUR;
        return 50 + 30 * Math.exp(-Math.pow((h - 13) / 4, 2));
    }

    static double shareAbove(Prediction p, double threshold, int from, int to, int skip) {
        int above = 0;
        for (int i = from; i < to; i++) {
            if (i != skip && p.anomalyScore(i) > threshold) {
                above++;
            }
        }
        return above / (double) (to - from - (skip >= from && skip < to ? 1 : 0));
    }

    @Test
    void inferAndUpdate_hourlyDailyProfile_normalPointsBelowOneSpikeAboveOne() {
        for (long seed = 1; seed <= 3; seed++) {
            Series s = series(T0, HOUR, 24 * 56, EnvelopeConformanceTest::daily, 2.0, seed);
            double[] y = s.values().clone();
            int spike = 24 * 40 + 13;
            y[spike] += 25;
            Prediction p = run(spec(), Series.of(s.timestamps(), y), 24 * 21);
            int at = spike - 24 * 21;
            assertThat(p.anomalyScore(at)).as("spike, seed %d", seed).isGreaterThan(1.5);
            assertThat(shareAbove(p, 1.0, 0, p.size(), at)).as("normal points above 1, seed %d", seed).isLessThan(0.02);
            // the band follows the profile: 03:00 and 13:00 of the last day are 30 apart
            int last = p.size() - 24;
            assertThat(p.yhat(last + 13) - p.yhat(last + 3)).as("yhat 13:00 - 03:00").isCloseTo(30, org.assertj.core.data.Offset.offset(3.0));
        }
    }

    @Test
    void inferAndUpdate_minutelyDailyProfile_normalPointsBelowOneSpikeAboveOne() {
        Series s = series(T0, MINUTE, 60 * 24 * 14, EnvelopeConformanceTest::daily, 2.0, 7);
        double[] y = s.values().clone();
        int spike = 60 * 24 * 12 + 60 * 4 + 17;
        y[spike] += 25;
        int fit = 60 * 24 * 7;
        Prediction p = run(spec(), Series.of(s.timestamps(), y), fit);
        assertThat(p.anomalyScore(spike - fit)).isGreaterThan(1.5);
        assertThat(shareAbove(p, 1.0, 0, p.size(), spike - fit)).isLessThan(0.02);
    }

    @Test
    void inferAndUpdate_heavyTailedResiduals_routineTailBelowOneSpikeAboveOne() {
        // Laplace noise (b = 2): the quartile band (edge 3.5 b) leaves 3 % of routine points above 1; the
        // tail floor widens it to the residuals' 99.5th percentile (edge 5.8 b: 0.3 %)
        SplittableRandom r = new SplittableRandom(21);
        int n = 24 * 60 * 4;
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * 15 * 60_000L;
            double u = r.nextDouble() - 0.5;
            y[i] = 100 - 2 * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
        }
        int spike = n - 500;
        y[spike] += 60;
        int fit = n / 2;
        Prediction p = run(spec("seasonalities", List.of()), Series.of(t, y), fit);
        assertThat(shareAbove(p, 1.0, 0, p.size(), spike - fit)).as("routine points above 1").isLessThan(0.01);
        assertThat(p.anomalyScore(spike - fit)).as("a spike of 30 b").isGreaterThan(1.5);
    }

    @Test
    void state_version1WithoutTailDigest_floorStartsAfterTheFirstRead() throws java.io.IOException {
        Series s = series(T0, HOUR, 24 * 30, t -> 50, 2.0, 22);
        EnvelopeModel m = (EnvelopeModel) spec("seasonalities", List.of()).fit(s.slice(0, 24 * 20));
        assertThat(m.tail).as("tail floor after the fit").isGreaterThan(0);
        EnvelopeState v2 = m.state();
        // a state of payload version 1: no digest, no tail
        EnvelopeModel old = new EnvelopeModel(m.spec(), new EnvelopeState(v2.n(), v2.level(), v2.scale(), v2.qLo(),
                v2.qHi(), v2.run(), v2.runSign(), v2.runMean(), v2.profiles(), v2.visits(), v2.streaks(), v2.lastSeen(),
                null, 0.0, 0.0, 0));
        assertThat(old.tail).isZero();
        old.update(s.slice(24 * 20, 24 * 20 + EnvelopeModel.TAIL_REFRESH));
        assertThat(old.tail).as("after %d points", EnvelopeModel.TAIL_REFRESH).isGreaterThan(0);
        assertThat(old.tailUnit).isGreaterThan(0);
    }

    @Test
    void inferAndUpdate_levelShiftLongerThanChangepointWindow_stopsBeingAnomalousAfterReleveling() {
        Series s = series(T0, HOUR, 24 * 40, t -> t < T0 + 24 * 30 * HOUR ? 100 : 130, 2.0, 11);
        int fit = 24 * 20;
        int shift = 24 * 30 - fit;
        Prediction relevel = run(spec("seasonalities", List.of()), s, fit);
        Prediction never = run(spec("seasonalities", List.of(), "changepoint_window", 100_000), s, fit);
        assertThat(relevel.anomalyScore(shift)).as("first shifted point").isGreaterThan(1.0);
        int settled = shift + EnvelopeModels.DEFAULT_CHANGEPOINT_WINDOW + 1;
        assertThat(shareAbove(relevel, 1.0, settled, relevel.size(), -1)).as("after re-levelling").isLessThan(0.03);
        // without re-levelling the prediction lags far behind; the band widens as the shift's residuals
        // reach the scale and the tail floor (a persistent shift becomes routine), so only its start is flagged
        assertThat(shareAbove(never, 1.0, shift, shift + 8, -1)).as("without re-levelling").isEqualTo(1.0);
        assertThat(never.yhat(settled + 48)).as("without re-levelling").isLessThan(110);
        assertThat(relevel.yhat(settled)).isCloseTo(130, org.assertj.core.data.Offset.offset(2.0));
    }

    @Test
    void fit_windowEndsAfterALevelShift_modelStartsFromTheRecentRegime() {
        int fit = 24 * 20;
        long shiftAt = T0 + (fit - 30) * HOUR;
        Series s = series(T0, HOUR, fit + 48, t -> t < shiftAt ? 100 : 60, 2.0, 12);
        Prediction p = run(spec("seasonalities", List.of()), s, fit);
        assertThat(shareAbove(p, 1.0, 0, p.size(), -1)).isLessThan(0.05);
        assertThat(p.yhat(0)).isCloseTo(60, org.assertj.core.data.Offset.offset(2.0));
    }

    /** 80 at 09:00-09:59 Berlin civil time, 20 otherwise. */
    static double nineInBerlin(long t) {
        return ZonedDateTime.ofInstant(Instant.ofEpochMilli(t), BERLIN).getHour() == 9 ? 80 : 20;
    }

    @Test
    void inferAndUpdate_berlinAcrossDstChange_profileFollowsTheCivilHour() {
        // 2024-03-31 02:00 CET -> 03:00 CEST: the 09:00 bump moves from 08:00 to 07:00 UTC.
        long t0 = Instant.parse("2024-03-10T00:00:00Z").toEpochMilli();
        Series s = series(t0, HOUR, 24 * 28, EnvelopeConformanceTest::nineInBerlin, 1.0, 13);
        int fit = 24 * 21; // up to 2024-03-31 00:00 UTC, before the change
        Prediction berlin = run(spec("seasonalities", List.of("hod_spiky"), "tz", "Europe/Berlin"), s, fit);
        Prediction utc = run(spec("seasonalities", List.of("hod_spiky")), s, fit);
        int firstSummerDay = 24; // 2024-04-01 UTC
        assertThat(shareAbove(berlin, 1.0, firstSummerDay, firstSummerDay + 24, -1)).as("tz Europe/Berlin").isZero();
        int bump = firstSummerDay + 7; // 07:00 UTC = 09:00 CEST
        assertThat(berlin.yhat(bump)).isCloseTo(80, org.assertj.core.data.Offset.offset(3.0));
        assertThat(utc.anomalyScore(bump)).as("tz UTC: the bump came an hour early").isGreaterThan(1.0);
        assertThat(utc.anomalyScore(bump + 1)).as("tz UTC: and is missing where it used to be").isGreaterThan(1.0);
    }

    @Test
    void inferAndUpdate_specialEventOnAWeekday_scoredAgainstItsOwnProfile() {
        // weekdays 40, weekends 10; four Wednesdays are holidays that look like a weekend day
        List<String> holidays = List.of("2024-01-17", "2024-01-31", "2024-02-21", "2024-03-06");
        LongToDoubleFunction f = t -> {
            LocalDate d = Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).toLocalDate();
            boolean quiet = d.getDayOfWeek().getValue() >= 6 || holidays.contains(d.toString());
            return quiet ? 10 : 40;
        };
        Series s = series(T0, HOUR, 24 * 70, f, 1.0, 14);
        int fit = 24 * 35; // holds the first two holidays
        Prediction with = run(spec("seasonalities", List.of("hod_smooth", "dow_plateau"), "holidays", Map.of("special_events", holidays)), s, fit);
        Prediction without = run(spec("seasonalities", List.of("hod_smooth", "dow_plateau")), s, fit);
        for (String day : List.of("2024-02-21", "2024-03-06")) {
            int from = (int) ((LocalDate.parse(day).toEpochDay() * 24) - (T0 / HOUR)) - fit;
            assertThat(shareAbove(with, 1.0, from, from + 24, -1)).as("%s with special_events", day).isLessThan(0.1);
            assertThat(with.yhat(from + 3)).as("%s with special_events", day).isCloseTo(10, org.assertj.core.data.Offset.offset(3.0));
            // without, the day is expected as a weekday (a level drop until changepoint_window points re-level the
            // model); the band does not flag it: the drops and re-levellings of the earlier holidays are more
            // than the 0.5 % tail of the residuals, so the tail floor holds them
            assertThat(without.yhat(from + 3)).as("%s without", day).isGreaterThan(30);
        }
        // the ordinary Wednesdays keep their weekday profile
        int wednesday = (int) ((LocalDate.parse("2024-02-28").toEpochDay() * 24) - (T0 / HOUR)) - fit;
        assertThat(shareAbove(with, 1.0, wednesday, wednesday + 24, -1)).isLessThan(0.1);
        assertThat(with.yhat(wednesday + 12)).isCloseTo(40, org.assertj.core.data.Offset.offset(3.0));
    }

    @Test
    void infer_largerIqrThreshold_widensTheBandMonotonically() {
        Series s = series(T0, HOUR, 24 * 30, EnvelopeConformanceTest::daily, 2.0, 15);
        Series next = s.slice(24 * 28, 24 * 30);
        double prevWidth = -1;
        double prevScore = Double.MAX_VALUE;
        for (double k : new double[] {0, 0.5, 1, 2, 3, 4}) {
            OnlineModel m = (OnlineModel) spec("iqr_threshold", k).fit(s.slice(0, 24 * 28));
            Prediction p = m.infer(Series.of(next.timestamps(), next.values().clone()));
            double width = p.yhatUpper(5) - p.yhatLower(5);
            assertThat(width).as("width at k=%s", k).isGreaterThan(prevWidth);
            double score = p.anomalyScore(5);
            assertThat(score).as("score at k=%s", k).isLessThanOrEqualTo(prevScore);
            prevWidth = width;
            prevScore = score;
        }
    }

    @Test
    void inferAndUpdate_firstMinNSamplesSeenPoints_scoreZero() {
        Series s = series(T0, HOUR, 40, t -> 5, 1.0, 16);
        OnlineModel m = (OnlineModel) spec().fit(s.slice(0, 0));
        Prediction p = m.inferAndUpdate(s);
        for (int i = 0; i <= 16; i++) {
            assertThat(p.anomalyScore(i)).as("row %d", i).isZero();
        }
        assertThat(p.anomalyScore(17)).isGreaterThan(0.0);
    }

    @Test
    void create_badSeasonalities_preciseErrors() {
        assertThatThrownBy(() -> spec("seasonalities", List.of("hod_smoth")))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("'temporal_envelope'").hasMessageContaining("seasonalities")
                .hasMessageContaining("\"hod_smoth\"").hasMessageContaining("did you mean 'hod_smooth'")
                .hasMessageContaining("weekpart_plateau");
        assertThatThrownBy(() -> spec("seasonalities", List.of("hod_smooth", "dow_spiky", "hod_plateau")))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("\"hod_smooth\" and \"hod_plateau\"");
        assertThatThrownBy(() -> spec("seasonalities", List.of("dow_smooth", "weekpart_plateau")))
                .isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("\"dow_smooth\" and \"weekpart_plateau\"");
        assertThat(spec("seasonalities", List.of()).resolvedArgs()).containsEntry("seasonalities", List.of());
        assertThat(spec().resolvedArgs()).containsEntry("seasonalities", List.of("hod_smooth", "dow_smooth"));
    }

    @Test
    void create_badHolidaysQuantilesOrForecasts_preciseErrors() {
        assertThatThrownBy(() -> spec("holidays", Map.of("countries", List.of("DE"))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("holidays")
                .hasMessageContaining("[DE]").hasMessageContaining("special_events");
        assertThatThrownBy(() -> spec("holidays", Map.of("special_events", List.of("12-25", "2024-13-01"))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("\"2024-13-01\"");
        assertThatThrownBy(() -> spec("holidays", Map.of("special_events", List.of("25.12."))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("\"25.12.\"")
                .hasMessageContaining("MM-DD");
        assertThatThrownBy(() -> spec("holidays", Map.of("special_event", List.of("12-25"))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("did you mean 'special_events'");
        assertThatThrownBy(() -> spec("quantiles", List.of(0.75, 0.25)))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("quantiles")
                .hasMessageContaining("[0.75, 0.25]");
        assertThatThrownBy(() -> spec("forecast_at", List.of("1h")))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("forecast_at")
                .hasMessageContaining("[1h]");
        assertThatThrownBy(() -> spec("tz", "Mars/Olympus"))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("\"Mars/Olympus\"");
        assertThatThrownBy(() -> spec("alpha", 0))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("alpha");
        assertThat(spec("forecast_at", List.of()).alias()).isEqualTo("temporal_envelope");
    }
}
