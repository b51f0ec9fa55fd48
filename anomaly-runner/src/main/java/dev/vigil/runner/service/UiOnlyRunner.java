package dev.vigil.runner.service;

import dev.vigil.config.MonitoringConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.ServerConfig;
import dev.vigil.runner.monitoring.ApiServers;
import dev.vigil.server.ApiServer;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.monitoring.MonitoringServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.InstantSource;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner of {@code preset: ui} without production jobs: no scheduler, reader, model or writer. It
 * serves the REST API and the web UI of the {@code server} section (vmanomaly's defaults,
 * {@code 0.0.0.0:8490}, when the section is absent), and {@code /metrics} and {@code /health} on
 * {@code monitoring.pull} when that is set on another port, until stopped. Thread-safe: {@link #stop}
 * may be called from a shutdown hook while {@link #awaitStop} blocks.
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
        ServerConfig serverConfig = serverConfig(config);
        api = ApiServers.start(serverConfig, () -> config, registry, () -> stopped.getCount() > 0, version);
        MonitoringConfig.Pull pull = config.monitoring().pull();
        MonitoringServer monitoring = null;
        try {
            monitoring = pull == null || ApiServers.sharesPull(pull, serverConfig) ? null
                    : new MonitoringServer(pull.addr(), pull.port(), registry, () -> stopped.getCount() > 0);
        } catch (IOException e) {
            api.close();
            throw e;
        }
        server = monitoring;
        LOG.info("preset ui: no production jobs; serving the API and the UI on {}/vmui/", api.url());
        if (server != null) {
            LOG.info("preset ui: serving /metrics and /health on {}:{}", pull.addr(), server.port());
        }
    }

    /** The {@code server} section, or vmanomaly's defaults ({@code 0.0.0.0:8490}) when it is absent. */
    static ServerConfig serverConfig(RunnerConfig config) {
        return config.server() != null ? config.server() : ServerConfig.defaults();
    }

    /** The API server (REST API, UI, {@code /metrics} and {@code /health}). */
    public ApiServer api() {
        return api;
    }

    /** The monitoring port, or -1 without {@code monitoring.pull}. */
    public int port() {
        return server == null ? -1 : server.port();
    }

    /** The base URL of the API (path prefix included). */
    public String apiUrl() {
        return api.url();
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
        api.close();
    }
}
