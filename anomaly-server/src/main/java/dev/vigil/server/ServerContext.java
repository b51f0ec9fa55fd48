package dev.vigil.server;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.ServerConfig;
import dev.vigil.models.registry.ModelRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the server needs from its host: its section, the model registry, the running configuration
 * (for {@code /api/v1/server/*}; its supplier may answer {@code null} when the server runs alone), the
 * metrics and health of {@code /metrics} and {@code /health}, a clock for task times and the version.
 * Immutable and thread-safe when its suppliers are.
 *
 * @param config the {@code server} section
 * @param registry the models tasks and validation may name
 * @param running the configuration the runner runs now (hot reloads replace it), or {@code null}
 * @param metrics what {@code /metrics} serves
 * @param healthy whether {@code /health} answers 200 (else 503)
 * @param clock the source of task timestamps
 * @param version the build version {@code /api/v1/server/buildinfo} reports
 */
public record ServerContext(ServerConfig config, ModelRegistry registry, Supplier<RunnerConfig> running,
                            Metrics metrics, BooleanSupplier healthy, Clock clock, String version) {

    /** Checks every part is given. */
    public ServerContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(running, "running");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(healthy, "healthy");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(version, "version");
    }

    /** The Prometheus exposition {@code /metrics} serves. Implementations must be thread-safe. */
    public interface Metrics {

        /** Metrics of nothing: an empty exposition. */
        Metrics NONE = new Metrics() {
            @Override
            public String contentType(String accept) {
                return "text/plain; version=0.0.4; charset=utf-8";
            }

            @Override
            public void write(String accept, OutputStream out) {
            }
        };

        /** The content type of the format chosen for the request's {@code Accept} header (may be null). */
        String contentType(String accept);

        /** Writes the current metrics in that format. */
        void write(String accept, OutputStream out) throws IOException;
    }
}
