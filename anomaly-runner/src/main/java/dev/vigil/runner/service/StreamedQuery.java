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
import java.util.concurrent.CompletableFuture;
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
 * gathered, as the reader parses them, into batches of {@link #batchSeries} series; each full batch is
 * cut into tasks of {@code series_processing_batch_size} series for every model of the query, which go
 * to the workers at once while the reader parses the next ones (so reading and scoring use a core each
 * even with one worker, and a worker done with its tasks of one batch takes those of the next rather
 * than waiting for the slowest task of its batch); the outputs go to the job's {@link WriteBatches},
 * and a batch is released once all its tasks are done. The read goes on while at most
 * {@link #queuedBatches} batches ({@value #QUEUED_SERIES} series, at least one batch) are handed on
 * and not released. <b>Bound:</b> a job holds at most {@code (queuedBatches + 1) × batchSeries} input
 * series (those batches plus the one being gathered: at most {@value #QUEUED_SERIES} + {@code batchSeries}
 * for batches of up to {@value #QUEUED_SERIES} series, {@code 2 × batchSeries} above), whatever the size
 * of the query's answer, plus the model
 * state and at most one write batch of outputs; the whole answer is never in the heap.
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
 * <p>Thread-safety: one instance per (job, query), used by the job's thread; the tasks of a streamed
 * read run on the workers, each under a guard of its member's combination taken without waiting (a
 * worker must not wait for a hot reload that waits for a stage: a task finding one running or waiting
 * hands its part back, and the job's thread scores it under a guard it waits for). The members'
 * outcomes are folded in by the job's thread, handed over through the tasks' futures; their run time
 * is the union of their tasks' intervals. Time O(series + points) plus the models; memory
 * O(batchSeries) input series when streamed.
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
        /** Folded in by the job's thread only (a streamed read's tasks hand their outcomes over through futures). */
        Outcome total = Outcome.NONE;
        long nanos;
        boolean retired;
        /** When the member's tasks run on the workers (a streamed read), counted into its stage's duration. */
        final Busy busy = new Busy();

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

    /**
     * The time during which at least one of a member's tasks runs: the union of their intervals, so
     * that a stage whose tasks overlap (workers, batches) counts wall time once, as a whole stage
     * does. Thread-safe; two short monitor sections per task.
     */
    private static final class Busy {
        private int running;
        private long since;
        private long nanos;

        synchronized void start() {
            if (running++ == 0) {
                since = System.nanoTime();
            }
        }

        synchronized void end() {
            if (--running == 0) {
                nanos += System.nanoTime() - since;
            }
        }

        synchronized long nanos() {
            return nanos;
        }
    }

    /** What a task of a streamed read returns when it ran nothing: the guard was not free, or not current. */
    private static final Outcome DEFERRED = new Outcome(0, 0, 0, 0, 0);
    private static final Outcome RETIRED = new Outcome(0, 0, 0, 0, 0);

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
     * or peer model): one model after the other, each on all of {@code data} at once when it is in
     * memory, else on batches of {@link #batchSeries} series loaded in turn from where they are parked,
     * so that in on-disk mode one combination's models are in the heap at a time. Same bookkeeping as a
     * streamed read that succeeded; the outputs are written in batches. {@code starting} is told of each
     * model before its stage (what the job is doing, for logs).
     */
    void run(ReadSeries data, List<ModelConfig> models, List<Job> jobs, long exactEveryMs, boolean held,
             boolean persist, BiConsumer<ModelConfig, Job> starting) {
        WriteBatches out = new WriteBatches(cx.io(), writer, scheduler, query.alias(), WriteBatches.DEFAULT_BATCH_SERIES);
        for (int i = 0; i < models.size(); i++) {
            if (GroupStage.grouped(models.get(i))) {
                continue; // multivariate and peer models run on all their series after the queries (GroupJob)
            }
            starting.accept(models.get(i), jobs.get(i));
            Member m = open(models.get(i), jobs.get(i), exactEveryMs, held);
            if (m != null) {
                int n = data.labels().size();
                int step = data.inMemory() ? Math.max(1, n) : batchSeries;
                for (int from = 0; from < n; from += step) {
                    score(m, data.batch(from, Math.min(n, from + step)), out);
                }
                finish(m, true, true, persist);
            }
        }
        out.flush();
    }

    /**
     * The batches of a streamed read: each full batch is cut into the tasks of every member
     * ({@link ModelStage#parts}), which go to the workers at once ({@link ModelStage#start}); the read
     * goes on gathering the next batch and waits only when more than {@link #queuedBatches} batches
     * are handed on, and then for the oldest one. So the workers always have the tasks of the batches
     * handed on to take, a worker done with its tasks of one batch takes those of the next instead of
     * waiting for the other workers, and a batch is released once all of its tasks are done, its
     * outcomes folded into the members' bookkeeping by the read's thread (in batch order, which does
     * not matter: each series is scored once, with its own state). At most {@link #queuedBatches}
     * batches plus the one being gathered are held. Used by the job's thread.
     */
    private final class Pipeline {
        /** One task: a part of a batch for one member, and its outcome once done. */
        private record Part(Member m, List<Series> series, Future<Outcome> done) {
        }

        private final List<Member> members;
        private final WriteBatches out;
        /** The tasks of each batch handed on and not yet released, oldest first. */
        private final ArrayDeque<List<Part>> pending = new ArrayDeque<>();
        private final int depth = queuedBatches(batchSeries);
        private List<Series> batch;
        long handed;

        Pipeline(List<Member> members, WriteBatches out) {
            this.members = members;
            this.out = out;
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
            while (!pending.isEmpty()) {
                settle(pending.poll());
            }
        }

        private void handOn() {
            List<Series> full = batch;
            batch = new ArrayList<>(full.size());
            List<List<Series>> cut = cx.stage().parts(full);
            List<Part> parts = new ArrayList<>(cut.size() * members.size());
            for (Member m : members) {
                if (m.retired) {
                    continue;
                }
                for (List<Series> part : cut) {
                    parts.add(new Part(m, part, start(m, part)));
                }
            }
            pending.add(parts);
            while (pending.size() > depth) {
                settle(pending.poll());
            }
        }

        private Future<Outcome> start(Member m, List<Series> part) {
            try {
                return cx.stage().start(() -> task(m, part, out));
            } catch (RuntimeException e) {
                // the workers are closed (the service is stopping): the part counts as failed
                MODEL_LOG.error("model '{}' failed on query_key '{}' (scheduler '{}'): {}", m.model.alias(),
                        query.alias(), scheduler, e.toString());
                return CompletableFuture.completedFuture(Outcome.FAILED);
            }
        }

        /** Folds the outcomes of one batch's tasks into their members, once each task is done. */
        private void settle(List<Part> parts) {
            for (Part p : parts) {
                Outcome o = await(p.done());
                if (o == DEFERRED) {
                    score(p.m(), p.series(), out); // here the read's thread may wait for the retirement
                } else if (o == RETIRED) {
                    p.m().retired = true;
                } else {
                    scored(p.m(), p.series(), o);
                }
            }
        }

        /**
         * Waits for one task. Uninterruptibly: the members' bookkeeping is only read after their tasks
         * are done (an interrupt is kept for the caller).
         */
        private Outcome await(Future<Outcome> f) {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return f.get();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    } catch (ExecutionException e) {
                        // the tasks catch the models' failures; what escapes them is an Error (out of memory)
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
     * One task of a streamed read on a worker: member {@code m} on {@code part}, under a guard taken
     * without waiting ({@link SeriesStates#tryGuard}); {@link #DEFERRED} when a hot reload runs or
     * waits (the read's thread then scores the part itself), {@link #RETIRED} when it retired the member.
     */
    private Outcome task(Member m, List<Series> part, WriteBatches out) {
        SeriesStates.Guard guard = cx.states().tryGuard(m.combination, cx.generation());
        if (guard == null) {
            return DEFERRED;
        }
        try (guard) {
            if (!guard.current()) {
                return RETIRED;
            }
            m.busy.start();
            try {
                return cx.stage().part(m.target, part, m.job, out, m.series);
            } finally {
                m.busy.end();
            }
        }
    }

    /**
     * How many batches of {@code batchSeries} a streamed read may have handed on and not yet scored:
     * enough for {@link #QUEUED_SERIES} series (at least one batch), so that the read and the workers
     * absorb each other's jitter (a thread not scheduled at once, a slow series) instead of waiting
     * for each other at every batch, and the workers have the tasks of several batches to take.
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
                scored(m, batch, cx.stage().score(m.target, batch, m.job, out, m.series));
            } catch (RuntimeException e) {
                // The stage already isolates series; this guards the bookkeeping around them.
                MODEL_LOG.error("model '{}' failed on query_key '{}' (scheduler '{}'): {}", m.model.alias(),
                        query.alias(), scheduler, e.toString());
                m.total = m.total.plus(Outcome.FAILED);
            }
            m.nanos += System.nanoTime() - t0;
        }
    }

    /** Folds what member {@code m} did on {@code series} into its stage; on-disk mode marks them used. */
    private void scored(Member m, List<Series> series, Outcome o) {
        m.total = m.total.plus(o);
        if (m.held != null) {
            cx.residency().used(series, m.series);
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
                    cx.stage().report(m.target, m.job, m.total, m.nanos + m.busy.nanos(), m.series);
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
