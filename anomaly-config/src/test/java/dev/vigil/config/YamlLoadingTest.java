package dev.vigil.config;

import static dev.vigil.config.ConfigErrorLocationTest.lineOf;
import static dev.vigil.config.RunnerConfigsTest.TUTORIAL;
import static dev.vigil.config.RunnerConfigsTest.errors;
import static dev.vigil.config.RunnerConfigsTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * YAML is read as any YAML loader reads it: anchors, aliases and merge keys resolve, scalars keep
 * their types, a duplicate key warns, and errors still name the file and line.
 */
class YamlLoadingTest {

    private static final String ANCHORED = String.join("\n",
            "schedulers:",
            "  periodic: &defaults",
            "    class: periodic",
            "    infer_every: 1m",
            "    fit_every: 2h",
            "    fit_window: 14d",
            "  merged:",
            "    <<: *defaults",
            "  slow:",
            "    <<: [*defaults]",
            "    infer_every: 5m",
            "    fit_every: 4h",
            "models:",
            "  zscore:",
            "    class: zscore_online",
            "    z_threshold: &zt 3.5",
            "  other:",
            "    class: zscore_online",
            "    z_threshold: *zt",
            "reader:",
            "  datasource_url: &url 'http://victoriametrics:8428/'",
            "  sampling_period: 60s",
            "  queries:",
            "    q1:",
            "      expr: &e 'sum(rate(node_cpu_seconds_total[5m]))'",
            "    q2:",
            "      expr: *e",
            "      step: 5m",
            "writer:",
            "  datasource_url: *url",
            "");

    @Test
    void anchorsAliasesAndMergeKeys_resolveAsInAnyYamlLoader() throws ConfigException {
        RunnerConfig c = parse(ANCHORED);
        assertThat(c.schedulers()).containsOnlyKeys("periodic", "merged", "slow");
        SchedulerConfig.Periodic merged = (SchedulerConfig.Periodic) c.schedulers().get("merged");
        assertThat(merged.inferEvery()).isEqualTo(Duration.ofMinutes(1));
        assertThat(merged.fitEvery()).isEqualTo(Duration.ofHours(2));
        assertThat(merged.fitWindow()).isEqualTo(Duration.ofDays(14));
        SchedulerConfig.Periodic slow = (SchedulerConfig.Periodic) c.schedulers().get("slow");
        assertThat(slow.inferEvery()).isEqualTo(Duration.ofMinutes(5));
        assertThat(slow.fitEvery()).as("the mapping's own key wins over the merged one").isEqualTo(Duration.ofHours(4));
        assertThat(c.models().get("other").specs().values().iterator().next().resolvedArgs())
                .containsEntry("z_threshold", 3.5);
        assertThat(c.reader().queries().get("q2").expr()).isEqualTo("sum(rate(node_cpu_seconds_total[5m]))");
        assertThat(c.writer().datasourceUrl()).isEqualTo("http://victoriametrics:8428/");
    }

    @Test
    void aliasedValue_withAMistake_isReportedAtTheAliasKeysLine() {
        String yaml = TUTORIAL.replace("    z_threshold: 3.0\n", "    z_threshold: &zt -1\n  other:\n"
                + "    class: zscore_online\n    z_threshold: *zt\n");
        assertThat(errors(yaml).errors()).extracting(ConfigError::where)
                .containsExactly(lineOf(yaml, "&zt -1"), lineOf(yaml, "z_threshold: *zt"));
    }

    @Test
    void undefinedAlias_isMalformedYamlWithItsLine() {
        String yaml = TUTORIAL.replace("    z_threshold: 3.0", "    z_threshold: *nowhere");
        assertThat(errors(yaml).errors()).singleElement().satisfies(e -> {
            assertThat(e.where()).isEqualTo("test.yml");
            assertThat(e.message()).contains("malformed YAML at line " + lineOf(yaml, "*nowhere")
                    .substring("test.yml:".length()), "nowhere");
        });
    }

    @Test
    void duplicateKey_warnsWithFileAndLine_andTheLastValueWins() throws ConfigException {
        String yaml = TUTORIAL.replace("    z_threshold: 3.0\n", "    z_threshold: 3.0\n    z_threshold: 4.0\n");
        RunnerConfig c = parse(yaml);
        assertThat(c.models().get("zscore").specs().get("node_cpu_rate").resolvedArgs()).containsEntry("z_threshold", 4.0);
        assertThat(c.warnings()).contains(lineOf(yaml, "z_threshold: 4.0") + ": duplicate key \"z_threshold\"; the last"
                + " value is used");
    }

    @Test
    void scalars_keepTheirYamlTypes() {
        Node n = ConfigLoader.parse("a: 1_000\nb: 0x1F\nc: 1.5e3\nd: true\ne: ~\nf: '42'\ng: 10:30\nh: yes\n"
                + "i: -.inf\nj: 100000000000000000000\nk: '%{X}'\n", "t.yml", Map.of("X", "x"), new ArrayList<>());
        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("a", 1000L);
        expected.put("b", 31L);
        expected.put("c", 1500.0);
        expected.put("d", true);
        expected.put("e", null);
        expected.put("f", "42");
        expected.put("g", "10:30");
        expected.put("h", "yes");
        expected.put("i", Double.NEGATIVE_INFINITY);
        expected.put("j", "100000000000000000000");
        expected.put("k", "x");
        assertThat(n.plain()).isEqualTo(expected);
        assertThat(n.map().get("g").line()).isEqualTo(7);
    }

    @Test
    void nodeText_inMessages_isTheValueNotTheRecord() {
        String yaml = TUTORIAL.replace("  sampling_period: '60s'", "  sampling_period: {every: 60s}");
        assertThat(errors(yaml).getMessage()).doesNotContain("Node[").contains("every");
        List<String> warnings = new ArrayList<>();
        assertThat(ConfigLoader.parse("a: [1, {b: c}]", "t.yml", Map.of(), warnings).toString())
                .isEqualTo("{a=[1, {b=c}]}");
    }
}
