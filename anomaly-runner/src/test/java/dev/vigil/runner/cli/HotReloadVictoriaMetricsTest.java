package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.scheduler.Ticker;
import dev.vigil.runner.service.ConfigWatcher;
import dev.vigil.runner.service.ServiceRunner;
import dev.vigil.vm.VictoriaMetricsServer;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload end to end, in real time: the runner (as {@code vigil --watch} wires it) scores a live
 * series in a real VictoriaMetrics; the configuration file is edited while it runs (a model argument
 * changed, a query added, then an invalid file), and the written {@code anomaly_score} series and the
 * runner's {@code /metrics} show each edit applied, or refused, without a restart.
 */
class HotReloadVictoriaMetricsTest {

    @RegisterExtension
    static final VictoriaMetricsServer VM = new VictoriaMetricsServer("-search.latencyOffset=0s");

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    String config(int port, String zThreshold, String madQueries, boolean memQuery) {
        return String.join("\n",
                "schedulers:",
                "  p: {class: periodic, infer_every: 2s, fit_every: 1h, fit_window: 10m}",
                "models:",
                "  z: {class: zscore_online, z_threshold: " + zThreshold + ", queries: [cpu], schedulers: [p],"
                        + " provide_series: [anomaly_score]}",
                "  m: {class: mad_online, queries: " + madQueries + ", schedulers: [p], provide_series: [anomaly_score]}",
                "reader:",
                "  datasource_url: " + VM.url(),
                "  sampling_period: 1s",
                "  queries:",
                "    cpu: {expr: cpu_it}",
                memQuery ? "    mem: {expr: mem_it}" : "",
                "writer:",
                "  datasource_url: " + VM.url(),
                "  metric_format: {__name__: $VAR, for: $QUERY_KEY}",
                "monitoring:",
                "  pull: {addr: 127.0.0.1, port: " + port + "}",
                "");
    }

    /** cpu_it: 45 and 55 on alternate seconds, so the z-score of every point is close to 1. */
    private static double cpu(long t) {
        return (t / 1000) % 2 == 0 ? 45 : 55;
    }

