package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.runner.scheduler.Ticker;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The vmanomaly alerting tutorial, natively: {@code deploy/local/tutorial.sh} (FAST=1, NO_RUNNER=1)
 * starts VictoriaMetrics, node-exporter, vmagent, vmalert and alertmanager on free ports; the runner runs
 * in-process from the script's config. Asserts the outputs for every CPU mode with the spec labels, the
 * runner's metrics scraped into VictoriaMetrics, and an injected anomaly reaching alertmanager as
 * {@code HighAnomalyScore}.
 */
@Tag("functional")
class TutorialIntegrationTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final List<String> BINARIES = List.of("/usr/bin/victoria-metrics", "/usr/bin/vmagent", "/usr/bin/vmalert",
            "/usr/bin/prometheus-node-exporter", "/usr/bin/prometheus-alertmanager");

    @Test
    void tutorial_fastSchedule_scoresEveryCpuModeAndAnInjectedAnomalyReachesAlertmanager() throws Exception {
        for (String b : BINARIES) {
            if (!Files.isExecutable(Path.of(b))) {
                String msg = b + " is missing (Debian packages victoria-metrics, prometheus-node-exporter,"
                        + " prometheus-alertmanager)";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail(msg);
                }
                Assumptions.abort(msg);
            }
        }
        Path script = Path.of("../deploy/local/tutorial.sh").toAbsolutePath().normalize();
        Path dir = Files.createTempDirectory("vigil-tutorial-");
        long t0 = System.nanoTime();
        try {
            script(script, "start", dir.toString());
            phase("services up", t0);
            Map<String, String> env = new HashMap<>();
            for (String l : Files.readAllLines(dir.resolve("env"))) {
                env.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
            }
            String vm = env.get("VM_URL");
            backfillSynthetic(vm);
            RunnerConfig config = RunnerConfigs.load(List.of(dir.resolve("vigil.yml")), Map.of(),
                    ModelRegistry.standard());
            try (ServiceRunner runner = new ServiceRunner(config, Ticker.system(), "it")) {
                Thread t = new Thread(() -> {
                    try {
                        runner.run();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "tutorial-runner");
                t.start();

                // Every output for every CPU mode, labelled as vmanomaly's writer does.
                Set<String> modes = poll(Duration.ofSeconds(60), () -> {
                    Set<String> m = new TreeSet<>();
                    for (JsonNode s : series(vm, "yhat_upper{for=\"node_cpu_rate\"}")) {
                        m.add(s.path("mode").asText());
                    }
                    return m.size() >= 3 ? m : null;
                });
                phase("outputs for " + modes.size() + " CPU modes", t0);
                for (String var : List.of("anomaly_score", "y", "yhat", "yhat_lower", "yhat_upper")) {
                    List<JsonNode> got = series(vm, var + "{for=\"node_cpu_rate\"}");
                    Set<String> seen = new TreeSet<>();
                    for (JsonNode s : got) {
                        assertThat(s.path("model_alias").asText()).isEqualTo("zscore");
                        assertThat(s.path("scheduler_alias").asText()).isEqualTo("periodic");
                        assertThat(s.path("job").asText()).isEqualTo("node-exporter");
                        assertThat(s.path("instance").asText()).isEqualTo(env.get("NODE_EXPORTER_URL").substring(7));
                        seen.add(s.path("mode").asText());
                    }
                    assertThat(seen).as(var).containsAll(modes);
                }
                // The runner's own metrics were scraped by vmagent.
                poll(Duration.ofSeconds(30), () -> series(vm, "vmanomaly_model_runs_total{job=\"vmanomaly\"}").isEmpty()
                        ? null : Boolean.TRUE);

                phase("runner metrics scraped", t0);
                // An anomaly in the synthetic series scores above 1 and fires HighAnomalyScore.
                post(vm + "/api/v1/import/prometheus", "vigil_synthetic{instance=\"synthetic\",job=\"synthetic\"} 100\n");
                poll(Duration.ofSeconds(60), () -> {
                    String body = get(env.get("ALERTMANAGER_URL") + "/api/v2/alerts");
                    return body.contains("\"alertname\":\"HighAnomalyScore\"") && body.contains("\"for\":\"synthetic\"")
                            ? Boolean.TRUE : null;
                });
                phase("HighAnomalyScore in alertmanager", t0);
                assertThat(runner.stop(Duration.ofSeconds(30))).isTrue();
                t.join(30_000);
            }
        } finally {
            script(script, "stop", dir.toString());
        }
    }

    /** Progress on stderr (kept in the surefire report), so a slow phase on a loaded machine is visible. */
    static void phase(String what, long t0) {
        System.err.printf("tutorial: %s after %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
    }

    /** 60 points, one every 10 s up to now, around 10: the first fit sees a warmed-up history. */
    static void backfillSynthetic(String vm) throws Exception {
        Random rnd = new Random(11);
        long now = System.currentTimeMillis();
        List<Long> ts = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        for (int i = 60; i >= 1; i--) {
            ts.add(now - i * 10_000L);
            vs.add(10 + 0.2 * rnd.nextGaussian());
        }
        post(vm + "/api/v1/import", JSON.writeValueAsString(Map.of("metric", Map.of("__name__", "vigil_synthetic",
                "instance", "synthetic", "job", "synthetic"), "values", vs, "timestamps", ts)) + "\n");
        get(vm + "/internal/force_flush");
    }

    static void script(Path script, String cmd, String dir) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), cmd, dir).redirectErrorStream(true);
        pb.environment().put("FAST", "1");
        pb.environment().put("NO_RUNNER", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(cmd + ": " + out).isZero();
    }

    static <T> T poll(Duration timeout, Supplier<T> check) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = check.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(500);
        }
    }

    static List<JsonNode> series(String vm, String selector) {
        try {
            JsonNode r = JSON.readTree(get(vm + "/api/v1/series?match[]="
                    + URLEncoder.encode(selector, StandardCharsets.UTF_8)));
            List<JsonNode> out = new ArrayList<>();
            r.path("data").forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new AssertionError(url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void post(String url, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url + ": " + r.body()).isBetween(200, 299);
    }
}
