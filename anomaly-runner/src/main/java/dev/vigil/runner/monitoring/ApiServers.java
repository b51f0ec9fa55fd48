package dev.vigil.runner.monitoring;

import dev.vigil.config.MonitoringConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.ServerConfig;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.server.ApiServer;
import dev.vigil.server.ServerContext;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Starts the REST API of the {@code server} section for the runner, serving the runner's Prometheus
 * registry on {@code /metrics} and its health on {@code /health}. Stateless and thread-safe.
 */
public final class ApiServers {

    private ApiServers() {
    }

    /**
     * The API of {@code config.server()}, started; {@code null} when the configuration has no {@code server}.
     *
     * @param running the configuration in force (a hot reload changes it)
     * @throws IOException when the address cannot be bound
     */
    public static ApiServer start(RunnerConfig config, Supplier<RunnerConfig> running, PrometheusRegistry registry,
                                  BooleanSupplier healthy, String version) throws IOException {
        ServerConfig s = config.server();
        return s == null ? null : start(s, running, registry, healthy, version);
    }

    /**
     * The API of the section {@code s}, started.
     *
     * @throws IOException when the address cannot be bound
     */
    public static ApiServer start(ServerConfig s, Supplier<RunnerConfig> running, PrometheusRegistry registry,
                                  BooleanSupplier healthy, String version) throws IOException {
        return ApiServer.start(new ServerContext(s, ModelRegistry.standard(), running, metrics(registry), healthy,
                Clock.systemUTC(), version));
    }

    /** Whether {@code monitoring.pull} would bind the API's own address (then the API serves /metrics alone). */
    public static boolean sharesPull(RunnerConfig config) {
        return sharesPull(config.monitoring().pull(), config.server());
    }

    /** Whether {@code pull} would bind the port of the API section {@code s}; false when either is null. */
    public static boolean sharesPull(MonitoringConfig.Pull pull, ServerConfig s) {
        return pull != null && s != null && pull.port() == s.port() && pull.port() != 0;
    }

    private static ServerContext.Metrics metrics(PrometheusRegistry registry) {
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        return new ServerContext.Metrics() {
            @Override
            public String contentType(String accept) {
                return writer.getContentType();
            }

            @Override
            public void write(String accept, OutputStream out) throws IOException {
                writer.write(out, registry.scrape());
            }
        };
    }
}
