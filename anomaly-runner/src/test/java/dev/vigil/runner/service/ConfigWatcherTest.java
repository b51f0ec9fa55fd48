package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.state.ConfigDiff;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.InstantSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Change detection by content (Kubernetes ConfigMap symlink swaps included) and the outcome of each reload. */
class ConfigWatcherTest {

    @TempDir
    Path dir;

    static final String CONFIG = """
            schedulers: {p: {class: periodic, infer_every: 1m, fit_window: 1h}}
            models: {z: {class: zscore, z_threshold: %s, queries: [q], schedulers: [p]}}
            reader: {datasource_url: 'http://127.0.0.1:1', sampling_period: 1m, queries: {q: 'm'}}
            writer: {datasource_url: 'http://127.0.0.1:1'}
            """;

    record Setup(ConfigWatcher watcher, List<RunnerConfig> applied, PrometheusRegistry registry) {
    }

    Setup watch(List<Path> paths, RunnerConfig running) {
        List<RunnerConfig> applied = new ArrayList<>();
        PrometheusRegistry registry = new PrometheusRegistry();
        ConfigWatcher w = new ConfigWatcher(paths, ConfigWatcher.fingerprint(paths), Duration.ofSeconds(30),
                () -> RunnerConfigs.load(paths, Map.of(), ModelRegistry.standard()), next -> {
                    applied.add(next);
                    return ConfigDiff.of(running, next);
                }, new RunnerMetrics(registry, "t"), InstantSource.fixed(Instant.ofEpochSecond(1_700_000_000)));
        return new Setup(w, applied, registry);
    }

    static RunnerConfig load(Path p) throws Exception {
        return RunnerConfigs.load(List.of(p), Map.of(), ModelRegistry.standard());
    }

    @Test
    void check_kubernetesConfigMapSymlinkSwap_isSeenAndApplied() throws Exception {
        // A ConfigMap volume: vigil.yml -> ..data/vigil.yml, ..data -> ..2024_1; an update swaps ..data.
        Path volume = Files.createDirectories(dir.resolve("config"));
        Files.createDirectories(volume.resolve("..2024_1"));
        Files.writeString(volume.resolve("..2024_1/vigil.yml"), CONFIG.formatted("3"));
        Files.createSymbolicLink(volume.resolve("..data"), Path.of("..2024_1"));
        Files.createSymbolicLink(volume.resolve("vigil.yml"), Path.of("..data/vigil.yml"));
        FileTime linkTime = Files.getLastModifiedTime(volume.resolve("vigil.yml"),
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Setup s = watch(List.of(volume), load(volume.resolve("vigil.yml")));

        assertThat(s.watcher().check()).as("nothing changed yet").isFalse();
        Files.createDirectories(volume.resolve("..2024_2"));
        Files.writeString(volume.resolve("..2024_2/vigil.yml"), CONFIG.formatted("2"));
        Files.createSymbolicLink(volume.resolve("..data_tmp"), Path.of("..2024_2"));
        Files.move(volume.resolve("..data_tmp"), volume.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);

        assertThat(Files.getLastModifiedTime(volume.resolve("vigil.yml"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .as("the file's own link is untouched").isEqualTo(linkTime);
        assertThat(s.watcher().check()).isTrue();
        assertThat(s.applied()).singleElement().satisfies(c -> assertThat(c.models().get("z").args())
                .containsEntry("z_threshold", 2L));
        String m = ServiceVictoriaMetricsTest.scrape(s.registry());
        assertThat(m).contains("vmanomaly_config_reload_enabled 1.0", "vmanomaly_config_last_reload_successful 1.0",
                "vmanomaly_config_last_reload_success_timestamp_seconds 1.7E9",
                "vmanomaly_config_reloads_total{preset=\"\",status=\"success\"} 1.0");
        assertThat(s.watcher().check()).as("seen once").isFalse();
    }

    @Test
    void check_timestampOnlyChange_isNoChange() throws Exception {
        Path f = Files.writeString(dir.resolve("c.yml"), CONFIG.formatted("3"));
        Setup s = watch(List.of(f), load(f));

        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(60)));

        assertThat(s.watcher().check()).isFalse();
        assertThat(s.applied()).isEmpty();
    }

    @Test
    void check_invalidEdit_isRefusedOnceAndCountedAndAValidFixIsApplied() throws Exception {
        Path f = Files.writeString(dir.resolve("c.yml"), CONFIG.formatted("3"));
        Setup s = watch(List.of(f), load(f));

        Files.writeString(f, CONFIG.formatted("3").replace("infer_every: 1m", "infer_every: soon"));
        assertThat(s.watcher().check()).isTrue();
        assertThat(s.watcher().check()).as("the same broken content is reported once").isFalse();

        assertThat(s.applied()).isEmpty();
        String m = ServiceVictoriaMetricsTest.scrape(s.registry());
        assertThat(m).contains("vmanomaly_config_last_reload_successful 0.0",
                "vmanomaly_config_reloads_total{preset=\"\",status=\"failure\"} 1.0");

        Files.writeString(f, CONFIG.formatted("4"));
        assertThat(s.watcher().check()).isTrue();
        assertThat(s.applied()).hasSize(1);
        assertThat(ServiceVictoriaMetricsTest.scrape(s.registry())).contains(
                "vmanomaly_config_last_reload_successful 1.0",
                "vmanomaly_config_reloads_total{preset=\"\",status=\"success\"} 1.0");
    }

    @Test
    void check_fileAddedToAWatchedDirectory_isAChange() throws Exception {
        Path d = Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(d.resolve("a.yml"), CONFIG.formatted("3"));
        Setup s = watch(List.of(d), load(d));

        Files.writeString(d.resolve("b.yml"), "settings: {n_workers: 2}\n");

        assertThat(s.watcher().check()).isTrue();
        assertThat(s.applied()).singleElement().satisfies(c -> assertThat(c.settings().nWorkers()).isEqualTo(2));
    }
}
