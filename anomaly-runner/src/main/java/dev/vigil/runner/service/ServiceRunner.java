package dev.vigil.runner.service;

import dev.vigil.config.MonitoringConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.runner.io.BufferingSeriesWriter;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.ApiServers;
import dev.vigil.runner.monitoring.ReloadableApiServer;
import dev.vigil.runner.monitoring.MetricsPusher;
import dev.vigil.runner.monitoring.MonitoringServer;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.Ticker;
import dev.vigil.runner.state.ConfigDiff;
import dev.vigil.runner.state.StateStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a validated configuration into a running service: reader and writer, the
 * {@link AnomalyService}, {@code /metrics} and {@code /health} on {@code monitoring.pull}, metrics pushes
 * to {@code monitoring.push} (every {@code push_frequency} and after every job). {@link #run()} blocks
 * until every finite scheduler is done or {@link #stop()} is called (e.g. by a SIGTERM hook); the jobs
 * in progress (at most one per scheduler), writes included, complete first. {@link #reload} applies a
 * new configuration while running (hot reload). Its last log line is the writer's
 * {@link SeriesWriter#summary() summary}, when it has one (the file writer's: points scored,
 * anomalies, where the scores and the report are).
 *
 * <p>Thread-safety: {@link #run()} is called by one thread, {@link #stop(Duration)} and
 * {@link #reload} from any other (e.g. a shutdown hook, the configuration watcher). Not reusable: one
 * instance runs once.
 */
public final class ServiceRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("service");
    private static final Logger WRITE_LOG = LoggerFactory.getLogger("writer");

    private final RunnerConfig config;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final RunnerMetrics metrics;
    /** The reader and writer in use; a hot reload that changes their sections replaces them. */
    private volatile SeriesReader reader;
    private volatile SeriesWriter writer;
    /** Serializes reloads. */
    private final Object reloading = new Object();
    private final MonitoringServer server;
    /** The REST API of the {@code server} section (none running without one); hot reloads apply theirs. */
    private final ReloadableApiServer api;
    private final MetricsPusher pusher;
    private final AnomalyService service;

    /**
     * Builds everything and binds the monitoring port (before any job runs, so a port clash fails fast).
     *
     * @throws IOException when the writer's file or the monitoring port cannot be opened
     * @throws dev.vigil.vm.VmConfigException when a connection key is invalid
     */
    public ServiceRunner(RunnerConfig config, Ticker ticker, String version) throws IOException {
        this(config, ticker, version, null);
    }

    /**
     * Builds everything with the store under {@code VMANOMALY_MODEL_DUMPS_DIR} ({@code null}: models
     * in memory only): with {@code settings.restore_state} the models of periodic schedulers are
     * restored from and saved in it, without it they live in its dumps between jobs (on-disk mode).
     *
     * @throws IOException when the writer's file or the monitoring port cannot be opened, or the
     *     stored state cannot be listed
     */
    public ServiceRunner(RunnerConfig config, Ticker ticker, String version, StateStore store) throws IOException {
        this.config = config;
        RunnerMetrics metrics = new RunnerMetrics(registry, version, config.preset());
        this.metrics = metrics;
        this.reader = IoFactory.reader(config.reader());
        SeriesWriter w = null;
        MonitoringServer s = null;
        MetricsPusher p = null;
        ReloadableApiServer a = null;
        try {
            w = IoFactory.writer(config.writer(), writerFaults(metrics));
            MonitoringConfig.Pull pull = config.monitoring().pull();
            AnomalyService[] ref = new AnomalyService[1];
            if (pull != null && ApiServers.sharesPull(config)) {
                LOG.info("monitoring.pull has the server's port {}: the server serves /metrics and /health", pull.port());
            } else if (pull != null) {
                s = new MonitoringServer(pull.addr(), pull.port(), registry, () -> ref[0] != null && ref[0].healthy());
                LOG.info("serving /metrics and /health on {}:{}", pull.addr(), s.port());
            }
            a = new ReloadableApiServer(config, () -> ref[0] == null ? config : ref[0].config(), registry,
                    () -> ref[0] != null && ref[0].healthy(), version);
            if (a.url() != null) {
                LOG.info("serving the REST API with /metrics and /health at {}", a.url());
            }
            MonitoringConfig.Push push = config.monitoring().push();
            if (push != null) {
                p = new MetricsPusher(push, registry, host() + ":" + (s == null ? 0 : s.port()));
                LOG.info("pushing metrics to {}", p.url());
            }
            MetricsPusher pushRef = p;
            Runnable afterJob = () -> {
                try {
                    writer.afterJob();
                } catch (IOException e) {
                    WRITE_LOG.error("{}", e.getMessage());
                }
                if (pushRef != null) {
                    pushRef.pushNow();
                }
            };
            this.service = new AnomalyService(config, reader, w, ticker, metrics, afterJob, store);
            ref[0] = service;
        } catch (IOException | RuntimeException e) {
            closeQuietly(reader, w, s, p, a);
            throw e;
        }
        this.writer = w;
        this.server = s;
        this.pusher = p;
        this.api = a;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    /** Runs until done or stopped. */
    public void run() throws InterruptedException {
        config.warnings().forEach(w -> LOG.warn("config: {}", w));
        LOG.info("starting: {} scheduler(s), {} model(s), {} quer(y/ies); reader {}, writer {}",
                config.schedulers().size(), config.models().size(), config.reader().queries().size(), reader.url(),
                writer.url());
        service.run();
        finish(writer);
        if (pusher != null) {
            try {
                pusher.push();
            } catch (IOException e) {
                LOG.warn("final metrics push failed: {}", e.toString());
            }
        }
        LOG.info("stopped");
        String summary = writer.summary();
        if (summary != null) {
            LOG.info("{}", summary);
        }
    }

    /**
     * Asks {@link #run()} to return after the jobs in progress; waits up to {@code timeout} for them.
     * When a job is still running after {@code timeout}, logs what is abandoned (scheduler, job,
     * model, query) and returns {@code false}. The model state of {@code settings.restore_state} is
     * saved after every stage, so what is on disk then is the last complete state: the abandoned
     * stage is redone after a restart.
     *
     * @return whether {@link #run()} finished in time
     */
    public boolean stop(Duration timeout) throws InterruptedException {
        service.stop();
        if (service.awaitFinished(timeout)) {
            return true;
        }
        List<String> running = service.inProgress();
        if (running.isEmpty()) {
            LOG.warn("stop: the job in progress did not finish within the grace period of {}s; abandoning it",
                    timeout.toSeconds());
        }
        for (String job : running) {
            LOG.warn("stop: grace period of {}s over; abandoning {} (its output is not written; the stored model"
                    + " state, if any, is the last complete one)", timeout.toSeconds(), job);
        }
        return false;
    }

    private static void finish(AutoCloseable c) {
        if (c instanceof SeriesWriter w) {
            try {
                w.finish();
            } catch (IOException e) {
                WRITE_LOG.error("{}", e.getMessage());
            }
        }
    }

    /**
     * Hot reload: applies {@code next} to the running service ({@link AnomalyService#reload}),
     * rebuilding the reader or the writer when their sections changed and applying the {@code server}
     * section ({@link ReloadableApiServer#apply}). Sections read only at start
     * ({@code monitoring}, {@code settings.restore_state}) are logged as needing a restart.
     *
     * @return what changed
     * @throws IOException when the new writer's file cannot be opened or the new server address cannot be
     *     bound (nothing is applied then)
     * @throws dev.vigil.vm.VmConfigException when a new connection key is invalid (nothing is applied)
     */
    public ConfigDiff reload(RunnerConfig next) throws IOException {
        synchronized (reloading) {
            ConfigDiff diff = ConfigDiff.of(service.config(), next);
            SeriesReader r = diff.readerChanged() ? IoFactory.reader(next.reader()) : reader;
            SeriesWriter w = writer;
            List<String> serverChanges;
            try {
                w = diff.writerChanged() ? IoFactory.writer(next.writer(), writerFaults(metrics)) : writer;
                // Last of what may fail: a failed bind leaves the old server, reader and writer in place.
                serverChanges = api.apply(next.server());
            } catch (IOException | RuntimeException e) {
                if (r != reader) {
                    closeQuietly(r);
                }
                if (w != writer) {
                    closeQuietly(w);
                }
                throw e;
            }
            serverChanges.forEach(l -> LOG.info("config reload: {}", l));
            next.warnings().forEach(x -> LOG.warn("config: {}", x));
            List<AutoCloseable> old = new ArrayList<>(2);
            if (r != reader) {
                old.add(reader);
            }
            if (w != writer) {
                SeriesWriter replaced = writer;
                old.add(() -> {
                    finish(replaced); // what its retry buffer still holds
                    replaced.close();
                });
            }
            // The replaced reader and writer are closed once the jobs still using them end.
            service.reload(next, r, w, old);
            reader = r;
            writer = w;
            return diff;
        }
    }

    /** The runner's metrics (hot reload reports its outcome there). */
    public RunnerMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        closeQuietly(service, reader, writer, server, pusher, api);
    }

    private static void closeQuietly(AutoCloseable... cs) {
        for (AutoCloseable c : cs) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.warn("error while closing {}: {}", c.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }

    /** The writer's retry buffer reporting to the runner's metrics. */
    static BufferingSeriesWriter.Listener writerFaults(RunnerMetrics metrics) {
        return new BufferingSeriesWriter.Listener() {
            @Override
            public void dropped(String url, String queryKey, String scheduler, long points) {
                metrics.writerDropped(url, queryKey, scheduler, points);
            }

            @Override
            public void buffered(String url, long points) {
                metrics.writerBuffered(url, points);
            }
        };
    }
}
