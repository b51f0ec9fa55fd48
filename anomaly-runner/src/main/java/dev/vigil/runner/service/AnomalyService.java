package dev.vigil.runner.service;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.OnlineModel;
import dev.vigil.runner.config.ModelConfig;
import dev.vigil.runner.config.QueryConfig;
import dev.vigil.runner.config.RunnerConfig;
import dev.vigil.runner.config.SchedulerConfig;
import dev.vigil.runner.io.IoFailure;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.runner.scheduler.Schedule;
import dev.vigil.runner.scheduler.Schedules;
import dev.vigil.runner.scheduler.Ticker;
import dev.vigil.vm.OutputSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a validated configuration: every scheduler's jobs in time order (time from an injected
 * {@link Ticker}), each job reading every (scheduler, query) pair once and sharing the data among
 * the models attached to both, with one model instance per (scheduler, model, query, series).
 *
 * <p>Rules (spec 3.1 and 1.5): a fit replaces a series' model atomically (a volatile swap); an
 * inference sees only points newer than the last one seen for that series; a series first seen at
 * inference starts a fresh online model, or waits for the next fit for an offline one; in a
 * fit-and-infer job an online model is fitted on the points up to the inference cut-off and then
 * updated causally on the rest, so no point is learned twice. Fits and inferences run on
 * {@code settings.n_workers} threads. A failing read, fit, inference or write is logged with its
 * query, model and scheduler, counted, and skipped: the service never stops on it.
 *
 * <p>Backtesting windows are independent (spec 3.3): each one fits from scratch on its own fit
 * window and keeps its model state in a map of its own, dropped when the window is done, so no state
 * leaks from one window to the next. With {@code n_jobs: N > 1}, up to {@code N} windows of a
 * backtesting scheduler run at the same time on that scheduler's own threads; the output is the same
 * as with {@code n_jobs: 1}, only the order of the writes may differ. A window that fails is logged
 * and skipped like any job.
 *
 * <p>Thread-safety: {@link #run()} is called by one thread; {@link #stop()} and {@link #healthy()}
 * from any thread. Jobs run one at a time, except backtesting windows with {@code n_jobs > 1};
 * {@code afterJob} calls are serialised; an online model's calls are serialised per series.
 */
public final class AnomalyService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("service");
    private static final Logger READ_LOG = LoggerFactory.getLogger("reader");
    private static final Logger WRITE_LOG = LoggerFactory.getLogger("writer");
    private static final Logger MODEL_LOG = LoggerFactory.getLogger("model");

    private final RunnerConfig config;
    private final SeriesReader reader;
    private final SeriesWriter writer;
    private final Ticker ticker;
    private final RunnerMetrics metrics;
    private final Runnable afterJob;
    private final ExecutorService pool;
    private final Map<String, List<String>> queriesBySchedule = new LinkedHashMap<>();
    private final Map<String, Map<String, List<ModelConfig>>> models = new LinkedHashMap<>();
    /** Model state of non-backtesting jobs, per {@link #key} (backtesting windows use their own map). */
    private final Map<String, Map<Labels, SeriesState>> states = new ConcurrentHashMap<>();
    /** The window slots of backtesting schedulers with {@code n_jobs > 1}, by scheduler alias. */
    private final Map<String, Windows> windows = new LinkedHashMap<>();
    private final Object afterJobLock = new Object();
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile Instant firstJobAt;
    /** Tasks of the last model stage, for tests of {@code series_processing_batch_size}. */
    volatile int lastTaskCount;

    /** The per-series state: the current model and the newest timestamp seen (epoch ms). */
    static final class SeriesState {
        volatile FittedModel model;
        volatile long lastSeen = Long.MIN_VALUE;
    }

    /**
     * A service over the given I/O.
     *
     * @param afterJob called after every job (e.g. to push metrics); may be {@code null}
     */
    public AnomalyService(RunnerConfig config, SeriesReader reader, SeriesWriter writer, Ticker ticker,
                          RunnerMetrics metrics, Runnable afterJob) {
        this.config = config;
        this.reader = reader;
        this.writer = writer;
        this.ticker = ticker;
        this.metrics = metrics;
        this.afterJob = afterJob == null ? () -> { } : afterJob;
        int workers = Math.max(1, config.settings().nWorkers());
        this.pool = workers == 1 ? null : Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "vigil-worker");
            t.setDaemon(true);
            return t;
        });
        int entities = 0;
        for (String s : config.schedulers().keySet()) {
            Set<String> qs = new LinkedHashSet<>();
            Map<String, List<ModelConfig>> byQuery = new LinkedHashMap<>();
            for (String q : config.reader().queries().keySet()) {
                for (ModelConfig m : config.models().values()) {
                    if (m.schedulers().contains(s) && m.queries().contains(q)) {
                        qs.add(q);
                        byQuery.computeIfAbsent(q, k -> new ArrayList<>()).add(m);
                        entities++;
                    }
                }
            }
            queriesBySchedule.put(s, List.copyOf(qs));
            models.put(s, byQuery);
            SchedulerConfig sc = config.schedulers().get(s);
            if (sc instanceof SchedulerConfig.Backtesting && ((SchedulerConfig.Backtesting) sc).nJobs() > 1) {
                windows.put(s, new Windows(s, ((SchedulerConfig.Backtesting) sc).nJobs()));
            }
        }
        metrics.started(ticker.now().toEpochMilli() / 1000.0, entities);
    }

    private record Pending(Instant at, long order, Schedule schedule, Job job) {
    }

    /**
     * Up to {@code n} concurrent windows of one backtesting scheduler: a permit per window in flight,
     * taken by the service loop before it hands a window to the scheduler's own threads.
     */
    private static final class Windows {
        private final int n;
        private final Semaphore permits;
        private final ExecutorService threads;

        Windows(String scheduler, int n) {
            this.n = n;
            this.permits = new Semaphore(n);
            AtomicInteger count = new AtomicInteger();
            this.threads = Executors.newFixedThreadPool(n, r -> {
                Thread t = new Thread(r, "vigil-backtest-" + scheduler + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }

        /** Waits for a free slot, then runs {@code window} on it unless {@code go} has turned false meanwhile. */
        void submit(Runnable window, BooleanSupplier go) throws InterruptedException {
            permits.acquire();
            if (!go.getAsBoolean()) {
                permits.release();
                return;
            }
            try {
                threads.execute(() -> {
                    try {
                        window.run();
                    } finally {
                        permits.release();
                    }
                });
            } catch (RuntimeException e) {
                permits.release();
                throw e;
            }
        }

        /** Waits until no window is in flight. */
        void awaitIdle() throws InterruptedException {
            permits.acquire(n);
            permits.release(n);
        }
    }

    /**
     * Runs until {@link #stop()} or, when every scheduler is finite (oneoff, backtesting), until all
     * their jobs are done. The job in progress, writes included, always completes.
     */
    public void run() throws InterruptedException {
        try {
            PriorityQueue<Pending> queue = new PriorityQueue<>((a, b) -> a.at().equals(b.at())
                    ? Long.compare(a.order(), b.order()) : a.at().compareTo(b.at()));
            long order = 0;
            Instant now = ticker.now();
            for (SchedulerConfig sc : config.schedulers().values()) {
                Schedule s = Schedules.of(sc, now, minStep(sc.alias()));
                var j = s.next(now);
                if (j.isPresent()) {
                    queue.add(new Pending(j.get().at(), order++, s, j.get()));
                    metrics.schedulerAlive(sc.alias(), true);
                    LOG.info("scheduler '{}' ({}): first job {} at {}", sc.alias(), sc.kind(), j.get().stage().label(),
                            j.get().at());
                }
            }
            while (running && !queue.isEmpty()) {
                Pending p = queue.peek();
                if (!ticker.sleepUntil(p.at()) || !running) {
                    continue;
                }
                queue.poll();
                if (firstJobAt == null) {
                    firstJobAt = ticker.now();
                }
                String alias = p.schedule().alias();
                Windows w = windows.get(alias);
                if (w == null) {
                    runJob(alias, p.job());
                    afterJob();
                } else {
                    w.submit(() -> runWindow(alias, p.job()), () -> running);
                }
                var next = p.schedule().next(ticker.now());
                if (next.isPresent()) {
                    queue.add(new Pending(next.get().at(), order++, p.schedule(), next.get()));
                } else {
                    if (w != null) {
                        w.awaitIdle();
                    }
                    metrics.schedulerAlive(alias, false);
                    LOG.info("scheduler '{}' finished", p.schedule().alias());
                }
            }
        } finally {
            try {
                // Windows in flight (backtesting with n_jobs > 1) always complete, writes included.
                for (Windows w : windows.values()) {
                    w.awaitIdle();
                }
            } finally {
                finished.countDown();
            }
        }
    }

    /** One backtesting window on its scheduler's thread; nothing it throws escapes. */
    private void runWindow(String scheduler, Job job) {
        try {
            runJob(scheduler, job);
        } catch (RuntimeException e) {
            LOG.error("backtesting window [{}, {}] of scheduler '{}' failed: {}", job.inferStart(), job.inferEnd(),
                    scheduler, e.toString());
        }
        afterJob();
    }

    private void afterJob() {
        synchronized (afterJobLock) {
            try {
                afterJob.run();
            } catch (RuntimeException e) {
                LOG.error("after-job hook failed: {}", e.toString());
            }
        }
    }

    /** Asks {@link #run()} to return after the job(s) in progress. */
    public void stop() {
        running = false;
        ticker.wakeUp();
    }

    /** Waits for {@link #run()} to return. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Whether the service is running (for {@code /health}). */
    public boolean healthy() {
        return running;
    }

    /** When the first job started ({@code null} before), for start-up measurements. */
    public Instant firstJobAt() {
        return firstJobAt;
    }

    /**
     * The micro-batch of an {@code exact} backtesting scheduler in ms ({@code infer_every}, else the
     * smallest step of its queries, at most {@code fit_every}); 0 for any other scheduler.
     */
    private long exactEveryMs(String scheduler) {
        if (!(config.schedulers().get(scheduler) instanceof SchedulerConfig.Backtesting b) || !b.exact()) {
            return 0;
        }
        Duration every = b.inferEvery();
        if (every == null) {
            Duration step = minStep(scheduler);
            every = step.isZero() || step.compareTo(b.fitEvery()) > 0 ? b.fitEvery() : step;
        }
        return Math.max(1, every.toMillis());
    }

    private Duration minStep(String scheduler) {
        Duration min = null;
        for (String q : queriesBySchedule.getOrDefault(scheduler, List.of())) {
            Duration s = config.reader().queries().get(q).step();
            if (min == null || s.compareTo(min) < 0) {
                min = s;
            }
        }
        return min == null ? Duration.ZERO : min;
    }

    /** Runs one job of {@code scheduler}: read, fit and/or infer, write, for each of its queries. */
    public void runJob(String scheduler, Job job) {
        // A backtesting window fits from scratch: its state lives and dies with the job.
        Map<String, Map<Labels, SeriesState>> st = config.schedulers().get(scheduler) instanceof SchedulerConfig.Backtesting
                ? new ConcurrentHashMap<>() : states;
        List<String> queries = queriesBySchedule.getOrDefault(scheduler, List.of());
        for (String q : queries) {
            metrics.readQueued(reader.url(), q, scheduler, 1);
        }
        for (String q : queries) {
            QueryConfig qc = config.reader().queries().get(q);
            List<ModelConfig> ms = models.get(scheduler).get(q);
            List<Series> data = read(scheduler, qc, job, st);
            if (data == null) {
                continue;
            }
            List<OutputSeries> out = Collections.synchronizedList(new ArrayList<>());
            for (ModelConfig m : ms) {
                try {
                    process(scheduler, m, qc, data, job, out, st);
                } catch (RuntimeException e) {
                    // process() already isolates series; this guards the bookkeeping around them.
                    MODEL_LOG.error("model '{}' failed on query_key '{}' (scheduler '{}'): {}", m.alias(), q, scheduler,
                            e.toString());
                    metrics.modelErrors(job.stage().label(), q, m.alias(), scheduler, 1);
                }
            }
            write(scheduler, q, out);
        }
    }

    private List<Series> read(String scheduler, QueryConfig q, Job job, Map<String, Map<Labels, SeriesState>> states) {
        metrics.readQueued(reader.url(), q.alias(), scheduler, -1);
        long t0 = System.nanoTime();
        try {
            SeriesReader.Result r = reader.read(q, job.readStart(), job.readEnd(),
                    lastSeen(scheduler, q.alias(), lastSeenFloor(q, job), states));
            long points = 0;
            for (Series s : r.series()) {
                points += s.size();
            }
            metrics.read(reader.url(), q.alias(), scheduler, seconds(t0), "200", r.series().size(), points, r.bytes(),
                    r.parseSeconds());
            if (r.series().isEmpty()) {
                READ_LOG.warn("No data for query_key '{}' (scheduler '{}') in [{}, {}]", q.alias(), scheduler,
                        job.readStart(), job.readEnd());
            }
            return r.series();
        } catch (Exception e) {
            metrics.read(reader.url(), q.alias(), scheduler, seconds(t0), IoFailure.codeOf(e), 0, 0, 0, 0);
            READ_LOG.error("read failed for query_key '{}' (scheduler '{}'): {}", q.alias(), scheduler, e.getMessage());
            return null;
        }
    }

    /**
     * With {@code query_from_last_seen_timestamp}, how far back an inference may reach (epoch ms,
     * exclusive): {@code inferEnd - max(query_last_seen_max_lookback, step)}, but never later than the
     * job's own inference start (the limit only bounds the catch-up); {@link Long#MIN_VALUE} without
     * a limit, for a job that does not infer, or when the option is off.
     */
    long lastSeenFloor(QueryConfig q, Job job) {
        Duration lookback = config.reader().queryLastSeenMaxLookback();
        if (!config.reader().queryFromLastSeenTimestamp() || lookback == null || !job.infers()) {
            return Long.MIN_VALUE;
        }
        Duration d = lookback.compareTo(q.step()) < 0 ? q.step() : lookback;
        return Math.min(job.inferEnd().minus(d).toEpochMilli(), job.inferStart().toEpochMilli());
    }

    /**
     * The oldest timestamp processed per series over every model of (scheduler, query), each raised
     * to {@code floor}, for {@code query_from_last_seen_timestamp}; empty when the option is off.
     */
    private Map<Labels, Long> lastSeen(String scheduler, String query, long floor,
                                       Map<String, Map<Labels, SeriesState>> states) {
        if (!config.reader().queryFromLastSeenTimestamp()) {
            return Map.of();
        }
        Map<Labels, Long> out = new java.util.HashMap<>();
        for (ModelConfig m : models.get(scheduler).getOrDefault(query, List.of())) {
            Map<Labels, SeriesState> st = states.get(key(scheduler, m.alias(), query));
            if (st != null) {
                st.forEach((l, s) -> {
                    if (s.lastSeen != Long.MIN_VALUE) {
                        out.merge(l, Math.max(s.lastSeen, floor), Math::min);
                    }
                });
            }
        }
        return out;
    }

    private static String key(String scheduler, String model, String query) {
        return scheduler + "\u0000" + model + "\u0000" + query;
    }

    private void write(String scheduler, String query, List<OutputSeries> out) {
        if (out.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            SeriesWriter.Written w = writer.write(out);
            metrics.wrote(writer.url(), query, scheduler, seconds(t0), "204", w.series(), w.points(), w.bytes(),
                    w.serializeSeconds());
        } catch (Exception e) {
            metrics.wrote(writer.url(), query, scheduler, seconds(t0), IoFailure.codeOf(e), 0, 0, 0);
            WRITE_LOG.error("write failed for query_key '{}' (scheduler '{}'): {}", query, scheduler, e.getMessage());
        }
    }

    private record Outcome(int runs, long accepted, long produced, int skipped, int errors) {
    }

    private void process(String scheduler, ModelConfig m, QueryConfig q, List<Series> data, Job job, List<OutputSeries> out,
                         Map<String, Map<Labels, SeriesState>> states) {
        ModelSpec spec = m.specs().get(q.alias());
        Map<Labels, SeriesState> st = states.computeIfAbsent(key(scheduler, m.alias(), q.alias()),
                k -> new ConcurrentHashMap<>());
        List<String> provide = spec.provideSeries();
        long t0 = System.nanoTime();
        // series_processing_batch_size series per task: fewer, larger tasks for the worker pool.
        int batch = config.reader().seriesProcessingBatchSize();
        List<Callable<Outcome>> tasks = new ArrayList<>(data.size() / batch + 1);
        for (int from = 0; from < data.size(); from += batch) {
            List<Series> part = data.subList(from, Math.min(data.size(), from + batch));
            tasks.add(() -> {
                int runs = 0;
                int skipped = 0;
                int errors = 0;
                long accepted = 0;
                long produced = 0;
                for (Series s : part) {
                    Outcome o;
                    try {
                        o = one(scheduler, m, q, spec, provide, st, s, job, out);
                    } catch (RuntimeException e) {
                        o = new Outcome(0, 0, 0, 0, 1);
                    }
                    runs += o.runs();
                    skipped += o.skipped();
                    errors += o.errors();
                    accepted += o.accepted();
                    produced += o.produced();
                }
                return new Outcome(runs, accepted, produced, skipped, errors);
            });
        }
        lastTaskCount = tasks.size();
        int runs = 0;
        int skipped = 0;
        int errors = 0;
        long accepted = 0;
        long produced = 0;
        for (Outcome o : runAll(tasks)) {
            runs += o.runs();
            skipped += o.skipped();
            errors += o.errors();
            accepted += o.accepted();
            produced += o.produced();
        }
        String stage = job.stage().label();
        metrics.modelRun(stage, q.alias(), m.alias(), scheduler, seconds(t0), runs, accepted, produced);
        if (skipped > 0) {
            metrics.modelSkipped(stage, q.alias(), m.alias(), scheduler, skipped);
        }
        if (errors > 0) {
            metrics.modelErrors(stage, q.alias(), m.alias(), scheduler, errors);
        }
        int active = 0;
        for (SeriesState s : st.values()) {
            if (s.model != null) {
                active++;
            }
        }
        metrics.modelsActive(q.alias(), m.alias(), scheduler, active);
    }

    private List<Outcome> runAll(List<Callable<Outcome>> tasks) {
        List<Outcome> res = new ArrayList<>(tasks.size());
        if (pool == null) {
            for (Callable<Outcome> t : tasks) {
                try {
                    res.add(t.call());
                } catch (Exception e) {
                    res.add(new Outcome(0, 0, 0, 0, 1));
                }
            }
            return res;
        }
        try {
            for (Future<Outcome> f : pool.invokeAll(tasks)) {
                try {
                    res.add(f.get());
                } catch (ExecutionException e) {
                    res.add(new Outcome(0, 0, 0, 0, 1));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return res;
    }

    private Outcome one(String scheduler, ModelConfig m, QueryConfig q, ModelSpec spec, List<String> provide,
                        Map<Labels, SeriesState> st, Series s, Job job, List<OutputSeries> out) {
        SeriesState state = st.computeIfAbsent(s.labels(), k -> new SeriesState());
        int runs = 0;
        int skipped = 0;
        int errors = 0;
        long accepted = 0;
        long produced = 0;
        synchronized (state) {
            long cut = job.infers() ? Math.max(state.lastSeen, job.inferStart().toEpochMilli()) : Long.MAX_VALUE;
            if (job.infers() && config.reader().queryFromLastSeenTimestamp() && state.lastSeen != Long.MIN_VALUE) {
                // Catch up from the last point seen (missed or overrun jobs), as far back as the lookback allows.
                cut = Math.max(state.lastSeen, lastSeenFloor(q, job));
            }
            if (job.fits()) {
                long fitEnd = job.fitEnd().toEpochMilli();
                if (spec.isOnline() && job.infers()) {
                    fitEnd = Math.min(fitEnd, cut);
                }
                Series train = s.between(job.fitStart().toEpochMilli(), fitEnd == Long.MAX_VALUE ? fitEnd : fitEnd + 1);
                try {
                    if (train.finiteCount() == 0 && !spec.isOnline()) {
                        skipped++;
                    } else {
                        state.model = spec.fit(train);
                        runs++;
                        accepted += train.finiteCount();
                    }
                } catch (InsufficientDataException e) {
                    skipped++;
                    MODEL_LOG.debug("model '{}' skipped fit of {}: {}", m.alias(), s.labels(), e.getMessage());
                } catch (RuntimeException e) {
                    errors++;
                    MODEL_LOG.error("fit failed: model '{}', query_key '{}', scheduler '{}', series {}: {}", m.alias(),
                            q.alias(), scheduler, s.labels(), e.toString());
                }
            }
            if (job.infers()) {
                Series batch = s.after(cut == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : cut);
                batch = batch.between(Long.MIN_VALUE, job.inferEnd().toEpochMilli() + 1);
                FittedModel model = state.model;
                if (batch.isEmpty()) {
                    skipped++;
                } else if (model == null && !spec.isOnline()) {
                    skipped++;
                    MODEL_LOG.debug("model '{}': new series {} waits for the next fit", m.alias(), s.labels());
                } else {
                    try {
                        if (model == null) {
                            model = spec.fit(Series.empty(s.labels()));
                            state.model = model;
                        }
                        // exact backtesting feeds online models micro-batches (start + k·every, start + (k+1)·every],
                        // as a periodic scheduler inferring every infer_every would; otherwise one batch
                        long every = model instanceof OnlineModel ? exactEveryMs(scheduler) : 0;
                        long start = job.inferStart().toEpochMilli();
                        int i = 0;
                        while (i < batch.size()) {
                            int j = batch.size();
                            if (every > 0) {
                                long end = start + (Math.floorDiv(batch.timestamp(i) - start - 1, every) + 1) * every;
                                j = i;
                                while (j < batch.size() && batch.timestamp(j) <= end) {
                                    j++;
                                }
                            }
                            Series part = i == 0 && j == batch.size() ? batch : batch.slice(i, j);
                            Prediction p = model instanceof OnlineModel ? ((OnlineModel) model).inferAndUpdate(part)
                                    : model.infer(part);
                            runs++;
                            produced += p.size();
                            out.addAll(outputs(scheduler, m.alias(), q.alias(), s.labels(), p, provide));
                            i = j;
                        }
                        state.lastSeen = batch.lastTimestamp();
                        accepted += batch.finiteCount();
                    } catch (InsufficientDataException e) {
                        skipped++;
                    } catch (RuntimeException e) {
                        errors++;
                        MODEL_LOG.error("infer failed: model '{}', query_key '{}', scheduler '{}', series {}: {}",
                                m.alias(), q.alias(), scheduler, s.labels(), e.toString());
                    }
                }
            }
        }
        return new Outcome(runs, accepted, produced, skipped, errors);
    }

    /**
     * The output series of one prediction (spec 5): one per {@code provide_series} entry the model
     * produced, labelled with the input labels; the writer names them per {@code metric_format}.
     */
    static List<OutputSeries> outputs(String scheduler, String model, String query, Labels input, Prediction p,
                                      List<String> provide) {
        List<OutputSeries> res = new ArrayList<>(provide.size());
        for (String col : provide) {
            if (p.hasColumn(col)) {
                res.add(new OutputSeries(col, query, model, scheduler, Series.of(input, p.timestamps(), p.column(col))));
            }
        }
        return res;
    }

    /** The state count, for tests: live model instances of (scheduler, model, query). */
    int instances(String scheduler, String model, String query) {
        Map<Labels, SeriesState> st = states.get(key(scheduler, model, query));
        return st == null ? 0 : (int) st.values().stream().filter(s -> s.model != null).count();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public void close() {
        stop();
        if (pool != null) {
            pool.shutdown();
        }
        for (Windows w : windows.values()) {
            w.threads.shutdown();
        }
    }
}
