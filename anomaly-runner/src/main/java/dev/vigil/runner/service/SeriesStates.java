package dev.vigil.runner.service;

import dev.vigil.core.series.Labels;
import dev.vigil.config.ModelConfig;
import dev.vigil.runner.state.Combination;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiConsumer;

/**
 * The model state of a set of jobs: a {@link SeriesState} per series of each (scheduler, model,
 * query). The service keeps one for its long-running schedulers; each backtesting window gets a new
 * one, dropped when the window is done, so no state leaks from one window to the next.
 *
 * <p>Hot reload: {@link #retire} drops or resets combinations and starts a new generation; a job
 * of an older generation uses a combination only through a {@link #guard}, so it can neither touch
 * nor recreate (in memory or, through its persistence, on disk) a combination retired after it
 * started.
 *
 * <p>Thread-safe (concurrent maps; a series' state is created once; guards are read locks, a
 * retirement the write lock, so it waits for the stages in progress).
 */
final class SeriesStates {

    private final Map<Combination, Map<Labels, SeriesState>> states = new ConcurrentHashMap<>();
    /** The generation in which each combination was last retired. */
    private final Map<Combination, Long> retiredIn = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile long generation;

    /** A combination's use by a job: {@link #current()} says whether it may go on; close it after the stage. */
    final class Guard implements AutoCloseable {
        private final boolean current;

        private Guard(boolean current) {
            this.current = current;
        }

        /** Whether the combination was not retired since the job's generation. */
        boolean current() {
            return current;
        }

        @Override
        public void close() {
            lock.readLock().unlock();
        }
    }

    /** The current generation: what a job captures when it starts. */
    long generation() {
        return generation;
    }

    /**
     * Holds {@code c} for a job of generation {@code since} until the guard is closed: a retirement of
     * {@code c} waits meanwhile, and one that happened after {@code since} makes the guard not current.
     */
    Guard guard(Combination c, long since) {
        lock.readLock().lock();
        return new Guard(retiredIn.getOrDefault(c, Long.MIN_VALUE) <= since);
    }

    /**
     * {@link #guard} without waiting, for a task on a worker thread: {@code null} when a retirement
     * runs or waits (the caller then takes a {@link #guard} on a thread holding no worker). A worker
     * must not wait for the lock: the retirement waits for the stages in progress, and a stage may be
     * waiting for that very worker.
     */
    Guard tryGuard(Combination c, long since) {
        if (lock.hasQueuedThreads() || !lock.readLock().tryLock()) {
            return null;
        }
        return new Guard(retiredIn.getOrDefault(c, Long.MIN_VALUE) <= since);
    }

    /**
     * A hot reload: drops the series states of {@code dropped} and resets those of {@code reset} to
     * their last inferred timestamps (a changed model is refitted but resumes scoring after its last
     * scored point, nothing is scored twice), once the stages in progress on any combination are
     * done; starts a new generation. O(series of {@code reset}).
     *
     * @return the new generation
     */
    long retire(Collection<Combination> dropped, Collection<Combination> reset) {
        lock.writeLock().lock();
        try {
            long g = generation + 1;
            for (Combination c : dropped) {
                states.remove(c);
                retiredIn.put(c, g);
            }
            for (Combination c : reset) {
                Map<Labels, SeriesState> old = states.remove(c);
                if (old != null) {
                    Map<Labels, SeriesState> fresh = new ConcurrentHashMap<>();
                    old.forEach((l, o) -> {
                        SeriesState n = new SeriesState();
                        n.lastSeen = o.lastSeen;
                        n.lastUsed = o.lastUsed;
                        fresh.put(l, n);
                    });
                    states.put(c, fresh);
                }
                retiredIn.put(c, g);
            }
            generation = g;
            return g;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The series states of (scheduler, model, query), created empty on first use. */
    Map<Labels, SeriesState> of(String scheduler, String model, String query) {
        return states.computeIfAbsent(new Combination(scheduler, model, query), k -> new ConcurrentHashMap<>());
    }

    /** Calls {@code action} with every (scheduler, model, query) and its series states. */
    void forEach(BiConsumer<Combination, Map<Labels, SeriesState>> action) {
        states.forEach(action);
    }

    /** Whether (scheduler, model, query) has any series state. */
    boolean has(String scheduler, String model, String query) {
        Map<Labels, SeriesState> m = states.get(new Combination(scheduler, model, query));
        return m != null && !m.isEmpty();
    }

    /**
     * The oldest timestamp inferred per series over {@code models} of (scheduler, query): where an
     * inference catching up resumes. Series not inferred yet are left out. O(series x models); sized
     * once for the series, and with one model (the usual case) a plain copy without merging.
     */
    Map<Labels, Long> lastSeen(String scheduler, String query, List<ModelConfig> models) {
        List<Map<Labels, SeriesState>> maps = new ArrayList<>(models.size());
        int size = 0;
        for (ModelConfig m : models) {
            Map<Labels, SeriesState> st = states.get(new Combination(scheduler, m.alias(), query));
            if (st != null) {
                maps.add(st);
                size = Math.max(size, st.size());
            }
        }
        // the default load factor (0.75): capacity for the largest model's series without a rehash
        Map<Labels, Long> out = new HashMap<>(size + size / 3 + 1);
        for (Map<Labels, SeriesState> st : maps) {
            boolean merge = maps.size() > 1;
            st.forEach((l, s) -> {
                if (s.lastSeen != Long.MIN_VALUE) {
                    if (merge) {
                        out.merge(l, s.lastSeen, Math::min);
                    } else {
                        out.put(l, s.lastSeen);
                    }
                }
            });
        }
        return out;
    }

    /** The number of series in {@code states} that have a model. */
    static int active(Map<Labels, SeriesState> states) {
        int active = 0;
        for (SeriesState s : states.values()) {
            if (s.model != null) {
                active++;
            }
        }
        return active;
    }
}
