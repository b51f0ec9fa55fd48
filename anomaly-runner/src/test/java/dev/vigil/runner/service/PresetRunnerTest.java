package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.scheduler.ManualTicker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runner under a preset: the metrics' preset label, and {@code preset: ui} serving the API, UI and monitoring. */
class PresetRunnerTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static RunnerConfig parse(String yaml) throws Exception {
        return RunnerConfigs.parse(yaml, "c.yml", Map.of(), ModelRegistry.standard());
    }

    @Test
    void uiOnly_presetUiAlone_servesHealthAndMetricsWithPresetLabelUntilStopped() throws Exception {
        RunnerConfig c = parse("preset: ui\nmonitoring:\n  pull:\n    addr: 127.0.0.1\n    port: 0\n"
                + "server:\n  addr: 127.0.0.1\n  port: 0\n");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        try (UiOnlyRunner ui = new UiOnlyRunner(c, "test", InstantSource.fixed(t0))) {
            assertThat(get(ui.port(), "/health").statusCode()).isEqualTo(200);
            int api = ui.api().port();
            assertThat(get(api, "/api/v1/models").statusCode()).isEqualTo(200);
            assertThat(get(api, "/api/v1/models").body()).contains("zscore_online");
            assertThat(get(api, "/metrics").body()).contains("vmanomaly_config_entities{preset=\"ui\"");
            String metrics = get(ui.port(), "/metrics").body();
            assertThat(metrics).contains("vmanomaly_config_entities{preset=\"ui\",scope=\"total\"} 0.0",
                    "vmanomaly_start_time_seconds 1.7672256E9");
            ui.stop();
            ui.awaitStop();
            assertThat(get(ui.port(), "/health").statusCode()).isEqualTo(503);
            assertThat(get(api, "/health").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void serviceRunner_nodeExporterPreset_labelsItsMetricsWithThePreset() throws Exception {
        RunnerConfig c = parse(String.join("\n",
                "preset: node-exporter",
                "reader:",
                "  datasource_url: 'http://127.0.0.1:1'",
                "writer:",
                "  datasource_url: 'http://127.0.0.1:1'",
                "monitoring:",
                "  pull:",
                "    addr: 127.0.0.1",
                "    port: 0",
                ""));
        try (ServiceRunner r = new ServiceRunner(c, new ManualTicker(Instant.parse("2026-01-01T00:00:00Z")), "t")) {
            r.metrics().configEntities(27);
            r.metrics().reloaded(true, 1);
            var out = new java.io.ByteArrayOutputStream();
            io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
                    .write(out, r.metrics().registry().scrape());
            assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8))
                    .contains("vmanomaly_config_entities{preset=\"node-exporter\",scope=\"total\"} 27.0")
                    .contains("vmanomaly_config_reloads_total{preset=\"node-exporter\",status=\"success\"} 1.0");
        }
    }
}
