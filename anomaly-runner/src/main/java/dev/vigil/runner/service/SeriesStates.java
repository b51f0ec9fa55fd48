package dev.vigil.runner.service;

import dev.vigil.core.series.Labels;
import dev.vigil.config.ModelConfig;
import dev.vigil.runner.state.Combination;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The model state of a set of jobs: a {@link SeriesState} per series of each (scheduler, model,
 * query). The service keeps one for its long-running schedulers; each backtesting window gets a new
 * one, dropped when the window is done, so no state leaks from one window to the next.
 *
 * <p>Thread-safe (concurrent maps; a series' state is created once).
 */
final class SeriesStates {

    private final Map<Combination, Map<Labels, SeriesState>> states = new ConcurrentHashMap<>();

    /** The series states of (scheduler, model, query), created empty on first use. */
    Map<Labels, SeriesState> of(String scheduler, String model, String query) {
        return states.computeIfAbsent(new Combination(scheduler, model, query), k -> new ConcurrentHashMap<>());
    }

    /** Calls {@code action} with every (scheduler, model, query) and its series states. */
    void forEach(BiConsumer<Combination, Map<Labels, SeriesState>> action) {
        states.forEach(action);
    }

    /** Drops the series states of (scheduler, model, query), e.g. when a hot reload removed or changed it. */
    void drop(String scheduler, String model, String query) {
        states.remove(new Combination(scheduler, model, query));
    }

    /** Whether (scheduler, model, query) has any series state. */
    boolean has(String scheduler, String model, String query) {
        Map<Labels, SeriesState> m = states.get(new Combination(scheduler, model, query));
        return m != null && !m.isEmpty();
    }

    /**
     * The oldest timestamp inferred per series over {@code models} of (scheduler, query): where an
     * inference catching up resumes. Series not inferred yet are left out. O(series x models).
     */
    Map<Labels, Long> lastSeen(String scheduler, String query, List<ModelConfig> models) {
        Map<Labels, Long> out = new HashMap<>();
        for (ModelConfig m : models) {
            Map<Labels, SeriesState> st = states.get(new Combination(scheduler, m.alias(), query));
            if (st != null) {
                st.forEach((l, s) -> {
                    if (s.lastSeen != Long.MIN_VALUE) {
                        out.merge(l, s.lastSeen, Math::min);
                    }
                });
            }
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
