package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.models.registry.ModelRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSectionTest {

    private static final String BASE = String.join("\n",
            "schedulers: {s: {class: periodic, infer_every: 1m, fit_window: 1h}}",
            "models: {m: {class: zscore}}",
            "reader: {datasource_url: 'http://127.0.0.1:8428', sampling_period: 1m, queries: {q: up}}",
            "writer: {datasource_url: 'http://127.0.0.1:8428'}",
            "");

    private static RunnerConfig parse(String server) throws ConfigException {
        return RunnerConfigs.parse(BASE + server, "t.yml", Map.of(), ModelRegistry.standard());
    }

    @Test
    void validate_absent_isNull() throws ConfigException {
        assertThat(parse("").server()).isNull();
    }

    @Test
    void validate_emptySection_takesVmanomalyDefaults() throws ConfigException {
        ServerConfig s = parse("server:\n").server();
        assertThat(s).isEqualTo(ServerConfig.defaults());
        assertThat(s.port()).isEqualTo(8490);
        assertThat(s.addr()).isEqualTo("0.0.0.0");
        assertThat(s.maxConcurrentTasks()).isEqualTo(2);
    }

    @Test
    void validate_everyKey_isRead() throws ConfigException {
        ServerConfig s = parse("server: {addr: 127.0.0.1, port: 0, path_prefix: 'vmanomaly/', max_concurrent_tasks: 5,"
                + " ui_default_state: '#/?query=up', ui_allowed_models: [m], use_reader_connection_settings: true}\n")
                .server();
        assertThat(s).isEqualTo(new ServerConfig("127.0.0.1", 0, "/vmanomaly", 5, "#/?query=up",
                java.util.List.of("m"), true));
    }

    @Test
    void validate_badValues_areEachNamedWithTheirPath() {
        assertThatThrownBy(() -> parse("server: {port: 70000, max_concurrent_tasks: 0, path_prefix: 'a b',"
                + " ui_default_state: 'x', porrt: 1}\n"))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors())
                        .extracting(ConfigError::path)
                        .containsExactlyInAnyOrder("server.porrt", "server.port", "server.max_concurrent_tasks",
                                "server.path_prefix", "server.ui_default_state"))
                .hasMessageContaining("got 70000").hasMessageContaining("did you mean");
    }
}
