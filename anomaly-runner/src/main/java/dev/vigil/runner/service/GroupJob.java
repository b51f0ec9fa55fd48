package dev.vigil.runner.service;

import dev.vigil.config.ModelConfig;
import dev.vigil.config.SchedulerConfig;
import dev.vigil.core.series.Series;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.runner.state.Combination;
import dev.vigil.vm.OutputSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The multivariate and peer models of one job of a scheduler, after its queries were read: each
 * multivariate model once over all its queries ({@link GroupStage}), each peer model once per query
 * ({@link PeerStage}); outputs written per {@code for} key, with the {@code vmanomaly_model_*}
 * metrics. A combination still waiting for a fit ({@link Refits}) is fitted in this job.
 *
 * <p>Thread-safety: as {@link AnomalyService#runJob}; stateless itself.
 */
final class GroupJob {

    private static final Logger MODEL_LOG = LoggerFactory.getLogger("model");

    private GroupJob() {
    }

    /**
     * Runs the grouped models of {@code scheduler} attached to the queries in {@code read} (each
     * query's series as read for this job; a query whose read failed is absent); with
     * {@code persistence} (non-{@code null} for the service's own groups under {@code restore_state}),
     * stores the groups after each model.
     */
    static void run(Plan plan, String scheduler, Job job, Map<String, ReadSeries> read, GroupStates st,
                    Refits refits, RunnerMetrics metrics, JobIo io, SeriesWriter writer, Persistence persistence) {
        SchedulerConfig sc = plan.config().schedulers().get(scheduler);
        for (ModelConfig m : plan.config().models().values()) {
            if (!GroupStage.grouped(m)) {
                continue;
            }
            List<String> queries = plan.queries(scheduler).stream().filter(q -> m.attached(scheduler, q)).toList();
            if (queries.isEmpty()) {
                continue;
            }
            if (m.specs().get(queries.get(0)) instanceof MultivariateSpec) {
                List<String> missing = queries.stream().filter(q -> !read.containsKey(q)).toList();
                if (!missing.isEmpty()) {
                    MODEL_LOG.warn("model '{}' (scheduler '{}') skipped: the read of query_key(s) {} failed",
                            m.alias(), scheduler, missing);
                    continue;
                }
                Job mj = refits.jobs(sc, queries.get(0), List.of(m), job).get(0);
                String forKey = GroupStage.forKey(queries);
                List<OutputSeries> out = new ArrayList<>();
                long t0 = System.nanoTime();
                GroupStage.Tally t = GroupStage.run(scheduler, m, queries, read, mj, st, out);
                done(metrics, scheduler, m, forKey, mj, t0, t, st);
                if (mj.fits()) {
                    queries.forEach(q -> refits.remove(new Combination(scheduler, m.alias(), q)));
                }
                if (persistence != null) {
                    persistence.afterGroups(plan.config(), scheduler, m, queries, mj, st);
                }
                io.write(writer, scheduler, forKey, out);
            } else {
                for (String q : queries) {
                    if (!read.containsKey(q)) {
                        continue;
                    }
                    Job mj = refits.jobs(sc, q, List.of(m), job).get(0);
                    List<OutputSeries> out = new ArrayList<>();
                    long t0 = System.nanoTime();
                    GroupStage.Tally t = PeerStage.run(scheduler, m, q, read.get(q), mj, st, out);
                    done(metrics, scheduler, m, q, mj, t0, t, st);
                    if (mj.fits()) {
                        refits.remove(new Combination(scheduler, m.alias(), q));
                    }
                    if (persistence != null) {
                        persistence.afterGroups(plan.config(), scheduler, m, List.of(q), mj, st);
                    }
                    io.write(writer, scheduler, q, out);
                }
            }
        }
    }

    private static void done(RunnerMetrics metrics, String scheduler, ModelConfig m, String q, Job job, long t0,
                             GroupStage.Tally t, GroupStates st) {
        String stage = job.stage().label();
        metrics.modelRun(stage, q, m.alias(), scheduler, (System.nanoTime() - t0) / 1e9, t.runs(), t.accepted(),
                t.produced());
        if (t.skipped() > 0) {
            metrics.modelSkipped(stage, q, m.alias(), scheduler, t.skipped());
        }
        if (t.errors() > 0) {
            metrics.modelErrors(stage, q, m.alias(), scheduler, t.errors());
        }
        metrics.modelsActive(q, m.alias(), scheduler, st.count(scheduler, m.alias()));
    }
}
