package dev.vigil.runner.service;

import dev.vigil.config.ModelConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.SchedulerConfig;
import dev.vigil.core.series.Labels;
import dev.vigil.models.ModelSpec;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.runner.scheduler.Schedule;
import dev.vigil.runner.scheduler.Schedules;
import dev.vigil.runner.state.Combination;
import dev.vigil.runner.state.RestorePlan;
import dev.vigil.runner.state.Signatures;
import dev.vigil.runner.state.StateStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code settings.restore_state} inside the service: at start, applies the {@link RestorePlan}
 * (deletes the files of removed combinations, loads the reused models into the service's
 * {@link SeriesStates}, resumes the schedules of periodic schedulers that have reused models); while
 * running, writes a combination's file after every job that fitted it and, for online models, after
 * every job that inferred it (one write per combination per job); after an inference of an offline
 * model, only the last point scored per series ({@link StateStore#writeLastSeen}), so that a restart
 * resumes scoring after it instead of after the last fit. The groups of multivariate and peer models
 * are stored the same way ({@link GroupFiles}), after every job that fitted or inferred them
 * ({@link #afterGroups}), and restored into the service's {@link GroupStates}.
 *
 * <p>A combination that must be fitted (changed, stale or new) while its scheduler resumes is fitted
 * at the scheduler's first job even when that job only infers ({@link Refits}).
 *
 * <p>On a hot reload, {@link #reconfigure} switches to the new configuration's signatures and deletes
 * the files of the combinations removed or changed.
 *
 * <p>Thread-safety: {@link #restore} runs before any job; the other methods are called from the
 * scheduler threads (each combination belongs to one scheduler, whose jobs run one at a time) and
 * from the reload; the maps are concurrent and the configuration is swapped atomically.
 */
final class Persistence {

    private static final Logger LOG = LoggerFactory.getLogger("service.state");

    private final StateStore store;
    private final RestorePlan plan;
    private final Map<Combination, Long> lastFit = new ConcurrentHashMap<>();
    /** The configuration in force and its signatures, swapped together by {@link #reconfigure}. */
    private volatile Current current;

    private record Current(RunnerConfig config, Map<Combination, String> signatures) {
    }

    private Persistence(StateStore store, RunnerConfig config, RestorePlan plan) {
        this.store = store;
        this.plan = plan;
        this.current = new Current(config, plan.signatures());
    }

    /**
     * Reads the store, applies the plan of a start at {@code now} and loads the reused models into
     * {@code states}, those of multivariate and peer models into {@code groups}. A reused combination whose file cannot be loaded is refitted instead; every
     * combination to fit is added to {@code refits}.
     */
    static Persistence restore(StateStore store, RunnerConfig config, Instant now, SeriesStates states,
                               GroupStates groups, Refits refits) throws IOException {
        int temp = store.deleteTemporary();
        if (temp > 0) {
            LOG.info("deleted {} incomplete state file(s) left by an interrupted write", temp);
        }
        RestorePlan plan = RestorePlan.of(config, store.headers(), now);
        Persistence p = new Persistence(store, config, plan);
        plan.describe().forEach(l -> LOG.info("state: {}", l));
        for (StateStore.Header h : plan.delete()) {
            store.delete(h);
        }
        for (Combination c : plan.signatures().keySet()) {
            if (plan.needsFit(c)) {
                refits.add(c);
            }
        }
        plan.refitFrom().forEach((c, h) -> {
            // Refitted, but what was scored stays scored: resume after it (catching up within the limit).
            ModelConfig rm = config.models().get(c.model());
            if (rm != null && GroupStage.grouped(rm)) {
                return; // a group's refit scores from its first job's window, as without a file
            }
            try {
                Map<Labels, SeriesState> into = states.of(c.scheduler(), c.model(), c.query());
                store.lastSeen(h).forEach((l, t) -> {
                    SeriesState s = new SeriesState();
                    s.lastSeen = t;
                    into.put(l, s);
                });
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot read the last scored points of {}: {}; it scores from its first job's window", c,
                        e.getMessage());
            }
        });
        plan.reuse().forEach((c, h) -> {
            ModelConfig m = config.models().get(c.model());
            if (GroupStage.grouped(m)) {
                try {
                    GroupFiles.restore(store.load(h, m.specs().get(c.query())).values(), groups, c.scheduler(), m,
                            GroupFiles.key(config, c.scheduler(), m, c.query()));
                    p.lastFit.put(c, h.lastFitMs());
                } catch (IOException | RuntimeException e) {
                    LOG.warn("cannot load the stored groups of {}: {}; it is refitted", c, e.getMessage());
                    groups.drop(c.scheduler(), c.model());
                    refits.add(c);
                }
                return;
            }
            try {
                Map<Labels, SeriesState> into = states.of(c.scheduler(), c.model(), c.query());
                store.load(h, m.specs().get(c.query())).forEach((l, e) -> {
                    SeriesState s = new SeriesState();
                    s.model = e.model();
                    s.lastSeen = e.lastSeen();
                    into.put(l, s);
                });
                // An offline model scored past its last fit: resume after the newest point scored.
                store.loadLastSeen(c).forEach((l, t) -> {
                    SeriesState s = into.get(l);
                    if (s != null && t > s.lastSeen) {
                        s.lastSeen = t;
                    }
                });
                p.lastFit.put(c, h.lastFitMs());
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot load the stored state of {}: {}; it is refitted", c, e.getMessage());
                states.of(c.scheduler(), c.model(), c.query()).clear();
                refits.add(c);
            }
        });
        return p;
    }

    /** The schedule of {@code sc}: resumed when it has reused models, else {@code null} (start afresh). */
    Schedule resumed(SchedulerConfig sc, Instant now, Duration step) {
        Instant from = plan.resumeFrom(sc.alias());
        if (from == null || !(sc instanceof SchedulerConfig.Periodic p)) {
            return null;
        }
        LOG.info("scheduler '{}': resuming from the last fit at {}", sc.alias(), from);
        return Schedules.resume(p, from, now, step);
    }

    /** Whether {@code scheduler} persists (periodic schedulers only). */
    boolean persists(String scheduler) {
        return current.config().schedulers().get(scheduler) instanceof SchedulerConfig.Periodic;
    }

    /**
     * A hot reload to {@code config}: from now on files carry its signatures; the files of
     * {@code dropped} combinations (removed, or changed and to be refitted) are deleted, so a restart
     * before the refit does not load a model the configuration no longer describes.
     */
    void reconfigure(RunnerConfig config, Map<Combination, String> signatures, Iterable<Combination> dropped) {
        current = new Current(config, Map.copyOf(signatures));
        for (Combination c : dropped) {
            lastFit.remove(c);
            try {
                store.delete(c);
            } catch (IOException e) {
                LOG.error("cannot delete the stored state of {}: {}", c, e.toString());
            }
        }
    }

    /**
     * After {@code job} ran model {@code m} on {@code query} with {@code jobConfig}: writes the
     * combination's file when the job fitted it, or inferred with an online model; its last-seen file
     * when an offline model only inferred. A failed write is logged; the service goes on and the
     * previous file stays.
     */
    void afterStage(RunnerConfig jobConfig, String scheduler, ModelConfig m, String query, Job job,
                    Map<Labels, SeriesState> states) {
        Combination c = new Combination(scheduler, m.alias(), query);
        Current now = current;
        if (jobConfig != now.config()
                && !java.util.Objects.equals(Signatures.of(jobConfig).get(c), now.signatures().get(c))) {
            return; // a job of the configuration before a hot reload: its model no longer matches
        }
        ModelSpec spec = m.specs().get(query);
        if (job.fits()) {
            lastFit.put(c, job.at().toEpochMilli());
        } else if (!job.infers()) {
            return;
        }
        if (!job.fits() && !spec.isOnline()) {
            if (lastFit.containsKey(c)) {
                writeLastSeen(c, states);
            }
            return;
        }
        save(c, states);
    }

    /**
     * After {@code job} ran group model {@code m} (multivariate or peer) on {@code queries}: writes the
     * groups of every combination of them that the job fitted or inferred, one file per query. Both
     * kinds may learn while inferring (peer groups always, online multivariate models), so each
     * inference writes too. A failed write is logged; the previous file stays.
     */
    void afterGroups(RunnerConfig jobConfig, String scheduler, ModelConfig m, List<String> queries, Job job,
                     GroupStates groups) {
        if (!job.fits() && !job.infers()) {
            return;
        }
        Current now = current;
        for (String q : queries) {
            Combination c = new Combination(scheduler, m.alias(), q);
            if (jobConfig != now.config()
                    && !java.util.Objects.equals(Signatures.of(jobConfig).get(c), now.signatures().get(c))) {
                continue; // a job of the configuration before a hot reload: its model no longer matches
            }
            if (job.fits()) {
                lastFit.put(c, job.at().toEpochMilli());
            }
            Long fit = lastFit.get(c);
            String signature = now.signatures().get(c);
            if (fit == null || signature == null) {
                continue; // never fitted (stored after its first fit), or removed by a hot reload
            }
            try {
                store.write(c, signature, fit, GroupFiles.entries(groups, scheduler, m,
                        GroupFiles.key(jobConfig, scheduler, m, q)));
            } catch (IOException | RuntimeException e) {
                LOG.error("cannot save the groups of {}: {}", c, e.toString());
            }
        }
    }

    /**
     * Writes the file of {@code c} with {@code states} (also after retention dropped some of them),
     * once the combination has been fitted; a failed write is logged and the previous file stays.
     */
    void save(Combination c, Map<Labels, SeriesState> states) {
        Long fit = lastFit.get(c);
        if (fit == null) {
            return; // an online model started without a fit: stored after its first fit
        }
        List<StateStore.Entry> entries = new ArrayList<>(states.size());
        states.forEach((l, s) -> {
            synchronized (s) {
                entries.add(new StateStore.Entry(l, s.model, s.lastSeen));
            }
        });
        try {
            String signature = current.signatures().get(c);
            if (signature == null) {
                return; // removed by a hot reload while this job ran
            }
            store.write(c, signature, fit, entries);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot save the state of {}: {}", c, e.toString());
        }
    }

    /**
     * After an inference of an offline model (its model file is written after fits only): the last
     * point scored per series, so that a restart does not score them again. A failed write is logged;
     * a restart then scores again the points since the last successful write.
     */
    private void writeLastSeen(Combination c, Map<Labels, SeriesState> states) {
        Map<Labels, Long> seen = new HashMap<>(states.size() * 2);
        states.forEach((l, s) -> {
            long t = s.lastSeen;
            if (t != Long.MIN_VALUE) {
                seen.put(l, t);
            }
        });
        try {
            store.writeLastSeen(c, seen);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot save the last scored points of {}: {}", c, e.toString());
        }
    }
}
