package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.ServerConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** {@code preset: ui} with a {@code server} section: the runner serves the API and the web UI without jobs. */
class UiOnlyServerTest {

    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void uiOnly_withServerSection_servesUiApiAndHealthUnderThePrefix() throws Exception {
        RunnerConfig c = PresetRunnerTest.parse("preset: ui\nserver: {addr: 127.0.0.1, port: 0, path_prefix: /anomaly}\n");
        try (UiOnlyRunner ui = new UiOnlyRunner(c, "test", InstantSource.fixed(Instant.parse("2026-01-01T00:00:00Z")))) {
            assertThat(ui.apiUrl()).endsWith("/anomaly");
            HttpResponse<String> page = get(ui.apiUrl() + "/vmui/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(get(ui.apiUrl() + "/vmui/lib/uPlot.esm.js").statusCode()).isEqualTo(200);
            assertThat(get(ui.apiUrl() + "/api/v1/models").body()).contains("\"alias\":\"zscore_online\"");
            assertThat(get(ui.apiUrl() + "/metrics").body()).contains("vmanomaly_config_entities{preset=\"ui\"");
            assertThat(get(ui.apiUrl() + "/health").statusCode()).isEqualTo(200);
            assertThat(ui.port()).as("no monitoring.pull").isEqualTo(-1);
            ui.stop();
            assertThat(get(ui.apiUrl() + "/health").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void serverConfig_withoutServerSection_isVmanomalysDefaultServer() throws Exception {
        RunnerConfig c = PresetRunnerTest.parse("preset: ui\n");
        // Not started here: the default port 8490 may be taken on a build machine.
        assertThat(UiOnlyRunner.serverConfig(c)).isEqualTo(ServerConfig.defaults());
        assertThat(ServerConfig.defaults().port()).isEqualTo(8490);
    }
}
