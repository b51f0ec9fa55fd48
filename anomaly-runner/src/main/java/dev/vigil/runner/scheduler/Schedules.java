package dev.vigil.runner.scheduler;

import dev.vigil.core.time.Timestamps;
import dev.vigil.config.SchedulerConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** Builds the {@link Schedule} of a scheduler configuration. */
public final class Schedules {

    private Schedules() {
    }

    /**
     * The plan of {@code c} starting at {@code now}.
     *
     * @param step the smallest query step of the scheduler's queries, used to widen infer reads by one
     *     point so a point that arrived late is not missed
     */
    public static Schedule of(SchedulerConfig c, Instant now, Duration step) {
        if (c instanceof SchedulerConfig.Periodic) {
            SchedulerConfig.Periodic p = (SchedulerConfig.Periodic) c;
            return new Periodic(p, firstStart(p, now), step);
        }
        if (c instanceof SchedulerConfig.Oneoff) {
            SchedulerConfig.Oneoff o = (SchedulerConfig.Oneoff) c;
            return new Finite(c.alias(), List.of(new Job(now, Job.Stage.FIT_INFER, o.fitStart(), o.fitEnd(),
                    o.inferStart(), o.inferEnd())));
        }
        return new Finite(c.alias(), backtest((SchedulerConfig.Backtesting) c, now));
    }

    /**
     * The plan of periodic scheduler {@code p} resumed after a restart from its last fit at
     * {@code lastFit} ({@code settings.restore_state}): the next fit at {@code lastFit + fit_every}
     * (a slot already past runs at once, as a missed slot does), inferences on the {@code infer_every}
     * grid from {@code lastFit}, the first one at the first slot not before {@code now}.
     */
    public static Schedule resume(SchedulerConfig.Periodic p, Instant lastFit, Instant now, Duration step) {
        long every = p.inferEvery().toMillis();
        long k = Math.max(0, Math.floorDiv(now.toEpochMilli() - lastFit.toEpochMilli() + every - 1, every));
        Periodic s = new Periodic(p, lastFit.plusMillis(k * every), step);
        s.nextFit = lastFit.plus(p.fitEvery());
        return s;
    }

    /**
     * The first job time of a periodic scheduler: {@code start_from} as {@code HH:MM} in
     * {@code tz} (tomorrow when already past today), an ISO time (when past, the next slot by
     * {@code fit_every}), or {@code now} when unset.
     */
    static Instant firstStart(SchedulerConfig.Periodic p, Instant now) {
        String s = p.startFrom();
        if (s == null) {
            return now;
        }
        if (s.matches("\\d{1,2}:\\d{2}")) {
            LocalTime lt = LocalTime.parse(s.length() == 4 ? "0" + s : s);
            ZonedDateTime today = ZonedDateTime.of(LocalDate.ofInstant(now, p.tz()), lt, p.tz());
            Instant t = today.toInstant();
            return t.isBefore(now) ? today.plusDays(1).toInstant() : t;
        }
        Instant t = Timestamps.parse(s, p.tz()).truncatedTo(ChronoUnit.MILLIS);
        if (!t.isBefore(now)) {
            return t;
        }
        long every = p.fitEvery().toMillis();
        long k = (now.toEpochMilli() - t.toEpochMilli() + every - 1) / every;
        return t.plusMillis(k * every);
    }

    /** Backtesting windows, in chronological order. */
    static List<Job> backtest(SchedulerConfig.Backtesting b, Instant now) {
        List<Job> jobs = new ArrayList<>();
        Duration every = b.fitEvery();
        Duration window = b.fitWindow();
        if (b.inferenceOnly()) {
            for (Instant end = b.to(); end.isAfter(b.from()); end = end.minus(every)) {
                Instant start = end.minus(every).isBefore(b.from()) ? b.from() : end.minus(every);
                jobs.add(new Job(now, Job.Stage.FIT_INFER, start.minus(window), start, start, end));
            }
        } else {
            for (Instant end = b.to(); !end.minus(every).minus(window).isBefore(b.from()); end = end.minus(every)) {
                Instant start = end.minus(every);
                jobs.add(new Job(now, Job.Stage.FIT_INFER, start.minus(window), start, start, end));
            }
        }
        Collections.reverse(jobs);
        return jobs;
    }

    /** A periodic plan: infer every {@code infer_every}, fit every {@code fit_every}. */
    static final class Periodic implements Schedule {
        private final SchedulerConfig.Periodic c;
        private final Duration step;
        private Instant nextInfer;
        private Instant nextFit;
        private Skipped skipped = Skipped.NONE;

        Periodic(SchedulerConfig.Periodic c, Instant start, Duration step) {
            this.c = c;
            this.step = step;
            this.nextInfer = start;
            this.nextFit = start;
        }

        @Override
        public String alias() {
            return c.alias();
        }

        @Override
        public boolean finite() {
            return false;
        }

        @Override
        public Optional<Job> next(Instant now) {
            // Coalesce slots missed while an earlier job overran: run the latest missed one only.
            long infers = missed(nextInfer, c.inferEvery(), now);
            long fits = missed(nextFit, c.fitEvery(), now);
            nextInfer = nextInfer.plusMillis(infers * c.inferEvery().toMillis());
            nextFit = nextFit.plusMillis(fits * c.fitEvery().toMillis());
            skipped = infers == 0 && fits == 0 ? Skipped.NONE : new Skipped(infers, fits);
            Instant at = nextInfer.isBefore(nextFit) ? nextInfer : nextFit;
            boolean fit = !nextFit.isAfter(at);
            boolean infer = !nextInfer.isAfter(at);
            if (fit) {
                nextFit = nextFit.plus(c.fitEvery());
            }
            if (infer) {
                nextInfer = nextInfer.plus(c.inferEvery());
            }
            Job.Stage stage = fit && infer ? Job.Stage.FIT_INFER : fit ? Job.Stage.FIT : Job.Stage.INFER;
            Instant inferStart = at.minus(c.inferEvery()).minus(step);
            return Optional.of(new Job(at, stage, fit ? at.minus(c.fitWindow()) : null, fit ? at : null,
                    infer ? inferStart : null, infer ? at : null));
        }

        @Override
        public Skipped lastSkipped() {
            return skipped;
        }

        /** How many slots from {@code next} on are past and superseded by a later past slot. */
        private static long missed(Instant next, Duration every, Instant now) {
            if (!next.plus(every).isAfter(now)) {
                return (now.toEpochMilli() - next.toEpochMilli()) / every.toMillis();
            }
            return 0;
        }
    }

    /** A fixed list of jobs (oneoff, backtesting). */
    static final class Finite implements Schedule {
        private final String alias;
        private final Iterator<Job> jobs;

        Finite(String alias, List<Job> jobs) {
            this.alias = alias;
            this.jobs = List.copyOf(jobs).iterator();
        }

        @Override
        public String alias() {
            return alias;
        }

        @Override
        public boolean finite() {
            return true;
        }

        @Override
        public Optional<Job> next(Instant now) {
            if (!jobs.hasNext()) {
                return Optional.empty();
            }
            Job j = jobs.next();
            return Optional.of(new Job(now, j.stage(), j.fitStart(), j.fitEnd(), j.inferStart(), j.inferEnd()));
        }
    }
}
