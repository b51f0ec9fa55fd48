package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.presets.Presets;
import dev.vigil.models.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The presets merged under the user's file: what they supply, what the user overrides, where errors point. */
class PresetConfigTest {

    static final String NODE_EXPORTER = String.join("\n",
            "preset: node-exporter",
            "reader:",
            "  datasource_url: 'http://vm:8428'",
            "writer:",
            "  datasource_url: 'http://vm:8428'",
            "");

    static final List<String> INDICATORS = List.of("page_faults", "context_switch", "cpu_seconds_total",
            "host_network_receive_errors", "host_network_transmit_errors", "receive_bytes", "transmit_bytes",
            "read_latency", "write_latency");

    static RunnerConfig parse(String yaml) throws ConfigException {
        return RunnerConfigs.parse(yaml, "user.yml", Map.of(), ModelRegistry.standard());
    }

    @Test
    void parse_nodeExporterWithDataSourcesOnly_suppliesIndicatorsModelsSchedulersAndPresetLabel()
            throws ConfigException {
        RunnerConfig c = parse(NODE_EXPORTER);
        assertThat(c.preset()).isEqualTo("node-exporter");
        assertThat(c.reader().queries()).containsOnlyKeys(INDICATORS);
        assertThat(c.reader().queries().get("page_faults").client().expr()).contains("node_vmstat_pgmajfault");
        assertThat(c.schedulers()).containsOnlyKeys("1d_1m", "2w_1m");
        assertThat(c.models()).containsOnlyKeys("mad", "z-score", "prophet");
        assertThat(c.models().get("prophet").schedulers()).containsExactly("2w_1m");
        assertThat(c.models().get("mad").queries()).containsExactlyInAnyOrderElementsOf(INDICATORS);
        assertThat(c.writer().metricFormat()).containsEntry("preset", "node-exporter")
                .containsEntry("for", "$QUERY_KEY").containsEntry("__name__", "$VAR");
        assertThat(c.writer().datasourceUrl()).isEqualTo("http://vm:8428");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void parse_nodeExporterWithUserKeys_userScalarsWinMapsMergeListsReplace() throws ConfigException {
        RunnerConfig c = parse(NODE_EXPORTER + String.join("\n",
                "schedulers:",
                "  1d_1m:",
                "    infer_every: 5m",
                "models:",
                "  mad:",
                "    queries: [page_faults]",
                "    threshold: 5",
                ""));
        SchedulerConfig.Periodic s = (SchedulerConfig.Periodic) c.schedulers().get("1d_1m");
        assertThat(s.inferEvery()).as("the user's value").isEqualTo(Duration.ofMinutes(5));
        assertThat(s.fitWindow()).as("the preset's value under the user's map").isEqualTo(Duration.ofDays(1));
        assertThat(c.models().get("mad").queries()).as("a user list replaces the preset's")
                .containsExactly("page_faults");
        assertThat(c.models().get("mad").specs().values().iterator().next().resolvedArgs())
                .containsEntry("threshold", 5.0);
        assertThat(c.models().get("z-score").queries()).hasSize(INDICATORS.size());
    }

    @Test
    void parse_nodeExporterWithoutWriterUrl_errorSaysFromPreset() {
        ConfigException e = RunnerConfigsTest.errors(String.join("\n",
                "preset: node-exporter",
                "reader:",
                "  datasource_url: 'http://vm:8428'",
                ""));
        assertThat(e.errors()).hasSize(1);
        ConfigError err = e.errors().get(0);
        assertThat(err.path()).isEqualTo("writer.datasource_url");
        assertThat(err.where()).isEqualTo("from preset node-exporter, line 66");
        assertThat(e.getMessage()).contains("datasource_url");
    }

    @Test
    void parse_userMistakeInPresetSection_errorPointsToUserFileLine() {
        ConfigException e = RunnerConfigsTest.errors(NODE_EXPORTER + String.join("\n",
                "schedulers:",
                "  1d_1m:",
                "    infer_every: soon",
                ""));
        assertThat(e.errors()).extracting(ConfigError::where).containsExactly("test.yml:8");
        assertThat(e.errors()).extracting(ConfigError::path).containsExactly("schedulers.1d_1m.infer_every");
    }

    @Test
    void parse_unknownPreset_namesTheKnownOnes() {
        ConfigException e = RunnerConfigsTest.errors("preset: node_exporter\n");
        assertThat(e.errors()).extracting(ConfigError::path).containsExactly("preset");
        assertThat(e.errors().get(0).where()).isEqualTo("test.yml:1");
        assertThat(e.getMessage()).contains("node_exporter", "default, node-exporter, ui");
    }

    @Test
    void parse_uiAlone_hasNoJobsAndNeedsNoSection() throws ConfigException {
        RunnerConfig c = parse("preset: ui\nmonitoring:\n  pull:\n    port: 8490\n");
        assertThat(c.uiOnly()).isTrue();
        assertThat(c.preset()).isEqualTo("ui");
        assertThat(c.schedulers()).isEmpty();
        assertThat(c.reader()).isNull();
        assertThat(c.writer()).isNull();
        assertThat(c.monitoring().pull().port()).isEqualTo(8490);
        assertThat(RunnerConfigs.toYaml(c)).contains("preset: ui").doesNotContain("reader");
    }

    @Test
    void parse_uiWithProductionJobs_runsThemAsWritten() throws ConfigException {
        RunnerConfig c = parse(RunnerConfigsTest.TUTORIAL + "preset: ui\n");
        assertThat(c.uiOnly()).isFalse();
        assertThat(c.preset()).isEqualTo("ui");
        assertThat(c.models()).containsOnlyKeys("zscore");
    }

    @Test
    void parse_defaultPresetWithVersion_isTheNormalMode() throws ConfigException {
        RunnerConfig c = parse(RunnerConfigsTest.TUTORIAL + "preset: 'default:v1.13'\n");
        assertThat(c.preset()).isEqualTo(Presets.DEFAULT);
        assertThat(c.models()).containsOnlyKeys("zscore");
        assertThat(parse(RunnerConfigsTest.TUTORIAL + "preset: ''\n").preset()).isEmpty();
        assertThat(parse(RunnerConfigsTest.TUTORIAL).preset()).isEmpty();
    }

    @Test
    void load_presetInSecondFile_appliesToTheMergedFiles(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.yml"), "reader:\n  datasource_url: 'http://vm:8428'\n");
        Path b = Files.writeString(dir.resolve("b.yml"),
                "preset: node-exporter\nwriter:\n  datasource_url: 'http://vm:8428'\n");
        RunnerConfig c = RunnerConfigs.load(List.of(a, b), Map.of(), ModelRegistry.standard());
        assertThat(c.preset()).isEqualTo("node-exporter");
        assertThat(c.reader().queries()).hasSize(INDICATORS.size());
    }

    @Test
    void parse_nodeExporterModelWithoutQueries_dropsThatModelOnly() throws ConfigException {
        RunnerConfig c = parse(NODE_EXPORTER + "models:\n  prophet:\n    queries: []\n");
        assertThat(c.models()).containsOnlyKeys("mad", "z-score");
        assertThat(c.schedulers()).as("2w_1m served only prophet").containsOnlyKeys("1d_1m");
    }

    @Test
    void parse_nodeExporterModelSetToNull_isReportedAtTheUserLine() {
        ConfigException e = RunnerConfigsTest.errors(NODE_EXPORTER + "models:\n  prophet: null\n");
        assertThat(e.errors()).extracting(ConfigError::where).containsExactly("test.yml:7");
        assertThat(e.errors()).extracting(ConfigError::path).containsExactly("models.prophet");
    }
}
