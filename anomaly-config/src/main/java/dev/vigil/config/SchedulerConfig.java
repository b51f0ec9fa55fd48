package dev.vigil.config;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A validated scheduler of section {@code schedulers}. Immutable and thread-safe. */
public sealed interface SchedulerConfig {

    /** The alias the scheduler is configured under. */
    String alias();

    /** The canonical class alias: {@code periodic}, {@code oneoff} or {@code backtesting}. */
    default String kind() {
        return this instanceof Periodic ? "periodic" : this instanceof Oneoff ? "oneoff" : "backtesting";
    }

    /**
     * {@code periodic}: infer every {@code inferEvery}, refit every {@code fitEvery} on the last
     * {@code fitWindow}; the first job at {@code startFrom} ({@code null}: at start-up).
     *
     * @param startFrom the raw {@code start_from} ({@code HH:MM} or ISO-8601), resolved at start
     */
    record Periodic(String alias, Duration inferEvery, Duration fitEvery, Duration fitWindow, String startFrom,
                    ZoneId tz) implements SchedulerConfig {
    }

    /** {@code oneoff}: one fit on {@code [fitStart, fitEnd]}, one inference on {@code [inferStart, inferEnd]}. */
    record Oneoff(String alias, Instant fitStart, Instant fitEnd, Instant inferStart, Instant inferEnd)
            implements SchedulerConfig {
    }

    /**
     * {@code backtesting}: periodic scheduling imitated over {@code [from, to]}.
     *
     * @param exact      {@code exact: true}: online models infer and update through each window in
     *                   micro-batches of {@code inferEvery}, as a periodic scheduler would feed them
     * @param inferEvery {@code infer_every}, {@code null} when not given (with {@code exact}: the queries'
     *                   step, at most {@code fitEvery})
     */
    record Backtesting(String alias, Instant from, Instant to, Duration fitWindow, Duration fitEvery,
                       boolean inferenceOnly, int nJobs, boolean exact, Duration inferEvery) implements SchedulerConfig {

        /** A scheduler without {@code exact} mode. */
        public Backtesting(String alias, Instant from, Instant to, Duration fitWindow, Duration fitEvery,
                           boolean inferenceOnly, int nJobs) {
            this(alias, from, to, fitWindow, fitEvery, inferenceOnly, nJobs, false, null);
        }

    }
}
