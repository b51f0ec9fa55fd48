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
import dev.vigil.runner.state.StateStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code settings.restore_state} inside the service: at start, applies the {@link RestorePlan}
 * (deletes the files of removed combinations, loads the reused models into the service's
 * {@link SeriesStates}, resumes the schedules of periodic schedulers that have reused models); while
 * running, writes a combination's file after every job that fitted it and, for online models, after
 * every job that inferred it (one write per combination per job).
 *
 * <p>A combination that must be fitted (changed, stale or new) while its scheduler resumes is fitted
 * at the scheduler's first job even when that job only infers ({@link #fitJob}).
 *
 * <p>Thread-safety: {@link #restore} runs before any job; the other methods are called from the
 * job thread of periodic schedulers (jobs of periodic schedulers run one at a time). The sets are
 * concurrent all the same.
 */
final class Persistence {

    private static final Logger LOG = LoggerFactory.getLogger("service.state");

    private final StateStore store;
    private final RunnerConfig config;
    private final RestorePlan plan;
    private final Set<Combination> needsFit = ConcurrentHashMap.newKeySet();
    private final Map<Combination, Long> lastFit = new ConcurrentHashMap<>();

    private Persistence(StateStore store, RunnerConfig config, RestorePlan plan) {
        this.store = store;
        this.config = config;
        this.plan = plan;
    }

    /**
     * Reads the store, applies the plan of a start at {@code now} and loads the reused models into
     * {@code states}. A reused combination whose file cannot be loaded is refitted instead.
     */
    static Persistence restore(StateStore store, RunnerConfig config, Instant now, SeriesStates states)
            throws IOException {
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
                p.needsFit.add(c);
            }
        }
        plan.reuse().forEach((c, h) -> {
            ModelConfig m = config.models().get(c.model());
            try {
                Map<Labels, SeriesState> into = states.of(c.scheduler(), c.model(), c.query());
                store.load(h, m.specs().get(c.query())).forEach((l, e) -> {
                    SeriesState s = new SeriesState();
                    s.model = e.model();
                    s.lastSeen = e.lastSeen();
                    into.put(l, s);
                });
                p.lastFit.put(c, h.lastFitMs());
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot load the stored state of {}: {}; it is refitted", c, e.getMessage());
                states.of(c.scheduler(), c.model(), c.query()).clear();
                p.needsFit.add(c);
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
        return config.schedulers().get(scheduler) instanceof SchedulerConfig.Periodic;
    }

    /**
     * {@code job} for model {@code model} on {@code query}: widened to a fit on the scheduler's
     * {@code fit_window} up to {@code job.at()} when the combination still needs a fit, else
     * {@code job} itself.
     */
    Job fitJob(String scheduler, String model, String query, Job job) {
        if (job.fits() || !needsFit.contains(new Combination(scheduler, model, query))
                || !(config.schedulers().get(scheduler) instanceof SchedulerConfig.Periodic p)) {
            return job;
        }
        return new Job(job.at(), job.infers() ? Job.Stage.FIT_INFER : Job.Stage.FIT, job.at().minus(p.fitWindow()),
                job.at(), job.inferStart(), job.inferEnd());
    }

    /** The jobs of {@code models} on {@code query}, each widened by {@link #fitJob} where needed. */
    List<Job> jobs(String scheduler, String query, List<ModelConfig> models, Job job) {
        List<Job> out = new ArrayList<>(models.size());
        for (ModelConfig m : models) {
            out.add(fitJob(scheduler, m.alias(), query, job));
        }
        return out;
    }

    /**
     * After {@code job} ran model {@code m} on {@code query}: writes the combination's file when
     * the job fitted it, or inferred with an online model. A failed write is logged; the service
     * goes on and the previous file stays.
     */
    void afterStage(String scheduler, ModelConfig m, String query, Job job, Map<Labels, SeriesState> states) {
        Combination c = new Combination(scheduler, m.alias(), query);
        ModelSpec spec = m.specs().get(query);
        if (job.fits()) {
            lastFit.put(c, job.at().toEpochMilli());
            needsFit.remove(c);
        } else if (!(job.infers() && spec.isOnline())) {
            return;
        }
        save(c, states);
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
            store.write(c, plan.signatures().get(c), fit, entries);
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot save the state of {}: {}", c, e.toString());
        }
    }
}
