package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.state.StateStore;
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
import java.util.function.BooleanSupplier;
import java.util.function.LongToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner as a real process ({@code vigil ...} in its own JVM) against a real VictoriaMetrics, in
 * real time, with live input fed a second apart: killed with SIGKILL and restarted with
 * {@code restore_state}; VictoriaMetrics stopped and restarted under it while the collector buffers;
 * {@code --watch} with the configuration file edited on disk. What is checked is what users see: the
 * {@code anomaly_score} series exported from VictoriaMetrics, the runner's {@code /metrics} and log.
 * Each test uses its own input metric and {@code run} label.
 */
class RunnerProcessVictoriaMetricsTest {

    @RegisterExtension
    static final VictoriaMetricsServer VM = new VictoriaMetricsServer("-search.latencyOffset=0s");

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String config(String metric, String run, int port, String models, String extra) {
        return String.join("\n",
                "schedulers:",
                "  p: {class: periodic, infer_every: 1s, fit_every: 1h, fit_window: 5m}",
                "models:",
                models,
                "reader:",
                "  datasource_url: " + VM.url(),
                "  sampling_period: 1s",
                "  timeout: 2s",
                "  queries:",
                "    q: {expr: " + metric + "}",
                "writer:",
                "  datasource_url: " + VM.url(),
                "  metric_format: {__name__: $VAR, for: $QUERY_KEY, run: " + run + "}",
                "monitoring:",
                "  pull: {addr: 127.0.0.1, port: " + port + "}",
                extra,
                "");
    }

    /** A seeded value per second: the same whichever run imports it. */
    static double noisy(long t) {
        return 50 + 5 * new Random(t).nextGaussian();
    }

    /**
     * The collector: imports every second of {@code metric} up to now, from 5 minutes ago on; a failed
     * import is kept and sent again with the next seconds (as vmagent flushes its buffer when the
     * storage is back), so VictoriaMetrics ends with every second exactly once.
     */
    static final class Feeder implements AutoCloseable {
        final String metric;
        final LongToDoubleFunction value;
        final Thread thread;
        volatile boolean running = true;
        long next;

        Feeder(String metric, LongToDoubleFunction value) throws Exception {
            this.metric = metric;
            this.value = value;
            this.next = System.currentTimeMillis() / 1000 * 1000 - 300_000;
            send();
            VM.flush();
            thread = new Thread(() -> {
                while (running) {
                    try {
                        send();
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        // VictoriaMetrics down: keep the points, retry with the next ones.
                    }
                }
            }, "feeder-" + metric);
            thread.setDaemon(true);
            thread.start();
        }

        synchronized void send() throws IOException, InterruptedException {
            long now = System.currentTimeMillis() / 1000 * 1000;
            if (next > now) {
                return;
            }
            List<Long> ts = new ArrayList<>();
            List<Double> vs = new ArrayList<>();
            for (long t = next; t <= now; t += 1000) {
                ts.add(t);
                vs.add(value.applyAsDouble(t));
            }
            String body = JSON.writeValueAsString(Map.of("metric", Map.of("__name__", metric, "host", "a"),
                    "values", vs, "timestamps", ts));
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(VM.url() + "/api/v1/import"))
                    .timeout(Duration.ofSeconds(2)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 204) {
                throw new IOException("import answered " + r.statusCode());
            }
            next = now + 1000;
        }

