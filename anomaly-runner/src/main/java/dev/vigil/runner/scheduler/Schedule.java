package dev.vigil.runner.scheduler;

import java.time.Instant;
import java.util.Optional;

/**
 * The plan of one scheduler: the next job after the previous one. Not thread-safe: one caller
 * (the service loop) asks for jobs in order.
 */
public interface Schedule {

    /** The scheduler alias. */
    String alias();

    /**
     * The next job, or empty when the plan is over (oneoff, backtesting).
     *
     * @param now the current time (periodic plans skip slots missed while a job overran)
     */
    Optional<Job> next(Instant now);

    /** Whether the plan is finite (the runner exits once every finite plan is done and none is periodic). */
    boolean finite();
}
