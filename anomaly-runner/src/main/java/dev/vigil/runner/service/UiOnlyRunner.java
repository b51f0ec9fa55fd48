package dev.vigil.runner.service;

import dev.vigil.config.MonitoringConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.runner.monitoring.ApiServers;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.monitoring.MonitoringServer;
import dev.vigil.server.ApiServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner of {@code preset: ui} without production jobs: no scheduler, reader, model or writer; it
 * serves the REST API and web UI of the {@code server} section, and {@code /metrics} and {@code /health}
 * (there, or on {@code monitoring.pull}), until stopped. Thread-safe: {@link #stop} may be called from a shutdown hook while
 * {@link #awaitStop} blocks.
 */
public final class UiOnlyRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("service");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final RunnerMetrics metrics;
    private final MonitoringServer server;
    private final ApiServer api;
    private final CountDownLatch stopped = new CountDownLatch(1);

    /**
     * Registers the metrics (no configured entity) and binds the monitoring port.
     *
     * @throws IOException when the monitoring port cannot be bound
     */
    public UiOnlyRunner(RunnerConfig config, String version, InstantSource clock) throws IOException {
        metrics = new RunnerMetrics(registry, version, config.preset());
        metrics.started(clock.millis() / 1000.0, 0);
        MonitoringConfig.Pull pull = config.monitoring().pull();
        api = ApiServers.start(config, () -> config, registry, () -> stopped.getCount() > 0, version);
        try {
            server = pull == null || ApiServers.sharesPull(config) ? null
                    : new MonitoringServer(pull.addr(), pull.port(), registry, () -> stopped.getCount() > 0);
        } catch (IOException | RuntimeException e) {
            if (api != null) {
                api.close();
            }
            throw e;
        }
        if (api != null) {
            LOG.info("preset ui: no production jobs; serving the API and the UI at {}/vmui/", api.url());
        }
        if (server != null) {
            LOG.info("preset ui: no production jobs; serving /metrics and /health on {}:{}", pull.addr(),
                    server.port());
        } else if (api == null) {
            LOG.info("preset ui: no production jobs and no monitoring.pull; waiting to be stopped");
        }
    }

    /** The monitoring port, or -1 without {@code monitoring.pull}. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    /** The base URL of the {@code server} section's API (path prefix included), or {@code null} without one. */
    public String apiUrl() {
        return api == null ? null : api.url();
    }

    /** The runner's metrics. */
    public RunnerMetrics metrics() {
        return metrics;
    }

    /** Blocks until {@link #stop}. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    /** Turns {@code /health} unhealthy and releases {@link #awaitStop}. */
    public void stop() {
        stopped.countDown();
    }

    @Override
    public void close() {
        stop();
        if (server != null) {
            server.close();
        }
        if (api != null) {
            api.close();
        }
    }
}
