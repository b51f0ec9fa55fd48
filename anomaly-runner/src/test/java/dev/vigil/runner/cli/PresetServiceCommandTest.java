package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil CONFIG --dryRun} with presets: the merged configuration is printed. */
class PresetServiceCommandTest {

    @Test
    void dryRun_presetUiAlone_printsMonitoringOnlyConfiguration(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("ui.yml"), "preset: ui\n");
        ModelsCommandTest.Run r = ModelsCommandTest.run(cfg.toString(), "--dryRun");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("preset: ui", "no production jobs").doesNotContain("schedulers:\n  ");
    }

    @Test
    void dryRun_nodeExporterPreset_printsThePresetsSchedulersModelsAndQueries(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("ne.yml"), "preset: node-exporter\nreader:\n"
                + "  datasource_url: http://vm:8428\nwriter:\n  datasource_url: http://vm:8428\n");
        ModelsCommandTest.Run r = ModelsCommandTest.run(cfg.toString(), "--dryRun");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("preset: node-exporter", "\"1d_1m\":", "\"2w_1m\":", "z-score:", "prophet:",
                "page_faults:", "node_disk_write_time_seconds_total", "preset: node-exporter");
    }
}
