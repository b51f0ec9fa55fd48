package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.scheduler.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload of the {@code server} section, as {@code --watch} runs it: the configuration file is
 * edited, {@link ConfigWatcher#check()} loads it and {@link ServiceRunner#reload} applies it to the
 * running service; the REST API is checked with real HTTP requests on free loopback ports.
 */
class ServiceRunnerServerReloadTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            return -1; // refused: nothing listens
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -2;
        }
    }

    private static String body(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The configuration with {@code server} as its server section ({@code null}: none). */
    private String config(Path data, String server) {
        return String.join("\n",
                "schedulers: {p: {class: periodic, infer_every: 1h, fit_window: 1h}}",
                "models: {z: {class: zscore_online, queries: [q], schedulers: [p]},",
                "         m: {class: mad_online, queries: [q], schedulers: [p]}}",
                "reader: {class: file, path: '" + data + "', sampling_period: 10s, queries: {q: {expr: cpu}}}",
                "writer: {class: file, path: '" + dir.resolve("out.jsonl") + "'}",
                server == null ? "" : "server: " + server,
                "");
    }

    @Test
    void reload_serverSection_rebindsReconfiguresStopsStartsAndKeepsTheOldOneOnAFailedBind() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        StringBuilder sb = new StringBuilder("timestamp,cpu{host=\"a\"}\n");
        for (int i = 120; i >= 1; i--) {
            sb.append(now - 10L * i).append(',').append(10 + (i % 7) * 0.1).append('\n');
        }
        Path data = Files.writeString(dir.resolve("d.csv"), sb.toString());
        Path file = dir.resolve("vigil.yml");
        int a = freePort();
        Files.writeString(file, config(data, "{addr: 127.0.0.1, port: " + a + ", max_concurrent_tasks: 1}"));
        List<Path> paths = List.of(file);
        String seen = ConfigWatcher.fingerprint(paths);
        ModelRegistry registry = ModelRegistry.standard();
        try (ServiceRunner runner = new ServiceRunner(RunnerConfigs.load(paths, Map.of(), registry), Ticker.system(),
                "t")) {
            ConfigWatcher watcher = new ConfigWatcher(paths, seen, Duration.ofSeconds(30),
                    () -> RunnerConfigs.load(paths, Map.of(), registry), runner::reload, runner.metrics(),
                    Clock.systemUTC());
            Thread t = new Thread(() -> {
                try {
                    runner.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "server-reload-runner");
            t.start();
            try {
                String atA = "http://127.0.0.1:" + a;
                assertThat(status(atA + "/health")).isIn(200, 503);
                assertThat(body(atA + "/api/v1/server/buildinfo")).contains("\"max_concurrent_tasks\":1");

                // Another port: served there, the old port closed.
                int b = freePort();
                Files.writeString(file, config(data, "{addr: 127.0.0.1, port: " + b + ", max_concurrent_tasks: 1}"));
                assertThat(watcher.check()).isTrue();
                String atB = "http://127.0.0.1:" + b;
                assertThat(status(atB + "/api/v1/models")).isEqualTo(200);
                assertThat(status(atA + "/api/v1/models")).isEqualTo(-1);

                // Limits, prefix and UI settings on the same port: applied without a restart.
                Files.writeString(file, config(data, "{addr: 127.0.0.1, port: " + b + ", path_prefix: /vmanomaly,"
                        + " max_concurrent_tasks: 3, ui_allowed_models: [m]}"));
                assertThat(watcher.check()).isTrue();
                String info = body(atB + "/vmanomaly/api/v1/server/buildinfo");
                assertThat(info).contains("\"max_concurrent_tasks\":3", "\"path_prefix\":\"/vmanomaly\"");
                String models = body(atB + "/vmanomaly/api/v1/server/models");
                assertThat(models).contains("\"alias\":\"m\"").doesNotContain("\"alias\":\"z\"");

                // A port in use: the reload fails, counts as failed, names addr:port; the old server goes on.
                List<String> errors = new ArrayList<>();
                try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    Files.writeString(file, config(data, "{addr: 127.0.0.1, port: " + taken.getLocalPort() + "}"));
                    boolean checked = ServiceTracesTest.logged("service.config", errors, watcher::check);
                    assertThat(checked).isTrue();
                    assertThat(errors).anySatisfy(l -> assertThat(l).contains("cannot be applied",
                            "127.0.0.1:" + taken.getLocalPort(), "previous configuration keeps running"));
                }
                String metrics = body(atB + "/vmanomaly/metrics");
                assertThat(metrics).contains("vmanomaly_config_last_reload_successful 0.0")
                        .containsPattern("vmanomaly_config_reloads_total\\{[^}]*status=\"failure\"} 1\\.0")
                        .containsPattern("vmanomaly_config_reloads_total\\{[^}]*status=\"success\"} 2\\.0");
                assertThat(body(atB + "/vmanomaly/api/v1/server/buildinfo")).contains("\"max_concurrent_tasks\":3");

                // Section removed: the server stops; added back: a new one starts.
                Files.writeString(file, config(data, null));
                assertThat(watcher.check()).isTrue();
                assertThat(status(atB + "/vmanomaly/health")).isEqualTo(-1);
                int c = freePort();
                Files.writeString(file, config(data, "{addr: 127.0.0.1, port: " + c + "}"));
                assertThat(watcher.check()).isTrue();
                String atC = "http://127.0.0.1:" + c;
                assertThat(body(atC + "/api/v1/server/buildinfo")).contains("\"max_concurrent_tasks\":2");
                assertThat(body(atC + "/metrics")).contains("vmanomaly_config_last_reload_successful 1.0");
            } finally {
                watcher.close();
                assertThat(runner.stop(Duration.ofSeconds(30))).isTrue();
                t.join(30_000);
            }
        }
    }
}
