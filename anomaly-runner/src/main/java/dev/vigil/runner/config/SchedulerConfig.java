package dev.vigil.runner.config;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A validated scheduler of section {@code schedulers} (spec 3). Immutable. */
public sealed interface SchedulerConfig {

    /** The alias the scheduler is configured under. */
    String alias();

    /** The canonical class alias: {@code periodic}, {@code oneoff} or {@code backtesting}. */
    String kind();

    /**
     * {@code periodic}: infer every {@code inferEvery}, refit every {@code fitEvery} on the last
     * {@code fitWindow}; the first job at {@code startFrom} ({@code null}: at start-up).
     *
     * @param startFrom the raw {@code start_from} ({@code HH:MM} or ISO-8601), resolved at start
     */
    record Periodic(String alias, Duration inferEvery, Duration fitEvery, Duration fitWindow, String startFrom,
                    ZoneId tz) implements SchedulerConfig {
        @Override
        public String kind() {
            return "periodic";
        }
    }

    /** {@code oneoff}: one fit on {@code [fitStart, fitEnd]}, one inference on {@code [inferStart, inferEnd]}. */
    record Oneoff(String alias, Instant fitStart, Instant fitEnd, Instant inferStart, Instant inferEnd)
            implements SchedulerConfig {
        @Override
        public String kind() {
            return "oneoff";
        }
    }

    /** {@code backtesting}: periodic scheduling imitated over {@code [from, to]}. */
    record Backtesting(String alias, Instant from, Instant to, Duration fitWindow, Duration fitEvery,
                       boolean inferenceOnly, int nJobs) implements SchedulerConfig {
        @Override
        public String kind() {
            return "backtesting";
        }
    }
}
