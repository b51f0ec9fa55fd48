package dev.vigil.runner.service;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.ModelSpec;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.SchedulerConfig;
import dev.vigil.runner.io.IoFailure;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.runner.scheduler.Schedule;
import dev.vigil.runner.scheduler.Schedules;
import dev.vigil.runner.scheduler.Ticker;
import dev.vigil.runner.service.SeriesProtocol.Target;
import dev.vigil.runner.state.Combination;
import dev.vigil.runner.state.StateStore;
import dev.vigil.vm.OutputSeries;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a validated configuration: every scheduler's jobs in time order (time from an injected
 * {@link Ticker}); each job reads every (scheduler, query) pair once, runs the models attached to both
 * on the data ({@link ModelStage}, one model instance per (scheduler, model, query, series), stepped
 * by the {@link SeriesProtocol}) and writes their outputs. Fits and inferences run on
 * {@code settings.n_workers} threads. A failing read, fit, inference or write is logged with its
 * query, model and scheduler, counted, and skipped: the service never stops on it.
 *
 * <p>Backtesting windows are independent (vmanomaly docs (v1.30), backtesting scheduler): each one
 * fits from scratch on its own fit window and keeps its model state in a {@link SeriesStates} of its
 * own, dropped when the window is done, so no state leaks from one window to the next. With
 * {@code n_jobs: N > 1}, up to {@code N} windows of a backtesting scheduler run at the same time on
 * that scheduler's own threads ({@link BacktestWindows}); the output is the same as with
 * {@code n_jobs: 1}, only the order of the writes may differ. A window that fails is logged and
 * skipped like any job.
 *
 * <p>With a {@link StateStore} and {@code settings.restore_state}, the models of periodic schedulers
 * are restored at construction and saved after each fit and each inference of an online model
 * ({@link Persistence}). With a store and without {@code restore_state} (on-disk mode), the models
 * live in the store's dumps between jobs ({@link Residency}); {@code settings.retention} drops the
 * models of series no job has used for its {@code ttl}. Without a store, nothing is read or written.
 *
 * <p>Thread-safety: {@link #run()} is called by one thread; {@link #stop()}, {@link #awaitFinished}
 * and {@link #healthy()} from any thread. Jobs run one at a time, except backtesting windows with
 * {@code n_jobs > 1}; {@code afterJob} calls are serialised; one series' model is stepped by one
 * thread at a time.
 */
public final class AnomalyService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("service");
    private static final Logger READ_LOG = LoggerFactory.getLogger("reader");
    private static final Logger WRITE_LOG = LoggerFactory.getLogger("writer");
    private static final Logger MODEL_LOG = LoggerFactory.getLogger("model");

    private final RunnerConfig config;
    private final Plan plan;
    private final SeriesReader reader;
    private final SeriesWriter writer;
    private final Ticker ticker;
    private final RunnerMetrics metrics;
    private final Runnable afterJob;
    private final Workers workers;
    private final ModelStage stage;
    /** Model state of non-backtesting jobs (backtesting windows use their own). */
    private final SeriesStates states;
    /** The window slots of backtesting schedulers with {@code n_jobs > 1}, by scheduler alias. */
    private final Map<String, BacktestWindows> windows = new LinkedHashMap<>();
    private final Object afterJobLock = new Object();
    /** {@code settings.restore_state}; {@code null} when off. */
    private final Persistence persistence;
    /** On-disk mode and retention of the models in {@link #states}. */
    private final Residency residency;
    private final CountDownLatch finished = new CountDownLatch(1);
    /** What each thread running a job is doing now (scheduler, job, model, query), for {@link #inProgress()}. */
    private final Map<Thread, String> inProgress = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    /**
     * A service over the given I/O.
     *
     * @param afterJob called after every job (e.g. to push metrics); may be {@code null}
     */
    public AnomalyService(RunnerConfig config, SeriesReader reader, SeriesWriter writer, Ticker ticker,
                          RunnerMetrics metrics, Runnable afterJob) {
        this(config, reader, writer, ticker, metrics, afterJob, Workers.of(config.settings().nWorkers()));
    }

    /**
     * A service over the given I/O with the store under {@code VMANOMALY_MODEL_DUMPS_DIR}
     * ({@code null}: models in memory only): with {@code settings.restore_state} the models of its
     * periodic schedulers are restored from and saved in {@code store}; without it they live in the
     * store's {@linkplain StateStore#dumps() dumps} between jobs (on-disk mode).
     *
     * @throws IOException when the stored state cannot be listed or stale dumps cannot be deleted
     */
    public AnomalyService(RunnerConfig config, SeriesReader reader, SeriesWriter writer, Ticker ticker,
                          RunnerMetrics metrics, Runnable afterJob, StateStore store) throws IOException {
        this(config, reader, writer, ticker, metrics, afterJob, Workers.of(config.settings().nWorkers()), store);
    }

    /** A service whose fits and inferences run on {@code workers} (closed with the service). */
    AnomalyService(RunnerConfig config, SeriesReader reader, SeriesWriter writer, Ticker ticker,
                   RunnerMetrics metrics, Runnable afterJob, Workers workers) {
        this(config, reader, writer, ticker, metrics, afterJob, workers, new Restored(new SeriesStates(), null,
                Residency.inHeap(config, ticker)));
    }

    /** A service with {@code store} whose fits and inferences run on {@code workers}. */
    AnomalyService(RunnerConfig config, SeriesReader reader, SeriesWriter writer, Ticker ticker,
                   RunnerMetrics metrics, Runnable afterJob, Workers workers, StateStore store) throws IOException {
        this(config, reader, writer, ticker, metrics, afterJob, workers, Restored.of(store, config, ticker));
    }

    /** The model state a service starts with, its persistence ({@code null}: none) and residency. */
    private record Restored(SeriesStates states, Persistence persistence, Residency residency) {
        static Restored of(StateStore store, RunnerConfig config, Ticker ticker) throws IOException {
            SeriesStates states = new SeriesStates();
            if (store != null && config.settings().restoreState()) {
                return new Restored(states, Persistence.restore(store, config, ticker.now(), states),
                        Residency.inHeap(config, ticker));
            }
            return new Restored(states, null, Residency.of(config, store == null ? null : store.dumps(), ticker));
        }
    }

    private AnomalyService(RunnerConfig config, SeriesReader reader, SeriesWriter writer, Ticker ticker,
                           RunnerMetrics metrics, Runnable afterJob, Workers workers, Restored restored) {
        this.states = restored.states();
        this.persistence = restored.persistence();
        this.residency = restored.residency();
        this.config = config;
        this.plan = new Plan(config);
        this.reader = reader;
        this.writer = writer;
        this.ticker = ticker;
        this.metrics = metrics;
        this.afterJob = afterJob == null ? () -> { } : afterJob;
        this.workers = workers;
        this.stage = new ModelStage(new SeriesProtocol(plan), workers, metrics,
                config.reader().seriesProcessingBatchSize());
        for (SchedulerConfig sc : config.schedulers().values()) {
            if (sc instanceof SchedulerConfig.Backtesting b && b.nJobs() > 1) {
                windows.put(sc.alias(), new BacktestWindows(sc.alias(), b.nJobs()));
            }
        }
        metrics.started(ticker.now().toEpochMilli() / 1000.0, plan.entities());
    }

    private record Pending(Instant at, long order, Schedule schedule, Job job) {
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
                Schedule s = persistence == null ? null : persistence.resumed(sc, now, plan.minStep(sc.alias()));
                if (s == null) {
                    s = Schedules.of(sc, now, plan.minStep(sc.alias()));
                }
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
                String alias = p.schedule().alias();
                BacktestWindows w = windows.get(alias);
                if (w == null) {
                    runJob(alias, p.job());
                    afterJob();
                } else {
                    w.submit(() -> runWindow(alias, p.job()), () -> running);
                }
                var next = p.schedule().next(ticker.now());
                reportSkipped(alias, p.job(), p.schedule().lastSkipped());
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
                for (BacktestWindows w : windows.values()) {
                    w.awaitIdle();
                }
            } finally {
                finished.countDown();
            }
        }
    }

    /** Logs and counts the slots a periodic scheduler skipped because {@code job} overran them. */
    private void reportSkipped(String scheduler, Job job, Schedule.Skipped skipped) {
        if (!skipped.any()) {
            return;
        }
        LOG.warn("scheduler '{}': the {} job at {} overran until {}; skipped {} infer and {} fit run(s) whose slots"
                + " passed meanwhile, running only the latest missed slot", scheduler, job.stage().label(), job.at(),
                ticker.now(), skipped.infers(), skipped.fits());
        if (skipped.infers() > 0) {
            metrics.schedulerSkipped(scheduler, "infer", skipped.infers());
        }
        if (skipped.fits() > 0) {
            metrics.schedulerSkipped(scheduler, "fit", skipped.fits());
        }
    }

    /**
     * What the jobs still running are doing, one line per thread: scheduler, job, model and query
     * (empty when idle). Thread-safe; a snapshot.
     */
    public List<String> inProgress() {
        return List.copyOf(inProgress.values());
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

    /** The model state of the long-running schedulers (for tests of on-disk mode and retention). */
    SeriesStates heldStates() {
        return states;
    }

    /** Asks {@link #run()} to return after the job(s) in progress. */
    public void stop() {
        running = false;
        ticker.wakeUp();
    }

    /** Waits for {@link #run()} to return. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        return finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the service is running (for {@code /health}). */
    public boolean healthy() {
        return running;
    }

    /** Runs one job of {@code scheduler}: read, fit and/or infer, write, for each of its queries. */
    public void runJob(String scheduler, Job job) {
        // A backtesting window fits from scratch: its state lives and dies with the job.
        SeriesStates st = plan.backtesting(scheduler) ? new SeriesStates() : states;
        List<String> queries = plan.queries(scheduler);
        for (String q : queries) {
            metrics.readQueued(reader.url(), q, scheduler, 1);
        }
        long exactEvery = plan.exactEveryMs(scheduler);
        for (String q : queries) {
            QueryConfig qc = config.reader().queries().get(q);
            List<ModelConfig> ms = plan.models(scheduler, q);
            boolean persist = persistence != null && persistence.persists(scheduler);
            // restore_state: a combination still to be fitted on a resumed schedule is fitted now.
            List<Job> jobs = persist ? persistence.jobs(scheduler, q, ms, job) : null;
            Job readJob = jobs == null ? job : jobs.stream().filter(j -> j != job).findFirst().orElse(job);
            List<Series> data = read(scheduler, qc, readJob, ms, st);
            if (data == null) {
                continue;
            }
            List<OutputSeries> out = Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < ms.size(); i++) {
                ModelConfig m = ms.get(i);
                Job mj = jobs == null ? job : jobs.get(i);
                inProgress.put(Thread.currentThread(), "scheduler '" + scheduler + "', " + mj.stage().label()
                        + " job at " + mj.at() + ", model '" + m.alias() + "', query_key '" + q + "'");
                // On-disk mode and retention apply to the long-running state, not to a backtesting window's.
                Combination held = st == states ? new Combination(scheduler, m.alias(), q) : null;
                Map<Labels, SeriesState> series = st.of(scheduler, m.alias(), q);
                try {
                    ModelSpec spec = m.specs().get(qc.alias());
                    if (held != null) {
                        residency.load(held, spec, series);
                    }
                    List<String> provide = spec.provideSeries();
                    stage.run(new Target(scheduler, m, qc, spec, provide, exactEvery), data, mj, out, series);
                    if (persist) {
                        persistence.afterStage(scheduler, m, q, mj, series);
                    }
                    if (held != null) {
                        residency.unload(held, data, series);
                    }
                } catch (RuntimeException e) {
                    // The stage already isolates series; this guards the bookkeeping around them.
                    MODEL_LOG.error("model '{}' failed on query_key '{}' (scheduler '{}'): {}", m.alias(), q, scheduler,
                            e.toString());
                    metrics.modelErrors(job.stage().label(), q, m.alias(), scheduler, 1);
                } finally {
                    inProgress.remove(Thread.currentThread());
                }
            }
            write(scheduler, q, out);
        }
        if (st == states) {
            residency.afterJob(scheduler, states, persistence);
        }
    }

    private List<Series> read(String scheduler, QueryConfig q, Job job, List<ModelConfig> models, SeriesStates st) {
        metrics.readQueued(reader.url(), q.alias(), scheduler, -1);
        long t0 = System.nanoTime();
        try {
            Map<Labels, Long> lastSeen = plan.fromLastSeen()
                    ? st.lastSeen(scheduler, q.alias(), models, plan.lastSeenFloor(q, job)) : Map.of();
            SeriesReader.Result r = reader.read(q, job.readStart(), job.readEnd(), lastSeen);
            long points = 0;
            for (Series s : r.series()) {
                points += s.size();
            }
            metrics.read(reader.url(), q.alias(), scheduler, seconds(t0), "200", r.series().size(), points, r.bytes(),
                    r.parseSeconds());
            reportDropped(scheduler, q.alias(), r.series());
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
     * Counts the points of one read no model will score (NaN, +/-Inf, values that overflowed a
     * double when parsed) and logs them once for the job.
     */
    private void reportDropped(String scheduler, String query, List<Series> series) {
        long points = 0;
        int affected = 0;
        for (Series s : series) {
            int n = s.size() - s.finiteCount();
            if (n > 0) {
                points += n;
                affected++;
            }
        }
        if (points > 0) {
            metrics.readerDropped(query, "non_finite", points);
            READ_LOG.warn("query_key '{}' (scheduler '{}'): {} non-finite or overflowing point(s) in {} series get"
                    + " no score", query, scheduler, points, affected);
        }
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

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    @Override
    public void close() {
        stop();
        workers.close();
        for (BacktestWindows w : windows.values()) {
            w.close();
        }
    }
}