        @Override
        public void close() {
            running = false;
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static String get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | InterruptedException e) {
            return "";
        }
    }

    /**
     * Every timestamp of {@code anomaly_score} written for {@code run} by {@code model}, in export order
     * (deduplication is off: a timestamp written twice is there twice).
     */
    static List<Long> scored(String run, String model) throws IOException {
        VM.flush();
        String u = VM.url() + "/api/v1/export?match[]=" + URLEncoder.encode("anomaly_score{run=\"" + run
                + "\",model_alias=\"" + model + "\"}", StandardCharsets.UTF_8) + "&start=0";
        List<Long> out = new ArrayList<>();
        for (String l : get(u).split("\n")) {
            if (!l.isBlank()) {
                JSON.readTree(l).get("timestamps").forEach(t -> out.add(t.asLong()));
            }
        }
        return out;
    }

    /** The anomaly_score values written for {@code run} by {@code model}, by timestamp. */
    static TreeMap<Long, Double> scores(String run, String model) throws IOException {
        VM.flush();
        String u = VM.url() + "/api/v1/export?match[]=" + URLEncoder.encode("anomaly_score{run=\"" + run
                + "\",model_alias=\"" + model + "\"}", StandardCharsets.UTF_8) + "&start=0";
        TreeMap<Long, Double> out = new TreeMap<>();
        for (String l : get(u).split("\n")) {
            if (!l.isBlank()) {
                JsonNode s = JSON.readTree(l);
                for (int i = 0; i < s.get("timestamps").size(); i++) {
                    out.put(s.get("timestamps").get(i).asLong(), s.get("values").get(i).asDouble());
                }
            }
        }
        return out;
    }

    static long last(String run, String model) {
        try {
            return scored(run, model).stream().mapToLong(Long::longValue).max().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The value of one sample of a {@code /metrics} page, 0 when the series is not there. */
    static double value(String metrics, String series) {
        Matcher m = Pattern.compile(Pattern.quote(series) + " (\\S+)").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    static String runs(String model, String stage) {
        return "vmanomaly_model_runs_total{model_alias=\"" + model + "\",preset=\"\",query_key=\"q\","
                + "scheduler_alias=\"p\",stage=\"" + stage + "\"}";
    }

    static void await(String what, long seconds, BooleanSupplier cond, RunnerProcess p) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!cond.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for: " + what + "; runner log:\n"
                    + (p == null ? "" : p.log())).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /** Each of {@code ts} once, and every second between the first and the last except {@code allowedMissing}. */
    static void assertOnceEach(String what, List<Long> ts, List<long[]> allowedMissing) {
        assertThat(ts).as(what + ": no timestamp scored twice").doesNotHaveDuplicates();
        long first = ts.stream().mapToLong(Long::longValue).min().orElseThrow();
        long lastTs = ts.stream().mapToLong(Long::longValue).max().orElseThrow();
        List<Long> missing = new ArrayList<>();
        for (long t = first; t <= lastTs; t += 1000) {
            if (!ts.contains(t)) {
                missing.add(t);
            }
        }
        for (long x : missing) {
            assertThat(allowedMissing).as(what + ": second " + x + " lost; missing: " + missing)
                    .anyMatch(r -> x >= r[0] && x <= r[1]);
        }
    }

    @Test
    void kill9_restartWithRestoreState_reusesModelsScoresTheGapOnceAndKeepsStateReadable() throws Exception {
        Path dumps = Files.createDirectories(dir.resolve("dumps"));
        int port = freePort();
        String models = String.join("\n",
                "  on: {class: zscore_online, queries: [q], schedulers: [p], provide_series: [anomaly_score]}",
                "  off: {class: model.zscore.ZscoreModel, queries: [q], schedulers: [p], provide_series: [anomaly_score]}");
        Path file = Files.writeString(dir.resolve("vigil.yml"), config("kill_in", "kill", port, models,
                "settings: {restore_state: true}"));
        Map<String, String> env = Map.of(ServiceCommand.MODEL_DUMPS_DIR, dumps.toString());
        RunnerConfig config = RunnerConfigs.load(List.of(file), env, ModelRegistry.standard());
        String metricsUrl = "http://127.0.0.1:" + port + "/metrics";
        Path log = dir.resolve("runner.log");
        Random rnd = new Random(23);
        List<long[]> killWindows = new ArrayList<>();
        Feeder feeder = new Feeder("kill_in", RunnerProcessVictoriaMetricsTest::noisy);
        try {
            RunnerProcess p = RunnerProcess.start(log, env, file.toString());
            long t0 = System.currentTimeMillis();
            await("first scores", 40, () -> last("kill", "on") > t0 && last("kill", "off") > t0, p);
            for (int round = 0; round < 2; round++) {
                // Kill at a different moment of the job cycle each round.
                Thread.sleep(1000 + rnd.nextInt(1000));
                long killed = System.currentTimeMillis();
                p.kill9();
                // What a job in flight had saved but not yet written is lost with it: its second or two.
                killWindows.add(new long[] {killed - 3000, killed + 1000});
                StateStore store = StateStore.in(dumps, ModelRegistry.standard());
                List<StateStore.Header> headers = store.headers();
                assertThat(headers).as("both combinations stored").hasSize(2);
                for (StateStore.Header h : headers) {
                    var spec = config.models().get(h.combination().model()).specs().get("q");
                    assertThat(store.load(h, spec)).as("state of " + h.combination() + " readable after kill -9")
                            .hasSize(1);
                }
                Thread.sleep(2000); // points arrive while the runner is down
                long restarted = System.currentTimeMillis();
                p = RunnerProcess.start(log, env, file.toString());
                RunnerProcess current = p;
                await("scores after restart " + round, 40, () -> last("kill", "on") > restarted + 2000
                        && last("kill", "off") > restarted + 2000, current);
                String metrics = get(metricsUrl);
                for (String m : List.of("on", "off")) {
                    assertThat(value(metrics, runs(m, "fit_infer")) + value(metrics, runs(m, "fit")))
                            .as(m + " reused, not refitted, after kill " + round).isZero();
                    assertThat(value(metrics, runs(m, "infer"))).as(m + " infers after kill " + round).isPositive();
                }
            }
            p.close();
            assertThat(p.log()).contains("state: reuse:  scheduler 'p', model 'on'", "state: reuse:  scheduler 'p', model 'off'")
                    .doesNotContain("cannot load the stored state");
        } finally {
            feeder.close();
        }
        for (String m : List.of("on", "off")) {
            assertOnceEach(m, scored("kill", m), killWindows);
        }
    }

    @Test
    void victoriaMetricsDown_runnerStaysUpAndScoresTheLateFlushedPointsOnce() throws Exception {
        int port = freePort();
        Path file = Files.writeString(dir.resolve("vigil.yml"), config("outage_in", "outage", port,
                "  on: {class: zscore_online, queries: [q], schedulers: [p], provide_series: [anomaly_score]}", ""));
        String metricsUrl = "http://127.0.0.1:" + port + "/metrics";
        Feeder feeder = new Feeder("outage_in", RunnerProcessVictoriaMetricsTest::noisy);
        try (RunnerProcess p = RunnerProcess.start(dir.resolve("runner.log"), Map.of(), file.toString())) {
            long t0 = System.currentTimeMillis();
            await("first scores", 40, () -> last("outage", "on") > t0, p);
            Thread.sleep(1500);
            VM.stop();
            long down = System.currentTimeMillis();
            // The feeder's imports fail meanwhile: it keeps the points, as vmagent buffers them.
            Thread.sleep(18_000);
            assertThat(p.alive()).as("runner up during the outage").isTrue();
            VM.start();
            long up = System.currentTimeMillis();
            await("scores after the outage", 40, () -> last("outage", "on") > up + 3000, p);
            assertThat(p.alive()).as("runner up after the outage").isTrue();
            String metrics = get(metricsUrl);
            assertThat(metrics).as("failed reads counted").containsPattern(
                    "vmanomaly_reader_responses_total\\{[^}]*code=\"(?!200\")[^\"]*\"[^}]*} [1-9]");
            List<Long> ts = scored("outage", "on");
            assertOnceEach("on", ts, List.of());
            assertThat(ts).as("the outage's seconds scored").contains(down / 1000 * 1000 + 5000,
                    up / 1000 * 1000 - 2000);
        } finally {
            feeder.close();
        }
    }

    static String zConfig(String metric, int port, String threshold) {
        return config(metric, "watch", port, "  z: {class: zscore_online, z_threshold: " + threshold
                + ", queries: [q], schedulers: [p], provide_series: [anomaly_score]}", "");
    }

    static double mean(java.util.SortedMap<Long, Double> m) {
        return m.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    @Test
    void watchFlag_configEditedOnDisk_appliesAValidEditAndRefusesAnInvalidOneWithoutRestart() throws Exception {
        int port = freePort();
        Path file = Files.writeString(dir.resolve("vigil.yml"), zConfig("watch_in", port, "3"));
        String metricsUrl = "http://127.0.0.1:" + port + "/metrics";
        // 45 and 55 on alternate seconds: every z-score is close to 1, so anomaly_score is 1 / z_threshold.
        Feeder feeder = new Feeder("watch_in", t -> (t / 1000) % 2 == 0 ? 45 : 55);
        try (RunnerProcess p = RunnerProcess.start(dir.resolve("runner.log"), Map.of(), "--watch",
                "-configCheckInterval=1s", file.toString())) {
            long t0 = System.currentTimeMillis();
            await("first scores", 40, () -> last("watch", "z") > t0 + 2000, p);
            assertThat(get(metricsUrl)).contains("vmanomaly_config_reload_enabled 1.0");

            long reload1 = System.currentTimeMillis();
            Files.writeString(file, zConfig("watch_in", port, "1.5"));
            await("reload applied", 20, () -> get(metricsUrl).contains(
                    "vmanomaly_config_reloads_total{preset=\"\",status=\"success\"} 1.0"), p);
            long applied = System.currentTimeMillis();
            await("scores after the reload", 20, () -> last("watch", "z") > applied + 3000, p);
            TreeMap<Long, Double> z = scores("watch", "z");
            double ratio = mean(z.tailMap(applied + 1000)) / mean(z.headMap(reload1 - 1000));
            assertThat(ratio).as("z_threshold halved: scores double").isBetween(1.8, 2.2);

            Files.writeString(file, zConfig("watch_in", port, "1.5").replace("fit_window: 5m", "fit_window: soon"));
            await("invalid edit refused", 20, () -> get(metricsUrl).contains(
                    "vmanomaly_config_reloads_total{preset=\"\",status=\"failure\"} 1.0"), p);
            long refused = System.currentTimeMillis();
            assertThat(get(metricsUrl)).contains("vmanomaly_config_last_reload_successful 0.0");
            await("scores go on after the invalid edit", 20, () -> last("watch", "z") > refused + 2000, p);
            assertThat(p.alive()).isTrue();
            assertThat(p.log()).contains("fit_window").contains("vigil.yml:");
            assertOnceEach("z", scored("watch", "z"), List.of());
        } finally {
            feeder.close();
        }
    }

    @Test
    void sigterm_restartWithRestoreState_losesNothingAndScoresNothingTwice() throws Exception {
        Path dumps = Files.createDirectories(dir.resolve("dumps"));
        int port = freePort();
        Path file = Files.writeString(dir.resolve("vigil.yml"), config("term_in", "term", port,
                "  on: {class: zscore_online, queries: [q], schedulers: [p], provide_series: [anomaly_score]}",
                "settings: {restore_state: true}"));
        Map<String, String> env = Map.of(ServiceCommand.MODEL_DUMPS_DIR, dumps.toString());
        Path log = dir.resolve("runner.log");
        Feeder feeder = new Feeder("term_in", RunnerProcessVictoriaMetricsTest::noisy);
        try {
            RunnerProcess p = RunnerProcess.start(log, env, file.toString());
            long t0 = System.currentTimeMillis();
            await("first scores", 40, () -> last("term", "on") > t0 + 1000, p);
            assertThat(p.terminate()).as("SIGTERM: the job in progress finishes, exit code 0").isZero();
            Thread.sleep(2000);
            long restarted = System.currentTimeMillis();
            try (RunnerProcess again = RunnerProcess.start(log, env, file.toString())) {
                await("scores after restart", 40, () -> last("term", "on") > restarted + 2000, again);
                assertThat(value(get("http://127.0.0.1:" + port + "/metrics"), runs("on", "fit_infer")))
                        .as("reused").isZero();
            }
        } finally {
            feeder.close();
        }
        assertOnceEach("on", scored("term", "on"), List.of());
    }
}
