package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.scheduler.Ticker;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configuration with a {@code server} section runs the REST API beside its jobs, with the runner's metrics. */
class ServiceRunnerServerTest {

    @TempDir
    Path dir;

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void run_withServerSection_servesTheApiMetricsAndHealthOnItsPort() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        StringBuilder sb = new StringBuilder("timestamp,cpu{host=\"a\"}\n");
        for (int i = 120; i >= 1; i--) {
            sb.append(now - 10L * i).append(',').append(10 + (i % 7) * 0.1).append('\n');
        }
        Path data = Files.writeString(dir.resolve("d.csv"), sb.toString());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RunnerConfig c = RunnerConfigs.parse(String.join("\n",
                "schedulers: {p: {class: periodic, infer_every: 1h, fit_window: 1h}}",
                "models: {z: {class: zscore_online, queries: [q], schedulers: [p]}}",
                "reader: {class: file, path: '" + data + "', sampling_period: 10s, queries: {q: {expr: cpu}}}",
                "writer: {class: file, path: '" + dir.resolve("out.jsonl") + "'}",
                "monitoring: {pull: {addr: 127.0.0.1, port: " + port + "}}",
                "server: {addr: 127.0.0.1, port: " + port + ", path_prefix: /vmanomaly}",
                ""), "t.yml", Map.of(), ModelRegistry.standard());
        String base = "http://127.0.0.1:" + port + "/vmanomaly";
        try (ServiceRunner runner = new ServiceRunner(c, Ticker.system(), "t")) {
            Thread t = new Thread(() -> {
                try {
                    runner.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "server-runner");
            t.start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                int health = 0;
                while (System.nanoTime() < deadline && health != 200) {
                    Thread.sleep(100);
                    health = get(base + "/health").statusCode();
                }
                assertThat(health).isEqualTo(200);
                // monitoring.pull on the same port gives way: the API serves the runner's own registry.
                assertThat(get(base + "/metrics").body()).contains("vmanomaly_");
                HttpResponse<String> queries = get(base + "/api/v1/server/queries");
                assertThat(queries.statusCode()).isEqualTo(200);
                assertThat(queries.body()).contains("\"alias\":\"q\"", "\"expr\":\"cpu\"");
                assertThat(get(base + "/api/v1/server/models").body()).contains("\"alias\":\"z\"");
            } finally {
                assertThat(runner.stop(Duration.ofSeconds(30))).isTrue();
                t.join(30_000);
            }
        }
        // closed with the runner
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> get(base + "/health"))
                .isInstanceOf(java.io.IOException.class);
    }
}
