package dev.vigil.runner.service;

import dev.vigil.core.series.Series;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.SchedulerConfig;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.runner.scheduler.Schedule;
import dev.vigil.runner.scheduler.Schedules;
import dev.vigil.runner.scheduler.Ticker;
import dev.vigil.runner.state.Combination;
import dev.vigil.runner.state.ConfigDiff;
import dev.vigil.runner.state.Signatures;
import dev.vigil.runner.state.StateStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a validated configuration: each scheduler on a timeline of its own (a thread
 * {@code vigil-scheduler-<alias>} running that scheduler's jobs in time order, time from an injected
 * {@link Ticker}), so a long job of one scheduler never delays the jobs of another; the jobs of one
 * scheduler stay sequential, as in vmanomaly. Each job reads every (scheduler, query) pair once, runs
 * the models attached to both on the data ({@link StreamedQuery}, streamed or whole; one model instance
 * per (scheduler, model, query, series), stepped by the {@link SeriesProtocol}) and writes their outputs. Fits and
 * inferences of all schedulers share {@code settings.n_workers} threads ({@link Workers}), so that
 * setting bounds the total fit/infer parallelism. A failing read, fit, inference or write is logged
 * with its query, model and scheduler, counted, and skipped: the service never stops on it.
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
 * <p>{@link #reload} applies a new configuration while running (hot reload, {@link ConfigDiff}):
 * only the schedulers and combinations it changed are stopped, started or refitted.
 *
 * <p>Thread-safety: {@link #run()} is called by one thread; {@link #stop()}, {@link #awaitFinished},
 * {@link #reload} and {@link #healthy()} from any thread. {@code afterJob} calls are serialised; one
 * series' model is stepped by one thread at a time.
 */
public final class AnomalyService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("service");
    /** How often waits re-check for a stop (a stop racing a timeline going to sleep is caught by this). */
    private static final long POLL_MS = 100;

    private final Ticker ticker;
    private final RunnerMetrics metrics;
    private final JobIo io;
    private final Runnable afterJob;
    /** What jobs run with; a job takes one snapshot at its start, a reload swaps it. */
    private volatile Setup setup;
    /** Setups replaced by a reload: what they do not share is closed when their last job ends, or with the service. */
    private final List<InUse> retired = new ArrayList<>();
    /** Model state of non-backtesting jobs (backtesting windows use their own). */
    private final SeriesStates states;
    /** Combinations to fit at their scheduler's next job. */
    private final Refits refits;
    /** Models of multivariate and peer groups of non-backtesting jobs. */
    private final GroupStates groups;
    private final Object afterJobLock = new Object();
    /** {@code settings.restore_state}; {@code null} when off. */
    private final Persistence persistence;
    /** On-disk mode and retention of the models in {@link #states}. */
    private final Residency residency;
    private final CountDownLatch finished = new CountDownLatch(1);
    /** What each thread running a job is doing now (scheduler, job, model, query), for {@link #inProgress()}. */
    private final Map<Thread, String> inProgress = new ConcurrentHashMap<>();
    /** Guards {@link #live} and {@link #current}; notified when a timeline ends. */
    private final Object lock = new Object();
    /** Timelines whose thread has not ended yet (stopped ones may still finish their job). */
    private final Set<Timeline> live = new HashSet<>();
    /** The timeline of each configured scheduler. */
    private final Map<String, Timeline> current = new HashMap<>();
    private volatile boolean running = true;

    /** The configuration in force and what it runs with. */
    private record Setup(Plan plan, ModelStage stage, SeriesReader reader, SeriesWriter writer, Workers workers,
                         long generation, InUse inUse) {
    }

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
        this(config, reader, writer, ticker, metrics, afterJob, workers,
                new Restored(new SeriesStates(), new GroupStates(), new Refits(), null,
                        Residency.inHeap(config, ticker)));
    }

    /** A service with {@code store} whose fits and inferences run on {@code workers}. */
    AnomalyService(RunnerConfig config, SeriesReader reader, SeriesWriter writer, Ticker ticker,
                   RunnerMetrics metrics, Runnable afterJob, Workers workers, StateStore store) throws IOException {
        this(config, reader, writer, ticker, metrics, afterJob, workers, Restored.of(store, config, ticker));
    }

    /** The model state a service starts with, its persistence ({@code null}: none) and residency. */
    private record Restored(SeriesStates states, GroupStates groups, Refits refits, Persistence persistence,
                            Residency residency) {
        static Restored of(StateStore store, RunnerConfig config, Ticker ticker) throws IOException {
            SeriesStates states = new SeriesStates();
            GroupStates groups = new GroupStates();
            Refits refits = new Refits();
            if (store != null && config.settings().restoreState()) {
                return new Restored(states, groups, refits,
                        Persistence.restore(store, config, ticker.now(), states, groups, refits),
                        Residency.inHeap(config, ticker));
            }
            return new Restored(states, groups, refits, null,
                    Residency.of(config, store == null ? null : store.dumps(), ticker));
        }
    }

    private AnomalyService(RunnerConfig config, SeriesReader reader, SeriesWriter writer, Ticker ticker,
                           RunnerMetrics metrics, Runnable afterJob, Workers workers, Restored restored) {
        this.states = restored.states();
        this.groups = restored.groups();
        this.refits = restored.refits();
        this.persistence = restored.persistence();
        this.residency = restored.residency();
        this.ticker = ticker;
        this.metrics = metrics;
        this.io = new JobIo(metrics);
        this.afterJob = afterJob == null ? () -> { } : afterJob;
        this.setup = setup(new Plan(config), reader, writer, workers);
        metrics.started(ticker.now().toEpochMilli() / 1000.0, setup.plan().entities());
    }

    private Setup setup(Plan plan, SeriesReader reader, SeriesWriter writer, Workers workers) {
        return new Setup(plan, new ModelStage(new SeriesProtocol(plan), workers, metrics,
                plan.config().reader().seriesProcessingBatchSize()), reader, writer, workers, states.generation(),
                new InUse());
    }

    /** The configuration in force. */
    public RunnerConfig config() {
        return setup.plan().config();
    }

    /**
     * Runs until {@link #stop()} or, when every scheduler is finite (oneoff, backtesting), until all
     * their jobs are done. The jobs in progress, writes included, always complete.
     */
    public void run() throws InterruptedException {
        try {
            Instant now = ticker.now();
            Plan plan = setup.plan();
            synchronized (lock) {
                for (SchedulerConfig sc : plan.config().schedulers().values()) {
                    Schedule s = persistence == null ? null : persistence.resumed(sc, now, plan.minStep(sc.alias()));
                    start(sc, s == null ? Schedules.of(sc, now, plan.minStep(sc.alias())) : s, null);
                }
                while (!live.isEmpty()) {
                    lock.wait(POLL_MS);
                    if (!running) {
                        ticker.wakeUp();
                    }
                }
            }
        } finally {
            finished.countDown();
        }
    }

    /** Starts the timeline of {@code sc} on {@code schedule}, after {@code predecessor} ends; under {@link #lock}. */
    private void start(SchedulerConfig sc, Schedule schedule, Timeline predecessor) {
        var first = schedule.next(ticker.now());
        if (first.isEmpty()) {
            return;
        }
        Timeline t = new Timeline(sc, schedule, first.get(), predecessor);
        metrics.schedulerAlive(sc.alias(), true);
        LOG.info("scheduler '{}' ({}): first job {} at {}", sc.alias(), sc.kind(), first.get().stage().label(),
                first.get().at());
        live.add(t);
        current.put(sc.alias(), t);
        t.thread.start();
    }

    /**
     * One scheduler's jobs, in time order, on a thread of its own. Stopped by {@link #stop()} or, for
     * a scheduler a reload removed or changed, by {@link #retire()}; the job in progress completes.
     */
    private final class Timeline implements Runnable {
        private final String alias;
        private final Schedule schedule;
        private final Timeline predecessor;
        private final BacktestWindows windows;
        private final Thread thread;
        private Job next;
        private volatile boolean active = true;

        Timeline(SchedulerConfig sc, Schedule schedule, Job first, Timeline predecessor) {
            this.alias = sc.alias();
            this.schedule = schedule;
            this.next = first;
            this.predecessor = predecessor;
            this.windows = sc instanceof SchedulerConfig.Backtesting b && b.nJobs() > 1
                    ? new BacktestWindows(alias, b.nJobs()) : null;
            this.thread = new Thread(this, "vigil-scheduler-" + alias);
            thread.setDaemon(true);
        }

        private boolean go() {
            return running && active;
        }

        /** Asks the timeline to end after its job in progress. */
        void retire() {
            active = false;
            ticker.wakeUp();
        }

        @Override
        public void run() {
            boolean done = false;
            try {
                if (predecessor != null) {
                    // The same alias' previous timeline finishes its job first: one job per scheduler at a time.
                    predecessor.thread.join();
                }
                while (go() && next != null) {
                    Job job = next;
                    if (!ticker.sleepUntil(job.at()) || !go()) {
                        continue;
                    }
                    if (windows == null) {
                        try {
                            runJob(alias, job);
                        } catch (RuntimeException e) {
                            LOG.error("scheduler '{}': the {} job at {} failed: {}", alias, job.stage().label(),
                                    job.at(), e.toString());
                        }
                        afterJob();
                    } else {
                        windows.submit(() -> runWindow(alias, job), this::go);
                    }
                    next = schedule.next(ticker.now()).orElse(null);
                    reportSkipped(alias, job, schedule.lastSkipped());
                }
                done = next == null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                end(done);
            }
        }

        private void end(boolean done) {
            try {
                if (windows != null) {
                    // Windows in flight (backtesting with n_jobs > 1) always complete, writes included.
                    windows.awaitIdle();
                    windows.close();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (done) {
                    LOG.info("scheduler '{}' finished", alias);
                }
                synchronized (lock) {
                    live.remove(this);
                    if (current.get(alias) == this) {
                        current.remove(alias);
                        metrics.schedulerAlive(alias, false);
                    }
                    lock.notifyAll();
                }
            }
        }
    }

    /**
     * Applies {@code next} while running (hot reload): jobs starting from now use it; timelines of
     * removed schedulers end after their job in progress, those of changed schedulers restart afresh
     * once it is done, added ones start; unchanged schedulers keep their timeline. Models of unchanged
     * combinations are kept; those of removed and changed combinations are dropped (and deleted from
     * the state store), changed and added combinations of a kept periodic scheduler are fitted at its
     * next job. Jobs already running finish with the configuration they started with.
     *
     * @param reader the reader to use from now on (the same one when its settings did not change)
     * @param writer the writer to use from now on (idem)
     * @return what changed
     */
    public ConfigDiff reload(RunnerConfig next, SeriesReader reader, SeriesWriter writer) {
        return reload(next, reader, writer, List.of());
    }

    /**
     * {@link #reload(RunnerConfig, SeriesReader, SeriesWriter)}, closing {@code replaced} (the reader or
     * writer it replaces) and a replaced worker pool once the jobs started before it have ended.
     */
    public ConfigDiff reload(RunnerConfig next, SeriesReader reader, SeriesWriter writer,
                             List<? extends AutoCloseable> replaced) {
        synchronized (lock) {
            Setup old = setup;
            ConfigDiff diff = ConfigDiff.of(old.plan().config(), next);
            Workers workers = old.workers();
            List<AutoCloseable> idle = new ArrayList<>(replaced);
            if (diff.workersChanged()) {
                idle.add(workers); // jobs in progress may still hand it tasks
                workers = Workers.of(next.settings().nWorkers());
            }
            Plan plan = new Plan(next);
            states.retire(diff.removed(), diff.changed());
            diff.dropped().forEach(c -> groups.drop(c.scheduler(), c.model()));
            diff.removed().forEach(refits::remove);
            residency.reconfigure(next, diff.removed());
            for (Combination c : union(diff.changed(), diff.added())) {
                if (!diff.schedulersAdded().contains(c.scheduler()) && !diff.schedulersChanged().contains(c.scheduler())) {
                    refits.add(c);
                }
            }
            if (persistence != null) {
                persistence.reconfigure(next, Signatures.of(next), diff.dropped());
            }
            setup = setup(plan, reader, writer, workers);
            synchronized (retired) {
                retired.add(old.inUse());
            }
            old.inUse().retire(idle);
            Instant now = ticker.now();
            for (String alias : union(diff.schedulersRemoved(), diff.schedulersChanged())) {
                Timeline t = current.remove(alias);
                if (t != null) {
                    t.retire();
                    metrics.schedulerAlive(alias, false);
                }
                SchedulerConfig sc = next.schedulers().get(alias);
                if (sc != null) {
                    start(sc, Schedules.of(sc, now, plan.minStep(alias)), t);
                }
            }
            for (String alias : diff.schedulersAdded()) {
                SchedulerConfig sc = next.schedulers().get(alias);
                start(sc, Schedules.of(sc, now, plan.minStep(alias)), null);
            }
            metrics.configEntities(plan.entities());
            return diff;
        }
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> out = new java.util.LinkedHashSet<>(a);
        out.addAll(b);
        return out;
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

    /** Asks {@link #run()} to return after the job(s) in progress, on every scheduler's timeline. */
    public void stop() {
        running = false;
        ticker.wakeUp();
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Waits for {@link #run()} to return. */
    public boolean awaitFinished(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (finished.await(Math.min(Math.max(left, 0), TimeUnit.MILLISECONDS.toNanos(POLL_MS)),
                    TimeUnit.NANOSECONDS)) {
                return true;
            }
            if (left <= 0) {
                return false;
            }
            if (!running) {
                ticker.wakeUp();
            }
        }
    }

    /** Whether the service is running (for {@code /health}). */
    public boolean healthy() {
        return running;
    }

    /** Runs one job of {@code scheduler}: read, fit and/or infer, write, for each of its queries. */
    public void runJob(String scheduler, Job job) {
        Setup su = setup;
        while (!su.inUse().enter()) {
            su = setup; // replaced by a reload meanwhile
        }
        try {
            runJob(scheduler, job, su);
        } finally {
            su.inUse().exit();
        }
    }

    private void runJob(String scheduler, Job job, Setup su) {
        Plan plan = su.plan();
        SchedulerConfig sc = plan.config().schedulers().get(scheduler);
        if (sc == null) {
            return; // removed by a hot reload after this job was scheduled
        }
        // A backtesting window fits from scratch: its state lives and dies with the job.
        SeriesStates st = plan.backtesting(scheduler) ? new SeriesStates() : states;
        GroupStates gs = plan.backtesting(scheduler) ? new GroupStates() : groups;
        Map<String, ReadSeries> read = new HashMap<>();
        List<String> queries = plan.queries(scheduler);
        for (String q : queries) {
            metrics.readQueued(su.reader().url(), q, scheduler, 1);
        }
        long exactEvery = plan.exactEveryMs(scheduler);
        boolean persist = persistence != null && persistence.persists(scheduler);
        for (String q : queries) {
            QueryConfig qc = plan.config().reader().queries().get(q);
            List<ModelConfig> ms = plan.models(scheduler, q);
            // A combination still to be fitted (restored state unusable, or new/changed by a reload) is fitted now.
            List<Job> jobs = refits.jobs(sc, q, ms, job);
            Job readJob = jobs.stream().filter(j -> j != job).findFirst().orElse(job);
            StreamedQuery sq = new StreamedQuery(new StreamedQuery.Context(io, su.stage(), residency, persistence,
                    refits, metrics, plan, st, su.generation()), scheduler, qc, su.writer());
            boolean streamed = StreamedQuery.applies(su.reader(), ms);
            inProgress.put(Thread.currentThread(), "scheduler '" + scheduler + "', " + job.stage().label()
                    + " job at " + job.at() + ", " + (ms.size() == 1 ? "model '" : "models '")
                    + String.join("', '", ms.stream().map(ModelConfig::alias).toList()) + "', query_key '" + q + "'"
                    + (streamed ? " (streamed)" : " (reading)"));
            try {
                if (streamed) { // a few batches of series in the heap at a time, not the answer
                    sq.run(su.reader(), readJob, ms, jobs, exactEvery, st == states, persist);
                    continue;
                }
                ReadSeries data = io.readWhole(su.reader(), plan, scheduler, qc, readJob, ms, st);
                if (data == null) {
                    continue;
                }
                boolean grouped = ms.stream().anyMatch(GroupStage::grouped);
                if (grouped) {
                    read.put(q, data); // for the multivariate and peer models, after every query is read
                }
                try {
                    sq.run(data, ms, jobs, exactEvery, st == states, persist, (m, mj) -> inProgress.put(
                            Thread.currentThread(), "scheduler '" + scheduler + "', " + mj.stage().label()
                            + " job at " + mj.at() + ", model '" + m.alias() + "', query_key '" + q + "'"));
                } finally {
                    if (!grouped) {
                        data.close();
                    }
                }
            } finally {
                inProgress.remove(Thread.currentThread());
            }
        }
        try {
            GroupJob.run(plan, scheduler, job, read, gs, refits, metrics, io, su.writer(), gs == groups && persist
                    ? persistence : null);
        } finally {
            read.values().forEach(ReadSeries::close);
        }
        if (st == states) {
            residency.afterJob(scheduler, states, persistence);
        }
    }

    @Override
    public void close() {
        stop();
        setup.workers().close();
        synchronized (retired) {
            retired.forEach(InUse::closeNow);
        }
    }
}
