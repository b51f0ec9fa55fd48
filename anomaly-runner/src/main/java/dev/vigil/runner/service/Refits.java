package dev.vigil.runner.service;

import dev.vigil.config.ModelConfig;
import dev.vigil.config.SchedulerConfig;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.runner.state.Combination;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The combinations of periodic schedulers that must be fitted at their scheduler's next job even
 * when that job only infers: models whose stored state could not be reused at a restart
 * ({@code settings.restore_state}), and models added or changed by a hot reload while their
 * scheduler keeps its timeline. Without this, such a model would wait up to {@code fit_every} for
 * its first fit and produce nothing meanwhile.
 *
 * <p>Thread-safe (a concurrent set); O(models) per job.
 */
final class Refits {

    private final Set<Combination> pending = ConcurrentHashMap.newKeySet();

    /** Marks {@code c} to be fitted at its scheduler's next job. */
    void add(Combination c) {
        pending.add(c);
    }

    /** Forgets {@code c} (fitted, or removed from the configuration). */
    void remove(Combination c) {
        pending.remove(c);
    }

    /** Whether {@code c} still waits for a fit. */
    boolean contains(Combination c) {
        return pending.contains(c);
    }

    /**
     * {@code job} for each of {@code models} on {@code query}: widened to a fit on the scheduler's
     * {@code fit_window} up to {@code job.at()} when the combination still needs a fit, else
     * {@code job} itself.
     */
    List<Job> jobs(SchedulerConfig scheduler, String query, List<ModelConfig> models, Job job) {
        List<Job> out = new ArrayList<>(models.size());
        for (ModelConfig m : models) {
            out.add(widen(scheduler, m.alias(), query, job));
        }
        return out;
    }

    private Job widen(SchedulerConfig scheduler, String model, String query, Job job) {
        if (job.fits() || !(scheduler instanceof SchedulerConfig.Periodic p)
                || !pending.contains(new Combination(scheduler.alias(), model, query))) {
            return job;
        }
        return new Job(job.at(), job.infers() ? Job.Stage.FIT_INFER : Job.Stage.FIT, job.at().minus(p.fitWindow()),
                job.at(), job.inferStart(), job.inferEnd());
    }
}
