package dev.vigil.config;

import java.util.List;

/**
 * The validated {@code server} section: the REST API and the web UI served on {@code addr:port}
 * beside {@code /metrics} and {@code /health}. Immutable and thread-safe.
 *
 * @param addr bind address ({@code 0.0.0.0} by default)
 * @param port TCP port, 0 for any free one ({@code 8490} by default)
 * @param pathPrefix prefix of every route, normalised to start with {@code /} and not end with one;
 *     {@code ""} for none
 * @param maxConcurrentTasks detection tasks admitted at once (queued or running); more answer HTTP 429
 * @param uiDefaultState the UI state fragment ({@code #/?...}) the UI opens with, or {@code null}
 * @param uiAllowedModels model aliases the UI offers; {@code null} for all, empty for none
 * @param useReaderConnectionSettings whether the datasource proxy reuses the reader's credentials and TLS
 */
public record ServerConfig(String addr, int port, String pathPrefix, int maxConcurrentTasks, String uiDefaultState,
                           List<String> uiAllowedModels, boolean useReaderConnectionSettings) {

    /** Copies the allowed models. */
    public ServerConfig {
        uiAllowedModels = uiAllowedModels == null ? null : List.copyOf(uiAllowedModels);
    }

    /** Every default: {@code 0.0.0.0:8490}, no prefix, 2 tasks, all models. */
    public static ServerConfig defaults() {
        return new ServerConfig("0.0.0.0", 8490, "", 2, null, null, false);
    }

    /** The same server on another port (tests bind 0). */
    public ServerConfig withPort(int newPort) {
        return new ServerConfig(addr, newPort, pathPrefix, maxConcurrentTasks, uiDefaultState, uiAllowedModels,
                useReaderConnectionSettings);
    }
}
