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

    /**
     * The slots the last {@link #next} call skipped because an earlier job overran them (a periodic
     * plan coalesces the missed slots of a stage into the latest one); zero for finite plans.
     *
     * @param infers missed inference slots not run
     * @param fits   missed fit slots not run
     */
    record Skipped(long infers, long fits) {

        /** Nothing skipped. */
        public static final Skipped NONE = new Skipped(0, 0);

        /** Whether any slot was skipped. */
        public boolean any() {
            return infers > 0 || fits > 0;
        }
    }

    /** What the last {@link #next} call skipped; {@link Skipped#NONE} by default. */
    default Skipped lastSkipped() {
        return Skipped.NONE;
    }

    /** Whether the plan is finite (the runner exits once every finite plan is done and none is periodic). */
    boolean finite();
}
