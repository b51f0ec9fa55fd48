package dev.vigil.runner.monitoring;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * Serves {@code /metrics} (the Prometheus client's own handler) and {@code /health} ({@code 200 OK}
 * while the runner is healthy, else 503) on {@code addr:port}. Thread-safe; close to stop.
 */
public final class MonitoringServer implements AutoCloseable {

    private final HTTPServer server;

    /**
     * Starts serving.
     *
     * @param port 0 picks a free port (see {@link #port()})
     * @throws IOException when the address cannot be bound
     */
    public MonitoringServer(String addr, int port, PrometheusRegistry registry, BooleanSupplier healthy)
            throws IOException {
        this.server = HTTPServer.builder().hostname(addr).port(port).registry(registry)
                .defaultHandler(ex -> handle(ex, healthy)).buildAndStart();
    }

    private static void handle(HttpExchange ex, BooleanSupplier healthy) throws IOException {
        String path = ex.getRequestURI().getPath();
        int code;
        String body;
        if (path.equals("/health") || path.equals("/-/healthy")) {
            boolean ok = healthy.getAsBoolean();
            code = ok ? 200 : 503;
            body = ok ? "OK\n" : "unhealthy\n";
        } else if (path.equals("/")) {
            code = 200;
            body = "vigil runner: /metrics, /health\n";
        } else {
            code = 404;
            body = "not found; try /metrics or /health\n";
        }
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    /** The bound port. */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
