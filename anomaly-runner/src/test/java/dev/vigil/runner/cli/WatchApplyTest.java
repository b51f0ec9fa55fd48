package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.scheduler.Ticker;
import dev.vigil.runner.service.ConfigWatcher;
import dev.vigil.runner.service.ServiceRunner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What {@code --watch} applies besides the jobs: logger levels, and the checks the start makes. */
class WatchApplyTest {

    @TempDir
    Path dir;

    static final String CONFIG = """
            schedulers: {p: {class: periodic, infer_every: 1m, fit_window: 1h}}
            models: {z: {class: zscore_online, queries: [q], schedulers: [p]}}
            reader: {datasource_url: 'http://127.0.0.1:1', sampling_period: 1m, queries: {q: {expr: m}}}
            writer: {datasource_url: 'http://127.0.0.1:1'}
            """;

    static LoggerContext ctx() {
        return (LoggerContext) LoggerFactory.getILoggerFactory();
    }

    @AfterEach
    void resetLevels() {
        ctx().getLogger("reader.vm").setLevel(null);
        ctx().getLogger("model").setLevel(null);
    }

    @Test
    void check_loggerLevelsChanged_appliesThemAndARemovedPrefixInheritsAgain() throws Exception {
        Path f = Files.writeString(dir.resolve("c.yml"), CONFIG + "settings: {logger_levels: {reader.vm: DEBUG}}\n");
        RunnerConfig c = RunnerConfigs.load(List.of(f), Map.of(), ModelRegistry.standard());
        ServiceCommand.applyLoggerLevels(c.settings().loggerLevels());
        try (ServiceRunner runner = new ServiceRunner(c, Ticker.system(), "t");
             ConfigWatcher w = ServiceCommand.watcher(List.of(f), ConfigWatcher.fingerprint(List.of(f)),
                     Duration.ofSeconds(30), ModelRegistry.standard(), runner, null, c)) {
            assertThat(ctx().getLogger("reader.vm").getLevel()).isEqualTo(Level.DEBUG);

            Files.writeString(f, CONFIG + "settings: {logger_levels: {model: error}}\n");

            assertThat(w.check()).isTrue();
            assertThat(ctx().getLogger("reader.vm").getLevel()).as("removed: inherits --loggerLevel").isNull();
            assertThat(ctx().getLogger("model").getLevel()).isEqualTo(Level.ERROR);
            assertThat(scrape(runner)).contains("vmanomaly_config_last_reload_successful 1.0");
        }
    }

    @Test
    void check_restoreStateWithoutTheStateDirectory_isRefusedAndTheRunningConfigKept() throws Exception {
        Path f = Files.writeString(dir.resolve("c.yml"), CONFIG);
        RunnerConfig c = RunnerConfigs.load(List.of(f), Map.of(), ModelRegistry.standard());
        try (ServiceRunner runner = new ServiceRunner(c, Ticker.system(), "t");
             ConfigWatcher w = ServiceCommand.watcher(List.of(f), ConfigWatcher.fingerprint(List.of(f)),
                     Duration.ofSeconds(30), ModelRegistry.standard(), runner, null, c)) {
            Files.writeString(f, CONFIG.replace("zscore_online", "mad_online")
                    + "settings: {restore_state: true}\n");

            assertThat(w.check()).isTrue();
            assertThat(scrape(runner)).contains("vmanomaly_config_last_reload_successful 0.0",
                    "vmanomaly_config_reloads_total{preset=\"\",status=\"failure\"} 1.0");
            assertThat(runner.reload(c).kept()).as("the running configuration is still the first one").hasSize(1);
        }
    }

    static String scrape(ServiceRunner runner) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, runner.metrics().registry().scrape());
        return out.toString(StandardCharsets.UTF_8);
    }
}