    @Test
    void watch_editsWhileRunning_applyValidChangesAndKeepTheRunningConfigOnAnInvalidOne() throws Exception {
        Random rnd = new Random(11);
        long now = System.currentTimeMillis() / 1000 * 1000;
        // 10 minutes of history a second apart, then a feeder adding the current second's point.
        StringBuilder hist = new StringBuilder();
        for (long t = now - 600_000; t <= now; t += 1000) {
            hist.append(line("cpu_it", t, cpu(t))).append(line("mem_it", t, 70 + 3 * rnd.nextGaussian()));
        }
        importLines(hist.toString());
        VM.flush();
        await("history searchable", () -> get(VM.url() + "/api/v1/series?match[]=cpu_it").contains("cpu_it"));
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = new Thread(() -> {
            Random r = new Random(12);
            while (feeding.get()) {
                long t = System.currentTimeMillis() / 1000 * 1000;
                try {
                    importLines(line("cpu_it", t, cpu(t)) + line("mem_it", t, 70 + 3 * r.nextGaussian()));
                    Thread.sleep(500);
                } catch (Exception e) {
                    return;
                }
            }
        }, "feeder");
        feeder.setDaemon(true);
        feeder.start();

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path file = dir.resolve("vigil.yml");
        Files.writeString(file, config(port, "3", "[cpu]", false));
        List<Path> paths = List.of(file);
        String fingerprint = ConfigWatcher.fingerprint(paths);
        RunnerConfig config = RunnerConfigs.load(paths, Map.of(), ModelRegistry.standard());
        try (ServiceRunner runner = new ServiceRunner(config, Ticker.system(), "it");
             ConfigWatcher watcher = ServiceCommand.watcher(paths, fingerprint, Duration.ofMillis(200),
                     ModelRegistry.standard(), runner, null, config)) {
            Thread t = new Thread(() -> {
                try {
                    runner.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "runner");
            t.start();
            watcher.start();
            String metricsUrl = "http://127.0.0.1:" + port + "/metrics";
            assertThat(get(metricsUrl)).contains("vmanomaly_config_reload_enabled 1.0");

            // Both models score cpu.
            await("z and m score cpu", () -> last("z", "cpu") > now && last("m", "cpu") > now);
            long reload1 = System.currentTimeMillis();
            String before = get(metricsUrl);
            double mFits = value(before, "vmanomaly_model_runs_total{model_alias=\"m\",preset=\"\",query_key=\"cpu\","
                    + "scheduler_alias=\"p\",stage=\"fit_infer\"}");
            double zFits = value(before, "vmanomaly_model_runs_total{model_alias=\"z\",preset=\"\",query_key=\"cpu\","
                    + "scheduler_alias=\"p\",stage=\"fit_infer\"}");

            // 1. z's z_threshold 3 -> 1.5: z is refitted and its scores double; m keeps its model and runs on.
            Files.writeString(file, config(port, "1.5", "[cpu]", false));
            await("reload 1", () -> get(metricsUrl).contains("vmanomaly_config_reloads_total{preset=\"\","
                    + "status=\"success\"} 1.0"));
            await("z and m score after reload 1", () -> last("z", "cpu") > reload1 + 4000
                    && last("m", "cpu") > reload1 + 4000);
            String after = get(metricsUrl);
            assertThat(value(after, "vmanomaly_model_runs_total{model_alias=\"m\",preset=\"\",query_key=\"cpu\","
                    + "scheduler_alias=\"p\",stage=\"fit_infer\"}")).as("m not refitted").isEqualTo(mFits);
            assertThat(value(after, "vmanomaly_model_runs_total{model_alias=\"z\",preset=\"\",query_key=\"cpu\","
                    + "scheduler_alias=\"p\",stage=\"fit_infer\"}")).as("z refitted once: a fit and an inference")
                    .isEqualTo(zFits + 2);
            TreeMap<Long, Double> z = scores("z", "cpu");
            double beforeMean = z.headMap(reload1 - 1000).values().stream().mapToDouble(Double::doubleValue)
                    .average().orElseThrow();
            double afterMean = z.tailMap(reload1 + 2000).values().stream().mapToDouble(Double::doubleValue)
                    .average().orElseThrow();
            // cpu alternates 45/55, one standard deviation either side of its mean: every z-score is
            // close to 1, so halving z_threshold doubles each anomaly_score, whatever the few points.
            assertThat(afterMean / beforeMean).as("z_threshold halved: scores double").isCloseTo(2.0, within(0.2));
            assertThat(after).contains("vmanomaly_config_last_reload_successful 1.0");

            // 2. A query added to m: m scores mem too, without a restart.
            long reload2 = System.currentTimeMillis();
            Files.writeString(file, config(port, "1.5", "[cpu, mem]", true));
            await("m scores mem", () -> last("m", "mem") > reload2);
            assertThat(get(metricsUrl)).contains("vmanomaly_config_reloads_total{preset=\"\",status=\"success\"} 2.0")
                    .contains("vmanomaly_config_entities{preset=\"\",scope=\"total\"} 3.0");

            // 3. An invalid file: refused, the running configuration goes on.
            Files.writeString(file, config(port, "1.5", "[cpu, mem]", true).replace("fit_window: 10m",
                    "fit_window: soon"));
            await("reload 3 refused", () -> get(metricsUrl).contains("vmanomaly_config_reloads_total{preset=\"\","
                    + "status=\"failure\"} 1.0"));
            long reload3 = System.currentTimeMillis();
            assertThat(get(metricsUrl)).contains("vmanomaly_config_last_reload_successful 0.0");
            await("z and m on cpu and mem run on after the invalid edit", () -> last("z", "cpu") > reload3 + 2000
                    && last("m", "cpu") > reload3 + 2000 && last("m", "mem") > reload3 + 2000);

            runner.stop(Duration.ofSeconds(10));
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
        } finally {
            feeding.set(false);
        }
    }

    static String line(String metric, long t, double v) {
        return "{\"metric\":{\"__name__\":\"" + metric + "\",\"host\":\"a\"},\"values\":[" + v + "],\"timestamps\":["
                + t + "]}\n";
    }

    static void importLines(String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(VM.url() + "/api/v1/import"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    static String get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    static double value(String metrics, String series) {
        Matcher m = Pattern.compile(Pattern.quote(series) + " (\\S+)").matcher(metrics);
        assertThat(m.find()).as(series + " in\n" + metrics).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The anomaly_score points model {@code model} wrote for {@code query}. */
    static TreeMap<Long, Double> scores(String model, String query) throws Exception {
        VM.flush();
        String u = VM.url() + "/api/v1/export?match[]=" + URLEncoder.encode("anomaly_score{model_alias=\"" + model
                + "\",for=\"" + query + "\"}", StandardCharsets.UTF_8) + "&start=0";
        TreeMap<Long, Double> out = new TreeMap<>();
        for (String l : get(u).split("\n")) {
            if (l.isBlank()) {
                continue;
            }
            JsonNode s = JSON.readTree(l);
            for (int i = 0; i < s.get("timestamps").size(); i++) {
                out.put(s.get("timestamps").get(i).asLong(), s.get("values").get(i).asDouble());
            }
        }
        return out;
    }

    /** The latest timestamp scored, 0 when none. */
    static long last(String model, String query) {
        try {
            TreeMap<Long, Double> s = scores(model, query);
            return s.isEmpty() ? 0 : s.lastKey();
        } catch (Exception e) {
            return 0;
        }
    }

    static void await(String what, BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + 40_000_000_000L;
        while (!cond.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for: " + what).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
