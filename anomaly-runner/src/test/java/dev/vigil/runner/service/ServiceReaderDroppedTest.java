package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Points the reader cannot use, through the real VictoriaMetrics client over HTTP: a source that
 * answers a series with timestamps going backwards and repeating (VictoriaMetrics itself never
 * does, other Prometheus-compatible sources may) and with non-finite values. They are counted while
 * the answer is parsed, by reason, in {@code vmanomaly_reader_datapoints_dropped_total}.
 */
class ServiceReaderDroppedTest {

    static final long T = 1_717_200_000L; // seconds, a multiple of 60

    @Test
    void run_sourceAnsweringOutOfOrderAndNonFinite_countsEachReason() throws Exception {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            values.append(i == 0 ? "" : ",").append("[").append(T + 60L * i).append(",\"").append(10 + i % 3).append("\"]");
            if (i == 10) {
                values.append(",[").append(T + 60L * 10).append(",\"99\"]"); // repeats 10 min
                values.append(",[").append(T + 60L * 5).append(",\"99\"]"); // goes back to 5 min
            }
            if (i == 20) {
                values.append(",[").append(T + 60L * 20 + 30).append(",\"NaN\"]");
            }
        }
        String body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":"
                + "{\"__name__\":\"m\",\"host\":\"a\"},\"values\":[" + values + "]}]}}";
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            String yaml = String.join("\n",
                    "schedulers:",
                    "  once:",
                    "    class: oneoff",
                    "    fit_start_iso: '" + Instant.ofEpochSecond(T) + "'",
                    "    fit_end_iso: '" + Instant.ofEpochSecond(T + 900) + "'",
                    "    infer_start_iso: '" + Instant.ofEpochSecond(T + 900) + "'",
                    "    infer_end_iso: '" + Instant.ofEpochSecond(T + 1800) + "'",
                    "models:",
                    "  z: {class: zscore_online, queries: [q], schedulers: [once]}",
                    "reader: {class: vm, datasource_url: '" + url + "', sampling_period: 1m, queries: {q: {expr: m}}}",
                    "writer: {datasource_url: 'http://127.0.0.1:1'}",
                    "");
            RunnerConfig c = RunnerConfigs.parse(yaml, "d.yml", Map.of(), ModelRegistry.standard());
            PrometheusRegistry registry = new PrometheusRegistry();
            ServicePeriodicTest.FakeWriter writer = new ServicePeriodicTest.FakeWriter(i -> false);
            try (SeriesReader reader = IoFactory.reader(c.reader());
                 AnomalyService s = new AnomalyService(c, reader, writer, new ManualTicker(Instant.ofEpochSecond(T + 3600)),
                         new RunnerMetrics(registry, "t"), null)) {
                s.run();
            }
            String text = ServiceVictoriaMetricsTest.scrape(registry);
            assertThat(text).contains("vmanomaly_reader_datapoints_dropped_total{preset=\"\",query_key=\"q\","
                    + "reason=\"out_of_order\"} 2.0");
            assertThat(text).contains("vmanomaly_reader_datapoints_dropped_total{preset=\"\",query_key=\"q\","
                    + "reason=\"non_finite\"} 1.0");
            // The rest of the series is scored.
            assertThat(writer.written).isNotEmpty();
        } finally {
            server.stop(0);
        }
    }
}
