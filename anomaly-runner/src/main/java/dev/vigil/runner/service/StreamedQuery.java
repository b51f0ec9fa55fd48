package dev.vigil.runner.service;

import dev.vigil.config.ModelConfig;
import dev.vigil.config.QueryConfig;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.ModelSpec;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.runner.service.SeriesProtocol.Outcome;
import dev.vigil.runner.service.SeriesProtocol.Target;
import dev.vigil.runner.state.Combination;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The univariate models of one query of a job, with the bookkeeping around each model's stage (the
 * reload guard, on-disk load and dump, retention stamps, cleared refits, persisted state, model errors),
 * whether the query is read as a stream or as a whole.
 *
 * <p>Streamed ({@link #run(SeriesReader, Job, List, List, long, boolean, boolean)}): the series are
 * gathered, as the reader parses them, into batches of {@link #batchSeries} series; each full batch
 * runs through the model stage of every model of the query on a lane beside the read, one batch after
 * the other, while the reader parses the next ones (so reading and scoring use a core each even with
 * one worker); its outputs go to the job's {@link WriteBatches}, and the batch is released once
 * scored. The read goes on while at most {@link #queuedBatches} batches ({@value #QUEUED_SERIES}
 * series, at least one batch) wait to be scored. A job then holds at most that many batches plus the
 * one being gathered, whatever the size of the query's answer, plus the model state and at most one
 * write batch of outputs; the whole answer is never in the heap.
 *
 * <p>Whole ({@link #run(List, List, List, long, boolean, boolean, BiConsumer)}): the series a whole
 * read returned run through each model in turn, all at once. Used when the reader does not stream or
 * when the query feeds a multivariate or peer model (those need every series at once, so the read is
 * whole anyway); see {@link #applies}. The concurrent windows of a backtesting scheduler with
 * {@code n_jobs > 1} each stream their own read.
 *
 * <p>The per-series protocol is the same both ways, and each series is scored exactly once with its
 * own state, so the outputs are the same; only their order across series differs. What belongs to
 * the whole stage is done once per model: the models of an on-disk combination are loaded before the
 * first series and dumped after the last, refits are cleared, state is persisted, and the
 * {@code vmanomaly_model_*} metrics count the stage as a whole. A streamed read that fails midway keeps
 * what the batches before the failure scored (their last-seen timestamps move on); the rest is caught
 * up by the next job, and a pending refit stays pending.
 *
 * <p>Thread-safety: one instance per (job, query), used by the job's thread; the stages it runs use
 * the workers, a streamed read's from its lane beside the job's thread, one batch at a time (the
 * members' bookkeeping is handed over through the batches' futures). Time O(series + points) plus the models;
 * memory O(batchSeries) input series when streamed.
 */
final class StreamedQuery {

    private static final Logger MODEL_LOG = LoggerFactory.getLogger("model");

    /** Series a streamed read may hand on before the earliest of them are scored (see {@link #queuedBatches}). */
    static final int QUEUED_SERIES = 64;

    /** One model of the query, with what its stage has done so far. */
    private static final class Member {
        final ModelConfig model;
        final Job job;
        final Combination combination;
        final Combination held;
        final Map<Labels, SeriesState> series;
        final Target target;
        Outcome total = Outcome.NONE;
        long nanos;
        boolean retired;

        Member(ModelConfig model, Job job, Combination combination, Combination held, Map<Labels, SeriesState> series,
               Target target) {
            this.model = model;
            this.job = job;
            this.combination = combination;
            this.held = held;
            this.series = series;
            this.target = target;
        }
    }

    /** What a streamed job needs of its service: the shared parts, for one job. */
    record Context(JobIo io, ModelStage stage, Residency residency, Persistence persistence, Refits refits,
                   RunnerMetrics metrics, Plan plan, SeriesStates states, long generation) {
    }

    private final Context cx;
    private final String scheduler;
    private final QueryConfig query;
    private final SeriesWriter writer;
    private final int batchSeries;

    /** A streamed query with batches of {@link #batchSeries(Plan)} input series. */
    StreamedQuery(Context cx, String scheduler, QueryConfig query, SeriesWriter writer) {
        this(cx, scheduler, query, writer, batchSeries(cx.plan()));
    }

    /**
     * @param batchSeries input series per batch: {@code series_processing_batch_size} times the number
     *                    of workers, so that each batch gives every worker one task
     */
    StreamedQuery(Context cx, String scheduler, QueryConfig query, SeriesWriter writer, int batchSeries) {
        if (batchSeries < 1) {
            throw new IllegalArgumentException("batchSeries must be at least 1, got " + batchSeries);
        }
        this.cx = cx;
        this.scheduler = scheduler;
        this.query = query;
        this.writer = writer;
        this.batchSeries = batchSeries;
    }

    /** The input series of one batch for {@code plan}: {@code series_processing_batch_size} × {@code n_workers}. */
    static int batchSeries(Plan plan) {
        return Math.max(1, plan.config().reader().seriesProcessingBatchSize())
                * Math.max(1, plan.config().settings().nWorkers());
    }

    /** Whether a query whose models are {@code models} is streamed from {@code reader} (see the class doc). */
    static boolean applies(SeriesReader reader, List<ModelConfig> models) {
        return reader.streams() && models.stream().noneMatch(GroupStage::grouped);
    }

    /**
     * Reads the query for {@code readJob} and runs model {@code models.get(i)} with job {@code jobs.get(i)}
     * on every batch, writing the outputs in batches of {@link WriteBatches#DEFAULT_BATCH_SERIES};
     * {@code held}: whether the state is the service's long-running one (on-disk mode and retention
     * apply). The models of the query are all loaded during the read. Returns false when the read failed.
     */
    boolean run(SeriesReader reader, Job readJob, List<ModelConfig> models, List<Job> jobs, long exactEveryMs,
                boolean held, boolean persist) {
        WriteBatches out = new WriteBatches(cx.io(), writer, scheduler, query.alias(), WriteBatches.DEFAULT_BATCH_SERIES);
        List<Member> members = new ArrayList<>(models.size());
        for (int i = 0; i < models.size(); i++) {
            Member m = open(models.get(i), jobs.get(i), exactEveryMs, held);
            if (m != null) {
                members.add(m);
            }
        }
        Pipeline pipe = new Pipeline(members, out);
        boolean ok;
        try {
            ok = cx.io().stream(reader, cx.plan(), scheduler, query, readJob, models, cx.states(), pipe::add);
        } finally {
            // the last, partial batch (also the series handed on before a failure), then the wait for it
            pipe.finish();
        }
        for (Member m : members) {
            finish(m, ok, pipe.handed > 0, persist);
        }
        out.flush();
        return ok;
    }

    /**
     * Runs model {@code models.get(i)} with job {@code jobs.get(i)} on {@code data}, the query's series
     * already read as a whole (a reader that does not stream, or a query also feeding a multivariate
     * or peer model): one model after the other, each on all of {@code data} at once, so that in
     * on-disk mode one combination's models are in the heap at a time. Same bookkeeping as a
     * streamed read that succeeded; the outputs are written in batches. {@code starting} is told of each
     * model before its stage (what the job is doing, for logs).
     */
    void run(List<Series> data, List<ModelConfig> models, List<Job> jobs, long exactEveryMs, boolean held,
             boolean persist, BiConsumer<ModelConfig, Job> starting) {
        WriteBatches out = new WriteBatches(cx.io(), writer, scheduler, query.alias(), WriteBatches.DEFAULT_BATCH_SERIES);
        for (int i = 0; i < models.size(); i++) {
            if (GroupStage.grouped(models.get(i))) {
                continue; // multivariate and peer models run on all their series after the queries (GroupJob)
            }
            starting.accept(models.get(i), jobs.get(i));
            Member m = open(models.get(i), jobs.get(i), exactEveryMs, held);
            if (m != null) {
                score(m, data, out);
                finish(m, true, true, persist);
            }
        }
        out.flush();
    }

    /**
     * The batches of a streamed read: each full batch is scored by every member on the query's
     * {@link Workers.Lane} (one batch after the other, in order, on a thread beside the read) while the
     * read gathers the next ones; the read waits only when {@link #queuedBatches} batches are handed
     * on and not yet scored. So at most that many batches plus the one being gathered are held, and
     * the members see the batches one at a time, in order. Used by the job's thread.
     */
    private final class Pipeline {
        private final List<Member> members;
        private final WriteBatches out;
        private final Workers.Lane lane;
        private final ArrayDeque<Future<?>> scoring = new ArrayDeque<>();
        private final int depth = queuedBatches(batchSeries);
        private List<Series> batch;
        long handed;

        Pipeline(List<Member> members, WriteBatches out) {
            this.members = members;
            this.out = out;
            lane = cx.stage().lane();
            batch = new ArrayList<>(Math.min(batchSeries, 4096));
        }

        void add(Series s) {
            handed++;
            batch.add(s);
            if (batch.size() >= batchSeries) {
                handOn();
            }
        }

        /** Scores what is gathered and waits until every batch is scored. */
        void finish() {
            if (!batch.isEmpty()) {
                handOn();
            }
            while (!scoring.isEmpty()) {
                await(scoring.poll());
            }
        }

        private void handOn() {
            List<Series> full = batch;
            batch = new ArrayList<>(full.size());
            scoring.add(lane.submit(() -> members.forEach(m -> score(m, full, out))));
            while (scoring.size() > depth) {
                await(scoring.poll());
            }
        }

        /**
         * Waits for one batch. Uninterruptibly: the members' bookkeeping is only read after their stage is
         * done (an interrupt is kept for the caller).
         */
        private void await(Future<?> f) {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        f.get();
                        return;
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        // score() catches the models' failures; what escapes it is an Error (out of memory)
                        if (e.getCause() instanceof Error err) {
                            throw err;
                        }
                        throw new IllegalStateException(e.getCause());
                    }
                }
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * How many batches of {@code batchSeries} a streamed read may have handed on and not yet scored:
     * enough for {@link #QUEUED_SERIES} series (at least one batch), so that the read and the lane
     * absorb each other's jitter (a thread not scheduled at once, a slow series) instead of waiting
     * for each other at every batch.
     */
    static int queuedBatches(int batchSeries) {
        return Math.max(1, QUEUED_SERIES / batchSeries);
    }

    /**
     * The start of one model's stage: its state, loaded from its dump in on-disk mode; {@code null}
     * when a hot reload dropped or changed the combination after this job started.
     */
    private Member open(ModelConfig m, Job job, long exactEveryMs, boolean held) {
        Combination c = new Combination(scheduler, m.alias(), query.alias());
        try (SeriesStates.Guard guard = cx.states().guard(c, cx.generation())) {
            if (!guard.current()) {
                return null;
            }
            Map<Labels, SeriesState> series = cx.states().of(scheduler, m.alias(), query.alias());
            ModelSpec spec = m.specs().get(query.alias());
            Member member = new Member(m, job, c, held ? c : null, series,
                    new Target(scheduler, m, query, spec, spec.provideSeries(), exactEveryMs));
            if (member.held != null) {
                cx.residency().load(member.held, spec, series);
            }
            return member;
        }
    }

    /** One model on one batch (or on the whole of a query read as a whole). */
    private void score(Member m, List<Series> batch, WriteBatches out) {
        try (SeriesStates.Guard guard = cx.states().guard(m.combination, cx.generation())) {
            if (!guard.current()) {
                m.retired = true;
                return;
            }
            long t0 = System.nanoTime();
            try {
                m.total = m.total.plus(cx.stage().score(m.target, batch, m.job, out, m.series));
                if (m.held != null) {
                    cx.residency().used(batch, m.series);
                }
            } catch (RuntimeException e) {
                // The stage already isolates series; this guards the bookkeeping around them.
                MODEL_LOG.error("model '{}' failed on query_key '{}' (scheduler '{}'): {}", m.model.alias(),
                        query.alias(), scheduler, e.toString());
                m.total = m.total.plus(Outcome.FAILED);
            }
            m.nanos += System.nanoTime() - t0;
        }
    }

    /** The end of one model's stage: metrics, refits, persistence, on-disk dump. */
    private void finish(Member m, boolean readOk, boolean scored, boolean persist) {
        try (SeriesStates.Guard guard = cx.states().guard(m.combination, cx.generation())) {
            if (!guard.current() || m.retired) {
                return;
            }
            try {
                if (scored || readOk) {
                    cx.stage().report(m.target, m.job, m.total, m.nanos, m.series);
                }
                if (readOk && m.job.fits()) {
                    cx.refits().remove(m.combination);
                }
                if (persist && (scored || readOk)) {
                    cx.persistence().afterStage(cx.plan().config(), scheduler, m.model, query.alias(), m.job, m.series);
                }
                if (m.held != null) {
                    cx.residency().unload(m.held, List.of(), m.series);
                }
            } catch (RuntimeException e) {
                MODEL_LOG.error("model '{}' failed on query_key '{}' (scheduler '{}'): {}", m.model.alias(),
                        query.alias(), scheduler, e.toString());
                cx.metrics().modelErrors(m.job.stage().label(), query.alias(), m.model.alias(), scheduler, 1);
            }
        }
    }
}
