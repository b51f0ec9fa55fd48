package dev.vigil.runner.service;

import dev.vigil.config.ModelConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.Settings;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.ModelSpec;
import dev.vigil.runner.scheduler.Ticker;
import dev.vigil.runner.state.Combination;
import dev.vigil.runner.state.StateStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the models of the long-running schedulers (periodic and one-off; backtesting windows keep
 * their own, short-lived state) live between jobs, and for how long.
 *
 * <p><b>On-disk mode</b> ({@code VMANOMALY_MODEL_DUMPS_DIR} set, {@code restore_state} off; vmanomaly
 * docs, "on-disk mode"): after a model stage, the models of the (scheduler, model, query) are written
 * to one dump file in {@code $VMANOMALY_MODEL_DUMPS_DIR/vigil-models/} and dropped from the heap; only
 * an index stays in memory (each series' labels, last inferred timestamp and last use). Before the
 * next stage of that combination, the file is read back. A stage therefore holds the models of one
 * combination at a time. The dumps are not meant to survive a restart: the directory is emptied at
 * start ({@code restore_state} is what keeps models across restarts).
 *
 * <p><b>Retention</b> ({@code settings.retention}): each series is stamped with the service clock when
 * a job has it in its data; at the end of the first job after each {@code check_interval}, the series
 * not stamped for {@code ttl} lose their model and their index entry, in memory, in the dump file and
 * in the stored state of {@code restore_state}.
 *
 * <p>Thread-safety: called from the threads of the service's long-running jobs; the jobs of one
 * scheduler run one at a time, and every call touches only the combinations of its job's scheduler;
 * not for backtesting windows. Cost: a load or unload is linear in the combination's series
 * and state bytes; a retention check is linear in all series held.
 */
final class Residency {

    private static final Logger LOG = LoggerFactory.getLogger("service.state");

    private volatile RunnerConfig config;
    /** On-disk mode's dump files; {@code null}: models stay in the heap. */
    private final StateStore dumps;
    private volatile Settings.Retention retention;
    private final Ticker ticker;
    /** The time of each scheduler's last retention check (epoch ms). */
    private final Map<String, Long> lastCheck = new ConcurrentHashMap<>();

    private Residency(RunnerConfig config, StateStore dumps, Settings.Retention retention, Ticker ticker) {
        this.config = config;
        this.dumps = dumps;
        this.retention = retention;
        this.ticker = ticker;
    }

    /** The residency of {@code config}'s models in the heap (retention only). */
    static Residency inHeap(RunnerConfig config, Ticker ticker) {
        return new Residency(config, null, config.settings().retention(), ticker);
    }

    /**
     * The residency of {@code config}'s models: on disk in {@code dumps} ({@code null}: in the heap),
     * whose stale files, left by an earlier run, are deleted now.
     */
    static Residency of(RunnerConfig config, StateStore dumps, Ticker ticker) throws IOException {
        if (dumps != null) {
            int n = dumps.deleteAll();
            if (n > 0) {
                LOG.info("on-disk mode: deleted {} model dump(s) left by an earlier run in {}", n, dumps.dir());
            }
            LOG.info("on-disk mode: models are kept in {} between jobs", dumps.dir());
        }
        return new Residency(config, dumps, config.settings().retention(), ticker);
    }

    /**
     * A hot reload to {@code next}: its {@code settings.retention} applies from the next job on (the
     * check interval counts from the last check), and the dumps of the {@code removed} combinations
     * are deleted. Whether models live on disk does not change: it follows {@code restore_state} and
     * {@code VMANOMALY_MODEL_DUMPS_DIR}, read at start.
     */
    void reconfigure(RunnerConfig next, Collection<Combination> removed) {
        config = next;
        if (!java.util.Objects.equals(retention, next.settings().retention())) {
            LOG.info("settings.retention changed to {}: applies from the next job on", next.settings().retention());
        }
        retention = next.settings().retention();
        if (dumps == null) {
            return;
        }
        for (Combination c : removed) {
            try {
                dumps.delete(c);
            } catch (IOException e) {
                LOG.error("on-disk mode: cannot delete the model dump of {}, removed by a reload: {}", c, e.toString());
            }
        }
    }

    /** Whether models live on disk between jobs. */
    boolean onDisk() {
        return dumps != null;
    }

    /**
     * Before a stage of {@code c}: reads the dumped models of {@code states} back into the heap. A
     * dump that cannot be read is logged; its series start again (an online model afresh, an offline
     * one at the next fit).
     */
    void load(Combination c, ModelSpec spec, Map<Labels, SeriesState> states) {
        if (dumps == null) {
            return;
        }
        try {
            StateStore.Header h = dumps.header(c);
            if (h != null) {
                dumps.load(h, spec).forEach((l, e) -> {
                    SeriesState s = states.get(l);
                    if (s != null && s.dumped && e.model() != null) {
                        s.model = e.model();
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("on-disk mode: cannot read the models of {} from {}: {}; their series start again", c,
                    dumps.dir(), e.toString());
        }
        states.values().forEach(s -> s.dumped = false);
    }

    /**
     * After a stage of {@code c} on {@code data}: stamps the series in {@code data} as used (retention)
     * and, in on-disk mode, writes the models of {@code states} to the dump file and drops them from the
     * heap. A dump that cannot be written is logged and the models stay in the heap.
     */
    void unload(Combination c, List<Series> data, Map<Labels, SeriesState> states) {
        used(data, states);
        if (dumps != null) {
            dump(c, states);
        }
    }

    /** Stamps the series in {@code data} as used now (retention); for a stage run in parts. O(data). */
    void used(List<Series> data, Map<Labels, SeriesState> states) {
        if (retention != null) {
            long now = ticker.now().toEpochMilli();
            for (Series s : data) {
                SeriesState st = states.get(s.labels());
                if (st != null) {
                    st.lastUsed = now;
                }
            }
        }
    }

    private void dump(Combination c, Map<Labels, SeriesState> states) {
        List<StateStore.Entry> entries = new ArrayList<>(states.size());
        List<SeriesState> held = new ArrayList<>(states.size());
        states.forEach((l, s) -> {
            if (s.model != null) {
                entries.add(new StateStore.Entry(l, s.model, s.lastSeen));
                held.add(s);
            }
        });
        try {
            if (entries.isEmpty()) {
                dumps.delete(c);
                return;
            }
            dumps.write(c, "", 0L, entries);
        } catch (IOException | RuntimeException e) {
            LOG.error("on-disk mode: cannot write the models of {} to {}: {}; they stay in memory", c, dumps.dir(),
                    e.toString());
            return;
        }
        for (SeriesState s : held) {
            synchronized (s) {
                s.dumped = true;
                s.model = null;
            }
        }
    }

    /**
     * After a job of {@code scheduler}: when {@code check_interval} has passed since that scheduler's
     * last check, drops its series in {@code all} not used for {@code ttl}, and rewrites their dump
     * files and, with {@code persistence}, their stored state. Each scheduler checks only its own
     * combinations, so that the check never touches models another scheduler's job is using.
     *
     * @return how many series were dropped
     */
    int afterJob(String scheduler, SeriesStates all, Persistence persistence) {
        if (retention == null) {
            return 0;
        }
        long now = ticker.now().toEpochMilli();
        Long last = lastCheck.get(scheduler);
        if (last != null && now - last < retention.checkInterval().toMillis()) {
            return 0;
        }
        lastCheck.put(scheduler, now);
        long cutoff = now - retention.ttl().toMillis();
        int[] dropped = {0};
        all.forEach((c, states) -> {
            if (!c.scheduler().equals(scheduler)) {
                return;
            }
            int before = states.size();
            states.values().forEach(s -> {
                if (s.lastUsed == Long.MIN_VALUE) {
                    s.lastUsed = now; // held since before retention could see it (e.g. restored): its ttl starts now
                }
            });
            states.values().removeIf(s -> s.lastUsed < cutoff);
            int n = before - states.size();
            if (n == 0) {
                return;
            }
            dropped[0] += n;
            LOG.info("retention: dropped the models of {} series of {} unused for more than {}", n, c,
                    retention.ttl());
            if (dumps != null) {
                rewriteDump(c, states);
            }
            if (persistence != null) {
                persistence.save(c, states);
            }
        });
        return dropped[0];
    }

    /** The dump file of {@code c} without the series no longer in {@code states}. */
    private void rewriteDump(Combination c, Map<Labels, SeriesState> states) {
        ModelConfig m = config.models().get(c.model());
        ModelSpec spec = m == null ? null : m.specs().get(c.query());
        try {
            StateStore.Header h = dumps.header(c);
            if (h == null || spec == null) {
                return;
            }
            List<StateStore.Entry> kept = new ArrayList<>();
            dumps.load(h, spec).forEach((l, e) -> {
                if (states.containsKey(l)) {
                    kept.add(e);
                }
            });
            if (kept.isEmpty()) {
                dumps.delete(c);
            } else {
                dumps.write(c, "", 0L, kept);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("retention: cannot rewrite the model dump of {}: {}", c, e.toString());
        }
    }
}
