package dev.vigil.runner.scheduler;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Ticker} for tests and simulations: {@link #sleepUntil} jumps the time forward instead of
 * waiting, so a schedule of days runs in milliseconds. The clock is shared: with several schedulers
 * (one timeline each) every sleep moves it for all of them, so exact job times are only meaningful
 * for a single scheduler. Thread-safe.
 */
public final class ManualTicker implements Ticker {

    private final AtomicReference<Instant> now;

    /** A ticker starting at {@code start}. */
    public ManualTicker(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    @Override
    public Instant now() {
        return now.get();
    }

    @Override
    public boolean sleepUntil(Instant t) {
        now.accumulateAndGet(t, (a, b) -> b.isAfter(a) ? b : a);
        return true;
    }

    @Override
    public void wakeUp() {
    }

    /** Moves the time forward (never back). */
    public void advanceTo(Instant t) {
        sleepUntil(t);
    }
}
