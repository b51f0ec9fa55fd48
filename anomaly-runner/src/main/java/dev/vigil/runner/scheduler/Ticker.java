package dev.vigil.runner.scheduler;

import java.time.Instant;

/**
 * The runner's time: the current instant and a way to wait for a later one. Implementations are
 * thread-safe.
 */
public interface Ticker {

    /** The current time. */
    Instant now();

    /**
     * Returns when {@code t} has come (at once when it is past), or early when interrupted or woken.
     *
     * @return whether {@code t} was reached (false: woken early, e.g. by shutdown)
     */
    boolean sleepUntil(Instant t) throws InterruptedException;

    /** Ends every pending {@link #sleepUntil} early. */
    void wakeUp();

    /** The wall clock. */
    static Ticker system() {
        return new SystemTicker();
    }
}
