package dev.vigil.runner.service;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Up to {@code n} concurrent windows of one backtesting scheduler ({@code n_jobs: n}): a permit per
 * window in flight, taken by the service loop before it hands a window to the scheduler's own daemon
 * threads {@code vigil-backtest-<scheduler>-<k>}.
 *
 * <p>Thread-safe: {@link #submit} and {@link #awaitIdle} are called by the service loop, the
 * permits are released by the window threads.
 */
final class BacktestWindows implements AutoCloseable {

    private final int n;
    private final Semaphore permits;
    private final ExecutorService threads;

    BacktestWindows(String scheduler, int n) {
        this.n = n;
        this.permits = new Semaphore(n);
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "vigil-backtest-" + scheduler + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for a free slot, then runs {@code window} on it unless {@code go} has turned false meanwhile. */
    void submit(Runnable window, BooleanSupplier go) throws InterruptedException {
        permits.acquire();
        if (!go.getAsBoolean()) {
            permits.release();
            return;
        }
        try {
            threads.execute(() -> {
                try {
                    window.run();
                } finally {
                    permits.release();
                }
            });
        } catch (RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    /** Waits until no window is in flight. */
    void awaitIdle() throws InterruptedException {
        permits.acquire(n);
        permits.release(n);
    }

    /** Stops the threads (windows in flight complete). */
    @Override
    public void close() {
        threads.shutdown();
    }
}
