package dev.vigil.runner.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.SchedulerConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    static final Instant DAY = Instant.parse("2024-06-01T00:00:00Z");

    static Instant h(double hours) {
        return DAY.plusMillis(Math.round(hours * 3_600_000));
    }

    static List<Job> all(Schedule s) {
        List<Job> out = new ArrayList<>();
        for (Optional<Job> j = s.next(DAY); j.isPresent(); j = s.next(DAY)) {
            out.add(j.get());
        }
        return out;
    }

    @Test
    void backtest_inferenceOnly_cutsSegmentsBackwardsFromToAsTheSpecExample() {
        // Spec 3.3: from 03:00 to next-day 00:00, fit_every 12h -> [03:00, 12:00] and [12:00, 00:00].
        var b = new SchedulerConfig.Backtesting("bt", h(3), h(24), Duration.ofDays(7), Duration.ofHours(12), true, 1);
        List<Job> jobs = all(Schedules.of(b, DAY, Duration.ofMinutes(1)));
        assertThat(jobs).hasSize(2);
        assertThat(jobs.get(0)).extracting(Job::fitStart, Job::fitEnd, Job::inferStart, Job::inferEnd)
                .containsExactly(h(3).minus(Duration.ofDays(7)), h(3), h(3), h(12));
        assertThat(jobs.get(1)).extracting(Job::fitStart, Job::fitEnd, Job::inferStart, Job::inferEnd)
                .containsExactly(h(12).minus(Duration.ofDays(7)), h(12), h(12), h(24));
        assertThat(jobs).allMatch(j -> j.stage() == Job.Stage.FIT_INFER);
    }

    @Test
    void backtest_legacy_keepsOnlyCompleteFitAndInferPairsInsideTheRange() {
        var b = new SchedulerConfig.Backtesting("bt", h(0), h(10), Duration.ofHours(2), Duration.ofHours(3), false, 1);
        List<Job> jobs = all(Schedules.of(b, DAY, Duration.ofMinutes(1)));
        assertThat(jobs).extracting(Job::fitStart, Job::fitEnd, Job::inferStart, Job::inferEnd).containsExactly(
                org.assertj.core.groups.Tuple.tuple(h(2), h(4), h(4), h(7)),
                org.assertj.core.groups.Tuple.tuple(h(5), h(7), h(7), h(10)));
    }

    @Test
    void oneoff_isOneFitAndInferJob() {
        var o = new SchedulerConfig.Oneoff("o", h(0), h(2), h(2), h(5));
        Schedule s = Schedules.of(o, DAY, Duration.ofMinutes(1));
        assertThat(s.finite()).isTrue();
        List<Job> jobs = all(s);
        assertThat(jobs).singleElement().extracting(Job::stage, Job::readStart, Job::readEnd)
                .containsExactly(Job.Stage.FIT_INFER, h(0), h(5));
    }

    @Test
    void periodic_refitsEveryFitEveryInfersEveryInferEveryAndCoalescesMissedSlots() {
        var p = new SchedulerConfig.Periodic("p", Duration.ofMinutes(1), Duration.ofMinutes(10), Duration.ofHours(1),
                null, ZoneOffset.UTC);
        Schedule s = Schedules.of(p, DAY, Duration.ofSeconds(30));
        Job first = s.next(DAY).orElseThrow();
        assertThat(first).extracting(Job::at, Job::stage, Job::fitStart, Job::fitEnd, Job::inferStart, Job::inferEnd)
                .containsExactly(DAY, Job.Stage.FIT_INFER, DAY.minusSeconds(3600), DAY, DAY.minusSeconds(90), DAY);
        Job second = s.next(DAY).orElseThrow();
        assertThat(second).extracting(Job::at, Job::stage, Job::fitStart).containsExactly(h(1 / 60.0), Job.Stage.INFER,
                null);
        // The runner was busy until 05:30 past the hour: the missed 02..04 slots collapse into the one at 05.
        Job late = s.next(h(5.5 / 60)).orElseThrow();
        assertThat(late.at()).isEqualTo(h(5 / 60.0));
        assertThat(late.stage()).isEqualTo(Job.Stage.INFER);
        Job fit = null;
        for (int i = 0; i < 10 && fit == null; i++) {
            Job j = s.next(h(5.5 / 60)).orElseThrow();
            if (j.fits()) {
                fit = j;
            }
        }
        assertThat(fit).isNotNull();
        assertThat(fit.at()).isEqualTo(h(10 / 60.0));
        assertThat(fit.stage()).isEqualTo(Job.Stage.FIT_INFER);
    }

    @Test
    void firstStart_startFrom_hhmmInTzTomorrowWhenPast_isoNextSlotByFitEvery() {
        Instant now = Instant.parse("2024-06-01T09:00:00Z"); // 11:00 in Berlin
        var hhmm = new SchedulerConfig.Periodic("p", Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofDays(1),
                "10:30", ZoneId.of("Europe/Berlin"));
        assertThat(Schedules.firstStart(hhmm, now)).isEqualTo(Instant.parse("2024-06-02T08:30:00Z"));
        var later = new SchedulerConfig.Periodic("p", Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofDays(1),
                "23:15", ZoneId.of("Europe/Berlin"));
        assertThat(Schedules.firstStart(later, now)).isEqualTo(Instant.parse("2024-06-01T21:15:00Z"));
        var iso = new SchedulerConfig.Periodic("p", Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofDays(1),
                "2024-06-01T00:00:00Z", ZoneOffset.UTC);
        assertThat(Schedules.firstStart(iso, Instant.parse("2024-06-01T09:30:00Z")))
                .isEqualTo(Instant.parse("2024-06-01T10:00:00Z"));
        assertThat(Schedules.firstStart(iso, Instant.parse("2024-05-31T09:30:00Z")))
                .isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
        var none = new SchedulerConfig.Periodic("p", Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofDays(1),
                null, ZoneOffset.UTC);
        assertThat(Schedules.firstStart(none, now)).isEqualTo(now);
    }
}
