package dev.vigil.runner.scheduler;

import java.time.Duration;
import java.time.Instant;

/** Wall-clock {@link Ticker}: waits on a monitor so {@link #wakeUp()} can end a sleep at once. */
final class SystemTicker implements Ticker {

    private final Object lock = new Object();
    private long generation;

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public boolean sleepUntil(Instant t) throws InterruptedException {
        synchronized (lock) {
            long gen = generation;
            while (true) {
                long ms = Duration.between(Instant.now(), t).toMillis();
                if (ms <= 0) {
                    return true;
                }
                if (gen != generation) {
                    return false;
                }
                lock.wait(ms);
            }
        }
    }

    @Override
    public void wakeUp() {
        synchronized (lock) {
            generation++;
            lock.notifyAll();
        }
    }
}
