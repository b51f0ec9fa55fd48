package dev.vigil.runner.monitoring;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.ServerConfig;
import dev.vigil.server.ApiServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The REST API of the {@code server} section across hot reloads: {@link #apply} takes the section of a
 * new configuration and starts the server (section added), stops it (section removed, its tasks
 * cancelled) or {@linkplain ApiServer#reconfigure reconfigures} it in place (section changed: a new
 * {@code addr}/{@code port} rebinds, the tasks stay; the other keys apply to the next request). A
 * failed bind changes nothing and throws with the {@code addr:port}.
 *
 * <p>Thread-safe: every method holds this object's lock; {@link #apply} is O(1) apart from binding.
 */
public final class ReloadableApiServer implements AutoCloseable {

    private final Supplier<RunnerConfig> running;
    private final PrometheusRegistry registry;
    private final BooleanSupplier healthy;
    private final String version;
    /** The server running, or {@code null} without a {@code server} section. */
    private ApiServer current;

    /**
     * Starts the API of {@code config.server()}, if any.
     *
     * @param running the configuration in force (a hot reload changes it)
     * @throws IOException when the address cannot be bound (the message names it)
     */
    public ReloadableApiServer(RunnerConfig config, Supplier<RunnerConfig> running, PrometheusRegistry registry,
                               BooleanSupplier healthy, String version) throws IOException {
        this.running = Objects.requireNonNull(running, "running");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.healthy = Objects.requireNonNull(healthy, "healthy");
        this.version = Objects.requireNonNull(version, "version");
        this.current = config.server() == null ? null : ApiServers.start(config.server(), running, registry, healthy,
                version);
    }

    /** The base URL served (path prefix included), or {@code null} when no server runs. */
    public synchronized String url() {
        return current == null ? null : current.url();
    }

    /** The bound port, or -1 when no server runs. */
    public synchronized int port() {
        return current == null ? -1 : current.port();
    }

    /**
     * Applies the {@code server} section of a new configuration ({@code null}: none).
     *
     * @return one line per change, for the reload log; empty when the section is unchanged
     * @throws IOException when a new address cannot be bound; the running server, if any, is untouched
     */
    public synchronized List<String> apply(ServerConfig next) throws IOException {
        List<String> out = new ArrayList<>();
        if (current == null) {
            if (next != null) {
                current = ApiServers.start(next, running, registry, healthy, version);
                out.add("server added: serving the REST API at " + current.url());
            }
            return out;
        }
        ServerConfig now = current.config();
        if (next == null) {
            String url = current.url();
            current.close();
            current = null;
            out.add("server removed: the REST API at " + url + " stopped (its detection tasks cancelled)");
            return out;
        }
        if (now.equals(next)) {
            return out;
        }
        String before = current.url();
        current.reconfigure(next);
        if (!now.addr().equals(next.addr()) || now.port() != next.port()) {
            out.add("server address changed: the REST API moved from " + before + " to " + current.url()
                    + " (detection tasks kept)");
        } else if (!now.pathPrefix().equals(next.pathPrefix())) {
            out.add("server path_prefix changed: the REST API is now at " + current.url());
        }
        if (now.maxConcurrentTasks() != next.maxConcurrentTasks()) {
            out.add("server max_concurrent_tasks changed from " + now.maxConcurrentTasks() + " to "
                    + next.maxConcurrentTasks() + " (tasks already admitted go on)");
        }
        if (!Objects.equals(now.uiDefaultState(), next.uiDefaultState())
                || !Objects.equals(now.uiAllowedModels(), next.uiAllowedModels())
                || now.useReaderConnectionSettings() != next.useReaderConnectionSettings()) {
            out.add("server ui_default_state / ui_allowed_models / use_reader_connection_settings: applied");
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
