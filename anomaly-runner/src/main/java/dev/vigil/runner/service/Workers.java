package dev.vigil.runner.service;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the fit/infer tasks of a model stage on {@code settings.n_workers} threads: for one worker,
 * on the calling thread but one task at a time across all callers, else on a pool of daemon threads
 * {@code vigil-worker}. Either way at most {@code n_workers} tasks run at once however many scheduler
 * timelines and backtesting windows call {@link #runAll} together. An interface so that tests can
 * observe the tasks.
 *
 * <p>{@link #start} hands one task to the workers and returns at once, so that a streamed read can
 * go on parsing while the workers score the series it handed on, and keep them busy with the tasks of
 * several batches instead of waiting for each batch's slowest task.
 *
 * <p>Thread-safety: {@link #runAll} may be called from several threads at once (the timelines of
 * the schedulers, parallel backtesting windows); {@link #close()} once, when the service closes.
 */
interface Workers extends AutoCloseable {

    /**
     * Runs every task and returns their results in task order, {@code failed} for a task that threw.
     * When the calling thread is interrupted meanwhile, returns the results gathered so far with the
     * interrupt flag set.
     */
    <T> List<T> runAll(List<Callable<T>> tasks, T failed);

    /**
     * Starts {@code task} beside the caller (never on the calling thread) and returns at once; the
     * future fails with what the task threw. It counts toward the {@code n_workers} tasks running at
     * once, with those of {@link #runAll}; the tasks started by one caller start in the order given
     * (each worker takes the oldest task waiting). The caller must not hold anything a task waits for.
     */
    <T> Future<T> start(Callable<T> task);

    /**
     * Tasks run one at a time, in the order they were submitted, on the shared daemon threads
     * {@code vigil-stage} (created on demand, ended after a minute idle): one thread drains the lane
     * while tasks are queued, so a caller that keeps the lane busy wakes no thread per task.
     * Thread-safe.
     */
    final class SerialLane {
        static final ExecutorService THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemons("vigil-stage"));

        private final ArrayDeque<FutureTask<?>> queued = new ArrayDeque<>();
        private boolean draining;

        /** Queues {@code task} after the tasks submitted before it and returns at once. */
        <T> Future<T> submit(Callable<T> task) {
            FutureTask<T> f = new FutureTask<>(task);
            synchronized (this) {
                queued.add(f);
                if (draining) {
                    return f;
                }
                draining = true;
            }
            THREADS.execute(this::drain);
            return f;
        }

        private void drain() {
            while (true) {
                FutureTask<?> next;
                synchronized (this) {
                    next = queued.poll();
                    if (next == null) {
                        draining = false;
                        return;
                    }
                }
                next.run(); // a task that throws completes its future exceptionally; the lane goes on
            }
        }
    }

    /** Daemon threads named {@code name}: the service's threads never keep the JVM alive. */
    private static ThreadFactory daemons(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Stops the threads (tasks in progress complete). */
    @Override
    void close();

    /** {@code n} workers ({@code n < 1} counts as one). */
    static Workers of(int n) {
        return n <= 1 ? new Inline() : new Pool(n);
    }

    /**
     * One worker: the calling thread, holding the single permit while a task runs; a started task runs
     * on a {@link SerialLane} beside its caller, holding the permit too.
     */
    final class Inline implements Workers {
        private final Semaphore permit = new Semaphore(1, true);
        /** Where started tasks run: beside their callers, one at a time (they share the permit anyway). */
        private final SerialLane beside = new SerialLane();

        @Override
        public <T> Future<T> start(Callable<T> task) {
            return beside.submit(() -> {
                // uninterruptibly: nothing interrupts the lane's threads, and the task must run
                permit.acquireUninterruptibly();
                try {
                    return task.call();
                } finally {
                    permit.release();
                }
            });
        }

        @Override
        public <T> List<T> runAll(List<Callable<T>> tasks, T failed) {
            List<T> res = new ArrayList<>(tasks.size());
            for (Callable<T> t : tasks) {
                try {
                    permit.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return res;
                }
                try {
                    res.add(t.call());
                } catch (Exception e) {
                    res.add(failed);
                } finally {
                    permit.release();
                }
            }
            return res;
        }

        @Override
        public void close() {
        }
    }

    /** A fixed pool of {@code n} daemon threads, taking the tasks of every caller in the order they came. */
    final class Pool implements Workers {
        private final ExecutorService pool;

        Pool(int n) {
            pool = Executors.newFixedThreadPool(n, daemons("vigil-worker"));
        }

        @Override
        public <T> Future<T> start(Callable<T> task) {
            return pool.submit(task);
        }

        @Override
        public <T> List<T> runAll(List<Callable<T>> tasks, T failed) {
            List<T> res = new ArrayList<>(tasks.size());
            try {
                for (Future<T> f : pool.invokeAll(tasks)) {
                    try {
                        res.add(f.get());
                    } catch (ExecutionException e) {
                        res.add(failed);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return res;
        }

        @Override
        public void close() {
            pool.shutdown();
        }
    }
}
