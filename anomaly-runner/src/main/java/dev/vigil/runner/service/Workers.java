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
 * <p>A {@link #lane()} runs whole stages (which themselves call {@link #runAll}) one after the other
 * on a thread that is not one of the workers, so that a streamed read can parse the next batches of
 * series while the workers score the earlier ones.
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
     * A new lane beside the workers (see {@link Lane}). Its thread is not one of the workers: a stage
     * waits for the workers' tasks, so running it on a worker could leave none to run them.
     */
    default Lane lane() {
        return new SerialLane();
    }

    /**
     * Stages run one at a time, in the order they were submitted, on a thread beside the caller, so
     * that a streamed read can parse the next batches of series while the workers score the earlier
     * ones. Thread-safe.
     */
    interface Lane {

        /** Queues {@code stage} after the stages submitted before it and returns at once. */
        Future<?> submit(Runnable stage);
    }

    /**
     * A {@link Lane} on the shared daemon threads {@code vigil-stage} (created on demand, ended after a
     * minute idle): one thread drains the lane while stages are queued, so a read that keeps the lane
     * busy wakes no thread per stage.
     */
    final class SerialLane implements Lane {
        static final ExecutorService THREADS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemons("vigil-stage"));

        private final ArrayDeque<FutureTask<Void>> queued = new ArrayDeque<>();
        private boolean draining;

        @Override
        public Future<?> submit(Runnable stage) {
            FutureTask<Void> task = new FutureTask<>(stage, null);
            synchronized (this) {
                queued.add(task);
                if (draining) {
                    return task;
                }
                draining = true;
            }
            THREADS.execute(this::drain);
            return task;
        }

        private void drain() {
            while (true) {
                FutureTask<Void> next;
                synchronized (this) {
                    next = queued.poll();
                    if (next == null) {
                        draining = false;
                        return;
                    }
                }
                next.run(); // a stage that throws completes its future exceptionally; the lane goes on
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

    /** One worker: the calling thread, holding the single permit while a task runs. */
    final class Inline implements Workers {
        private final Semaphore permit = new Semaphore(1, true);

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

    /** A fixed pool of {@code n} daemon threads. */
    final class Pool implements Workers {
        private final ExecutorService pool;

        Pool(int n) {
            pool = Executors.newFixedThreadPool(n, daemons("vigil-worker"));
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
