package dev.vigil.runner.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.config.ConfigException;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VmConnectionSettingsTest {

    private static final String CONFIG = String.join("\n",
            "schedulers:",
            "  p:",
            "    class: periodic",
            "    infer_every: 1m",
            "    fit_every: 2h",
            "    fit_window: 14d",
            "models:",
            "  z:",
            "    class: zscore_online",
            "reader:",
            "  datasource_url: 'http://127.0.0.1:8428/'",
            "  sampling_period: 60s",
            "  timeout: 30s",
            "  queries:",
            "    q: 'up'",
            "writer:",
            "  datasource_url: 'http://127.0.0.1:8428/'",
            "");

    private static RunnerConfig parse(String yaml) throws ConfigException {
        return RunnerConfigs.parse(yaml, "test.yml", Map.of(), ModelRegistry.standard());
    }

    @Test
    void reader_fetchTimeout_boundsEachRequestElseTimeoutDoes() throws ConfigException {
        RunnerConfig plain = parse(CONFIG);
        assertThat(plain.reader().client().http().timeout()).isEqualTo(Duration.ofSeconds(30));
        RunnerConfig fetch = parse(CONFIG.replace("  timeout: 30s\n", "  timeout: 30s\n  fetch_timeout: 2s\n"));
        assertThat(fetch.reader().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(fetch.reader().client().http().timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(RunnerConfigs.toYaml(fetch)).contains("fetch_timeout: 2s");
        assertThatThrownBy(() -> parse(CONFIG.replace("  timeout: 30s\n", "  fetch_timeout: 0s\n")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("reader.fetch_timeout");
    }

    @Test
    void writer_importJsonPath_isWhereTheWriterPostsWithADeprecationWarning() throws Exception {
        java.util.List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            paths.add(ex.getRequestURI().getPath());
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            String yaml = CONFIG.replace("writer:\n  datasource_url: 'http://127.0.0.1:8428/'\n",
                    "writer:\n  datasource_url: '" + url + "'\n  import_json_path: /custom/import\n");
            RunnerConfig c = parse(yaml);
            assertThat(c.warnings()).anyMatch(w -> w.contains("import_json_path is deprecated"));
            assertThat(RunnerConfigs.toYaml(c)).contains("import_json_path: /custom/import");
            dev.vigil.core.series.Series s = dev.vigil.core.series.Series.of(new long[] {1_700_000_000_000L},
                    new double[] {1.5});
            try (SeriesWriter w = IoFactory.writer(c.writer())) {
                w.write(java.util.List.of(new dev.vigil.vm.OutputSeries("anomaly_score", "q", "z", "p", s)));
            }
            assertThat(paths).containsExactly("/custom/import");
            assertThatThrownBy(() -> parse(yaml.replace("/custom/import", "custom")))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("writer.import_json_path")
                    .hasMessageContaining("must start with '/'");
        } finally {
            server.stop(0);
        }
    }
}
