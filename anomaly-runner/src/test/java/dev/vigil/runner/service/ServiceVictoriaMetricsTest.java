package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.config.Auth;
import dev.vigil.config.MonitoringConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.MetricsPusher;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.vm.VictoriaMetricsServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end against a real VictoriaMetrics: input series are imported, the service runs a
 * backtesting and a oneoff scheduler (simulated clock), and the written {@code anomaly_score},
 * {@code y}, {@code yhat}, {@code yhat_lower}, {@code yhat_upper} are read back with the writer's labels.
 */
class ServiceVictoriaMetricsTest {

    @RegisterExtension
    static final VictoriaMetricsServer VM = new VictoriaMetricsServer();

    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final int N = 360;
    static final int SPIKE = 300;
    static final long MINUTE = 60_000;
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final double[] IDLE = new double[N];
    static final double[] USER = new double[N];

    @BeforeAll
    static void importInput() throws Exception {
        Random rnd = new Random(42);
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < N; i++) {
            IDLE[i] = 50 + rnd.nextGaussian();
            USER[i] = 10 + 0.5 * rnd.nextGaussian() + (i == SPIKE ? 30 : 0);
        }
        body.append(line("idle", IDLE)).append(line("user", USER));
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(VM.url() + "/api/v1/import"))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        VM.flush();
    }

    private static String line(String mode, double[] v) throws IOException {
        List<Long> ts = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            ts.add(T0.toEpochMilli() + i * MINUTE);
            vs.add(v[i]);
        }
        return JSON.writeValueAsString(Map.of("metric", Map.of("__name__", "cpu", "instance", "host-a", "mode", mode,
                "job", "node"), "values", vs, "timestamps", ts)) + "\n";
    }

    static String config() {
        return String.join("\n",
                "schedulers:",
                "  bt:",
                "    class: backtesting",
                "    from_iso: '2024-03-01T02:00:00Z'",
                "    to_iso: '2024-03-01T06:00:00Z'",
                "    fit_window: 2h",
                "    fit_every: 1h",
                "    inference_only: true",
                "  once:",
                "    class: oneoff",
                "    fit_start_iso: '2024-03-01T00:00:00Z'",
                "    fit_end_iso: '2024-03-01T02:00:00Z'",
                "    infer_start_iso: '2024-03-01T02:00:00Z'",
                "    infer_end_iso: '2024-03-01T06:00:00Z'",
                "models:",
                "  z:",
                "    class: zscore_online",
                "    z_threshold: 3",
                "    queries: [cpu]",
                "    schedulers: [bt]",
                "    provide_series: [anomaly_score, y, yhat, yhat_lower, yhat_upper]",
                "  zoff:",
                "    class: model.zscore.ZscoreModel",
                "    queries: [cpu]",
                "    schedulers: [once]",
                "reader:",
                "  class: vm",
                "  datasource_url: '" + VM.url() + "'",
                "  sampling_period: 1m",
                "  queries:",
                "    cpu:",
                "      expr: 'cpu{job=\"node\"}'",
                "writer:",
                "  class: vm",
                "  datasource_url: '" + VM.url() + "/'",
                "  metric_format:",
                "    __name__: $VAR",
                "    for: $QUERY_KEY",
                "    run: e2e",
                "  batch_max_series: 3",
                "  connection_retry_attempts: 0",
                "");
    }

    @Test
    void run_backtestingAndOneoffAgainstVictoriaMetrics_writesEveryOutputWithSpecLabels() throws Exception {
        RunnerConfig c = RunnerConfigs.parse(config(), "e2e.yml", Map.of(), ModelRegistry.standard());
        PrometheusRegistry registry = new PrometheusRegistry();
        RunnerMetrics metrics = new RunnerMetrics(registry, "test");
        ManualTicker ticker = new ManualTicker(Instant.parse("2024-03-02T00:00:00Z"));
        try (SeriesReader reader = IoFactory.reader(c.reader()); SeriesWriter writer = IoFactory.writer(c.writer());
             AnomalyService service = new AnomalyService(c, reader, writer, ticker, metrics, null)) {
            service.run();
        }
        VM.flush();

        // Backtesting, online z-score: every requested output, for both modes, over (02:00, 06:00].
        for (String var : List.of("anomaly_score", "y", "yhat", "yhat_lower", "yhat_upper")) {
            List<JsonNode> got = export(var + "{for=\"cpu\",model_alias=\"z\"}");
            assertThat(got).as(var).hasSize(2);
            for (JsonNode s : got) {
                Map<String, String> labels = labels(s);
                assertThat(labels).containsEntry("__name__", var).containsEntry("for", "cpu")
                        .containsEntry("model_alias", "z").containsEntry("scheduler_alias", "bt")
                        .containsEntry("instance", "host-a").containsEntry("job", "node").containsEntry("run", "e2e")
                        .containsKey("mode").hasSize(8);
                assertThat(s.get("timestamps")).hasSize(240);
                assertThat(s.get("timestamps").get(0).asLong()).isEqualTo(T0.toEpochMilli() + 121 * MINUTE);
                // 06:00 is past the last sample, but within VictoriaMetrics' look-back, so query_range repeats 05:59.
                assertThat(s.get("timestamps").get(239).asLong()).isEqualTo(T0.toEpochMilli() + 360 * MINUTE);
            }
        }
        // y is the input as read.
        TreeMap<Long, Double> y = points(export("y{model_alias=\"z\",mode=\"user\"}").get(0));
        for (int i = 121; i < N; i++) {
            assertThat(y.get(T0.toEpochMilli() + i * MINUTE)).isCloseTo(USER[i], within(1e-9));
        }
        // The spike scores above 1; the quiet series mostly below.
        TreeMap<Long, Double> userScore = points(export("anomaly_score{model_alias=\"z\",mode=\"user\"}").get(0));
        assertThat(userScore.get(T0.toEpochMilli() + SPIKE * MINUTE)).isGreaterThan(1.0);
        TreeMap<Long, Double> idleScore = points(export("anomaly_score{model_alias=\"z\",mode=\"idle\"}").get(0));
        long above = idleScore.values().stream().filter(v -> v > 1).count();
        assertThat(above).isLessThan(10);

        // Oneoff, offline z-score: default provide_series (no y), its own scheduler_alias.
        List<JsonNode> off = export("{__name__=~\"anomaly_score|yhat|yhat_lower|yhat_upper|y\",model_alias=\"zoff\"}");
        assertThat(off).hasSize(8);
        assertThat(off).allSatisfy(s -> {
            assertThat(labels(s)).containsEntry("scheduler_alias", "once").containsEntry("for", "cpu");
            assertThat(s.get("timestamps")).hasSize(240);
        });
        assertThat(export("y{model_alias=\"zoff\"}")).isEmpty();
        TreeMap<Long, Double> offScore = points(export("anomaly_score{model_alias=\"zoff\",mode=\"user\"}").get(0));
        assertThat(offScore.get(T0.toEpochMilli() + SPIKE * MINUTE)).isGreaterThan(1.0);

        // Self-monitoring saw the reads and writes.
        String text = scrape(registry);
        assertThat(text).contains("vmanomaly_reader_responses_total{code=\"200\",preset=\"\",query_key=\"cpu\","
                + "scheduler_alias=\"bt\",url=\"" + VM.url() + "\"} 4.0");
        assertThat(text).contains("vmanomaly_writer_datapoints_sent_total{preset=\"\",query_key=\"cpu\","
                + "scheduler_alias=\"bt\",url=\"" + VM.url() + "/\"} " + (5 * 2 * 240) + ".0");
        assertThat(text).contains("vmanomaly_model_runs_total{model_alias=\"zoff\",preset=\"\",query_key=\"cpu\","
                + "scheduler_alias=\"once\",stage=\"fit_infer\"} 4.0");
        String writerIo = "{preset=\"\",query_key=\"cpu\",scheduler_alias=\"bt\",url=\"" + VM.url() + "/\"}";
        assertThat(text).contains("vmanomaly_writer_request_serialize_seconds_count" + writerIo + " 4");
        assertThat(text).containsPattern("vmanomaly_writer_request_serialize_seconds_sum"
                + java.util.regex.Pattern.quote(writerIo) + " (0\\.0*[1-9]|[1-9])");
        assertThat(text).contains("vmanomaly_reader_processing_tasks_queued{preset=\"\",query_key=\"cpu\","
                + "scheduler_alias=\"bt\",url=\"" + VM.url() + "\"} 0.0");
    }

    @Test
    void push_toVictoriaMetrics_landsWithJobInstanceAndExtraLabels() throws Exception {
        RunnerMetrics metrics = new RunnerMetrics(new PrometheusRegistry(), "test");
        metrics.started(1.7e9, 1);
        MonitoringConfig.Push cfg = new MonitoringConfig.Push(VM.url(), null, Auth.NONE, Duration.ofSeconds(5), null,
                Map.of("env", "ci"));
        try (MetricsPusher p = new MetricsPusher(cfg, metrics.registry(), "runner-1:8490")) {
            p.push();
        }
        // Samples stamped "now" become searchable a moment after the flush: poll briefly.
        List<JsonNode> got = List.of();
        for (long deadline = System.nanoTime() + 15_000_000_000L; got.isEmpty() && System.nanoTime() < deadline; ) {
            VM.flush();
            got = export("vmanomaly_start_time_seconds");
            if (got.isEmpty()) {
                Thread.sleep(200);
            }
        }
        assertThat(got).hasSize(1);
        assertThat(labels(got.get(0))).containsEntry("job", "vmanomaly").containsEntry("instance", "runner-1:8490")
                .containsEntry("env", "ci");
        assertThat(got.get(0).get("values").get(0).asDouble()).isEqualTo(1.7e9);
        assertThat(export("vmanomaly_config_entities{scope=\"total\",job=\"vmanomaly\"}")).hasSize(1);
    }

    static String scrape(PrometheusRegistry registry) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    static List<JsonNode> export(String selector) throws Exception {
        return export(VM.url(), selector);
    }

    /** The raw samples of the series matching {@code selector} in the VictoriaMetrics at {@code base}. */
    static List<JsonNode> export(String base, String selector) throws Exception {
        String u = base + "/api/v1/export?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8)
                + "&start=0";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(u)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (String l : r.body().split("\n")) {
            if (!l.isBlank()) {
                out.add(JSON.readTree(l));
            }
        }
        return out;
    }

    static Map<String, String> labels(JsonNode s) {
        Map<String, String> m = new TreeMap<>();
        s.get("metric").fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    static TreeMap<Long, Double> points(JsonNode s) {
        TreeMap<Long, Double> m = new TreeMap<>();
        for (int i = 0; i < s.get("timestamps").size(); i++) {
            m.put(s.get("timestamps").get(i).asLong(), s.get("values").get(i).asDouble());
        }
        return m;
    }
}
