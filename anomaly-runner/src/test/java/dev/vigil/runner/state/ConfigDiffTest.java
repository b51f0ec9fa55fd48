package dev.vigil.runner.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a hot reload compares: combinations by signature, schedulers, reader, writer and settings by value. */
class ConfigDiffTest {

    static final String SCHEDULERS = """
            schedulers:
              p: {class: periodic, infer_every: 1m, fit_every: 1h, fit_window: 1d}
              o: {class: periodic, infer_every: 5m, fit_every: 1h, fit_window: 1d}
            """;
    static final String MODELS = """
            models:
              z: {class: zscore, z_threshold: 3, queries: [a, b], schedulers: [p]}
              m: {class: mad, queries: [a], schedulers: [o]}
            """;
    static final String READER = """
            reader:
              datasource_url: http://127.0.0.1:1
              sampling_period: 1m
              queries:
                a: 'm_a'
                b: 'm_b'
            """;
    static final String WRITER = """
            writer:
              datasource_url: http://127.0.0.1:1
            """;

    static RunnerConfig parse(String yaml) throws Exception {
        return RunnerConfigs.parse(yaml, "c.yml", Map.of(), ModelRegistry.standard());
    }

    static RunnerConfig base() throws Exception {
        return parse(SCHEDULERS + MODELS + READER + WRITER);
    }

    static Combination c(String s, String m, String q) {
        return new Combination(s, m, q);
    }

    @Test
    void of_sameConfigWithKeysReordered_changesNothing() throws Exception {
        RunnerConfig reordered = parse(SCHEDULERS + MODELS.replace("{class: zscore, z_threshold: 3, queries: [a, b],"
                + " schedulers: [p]}", "{z_threshold: 3, schedulers: [p], class: zscore, queries: [a, b]}")
                + READER + WRITER);

        ConfigDiff d = ConfigDiff.of(base(), reordered);

        assertThat(d.affectsJobs()).isFalse();
        assertThat(d.describe()).isEmpty();
        assertThat(d.kept()).containsExactly(c("p", "z", "a"), c("p", "z", "b"), c("o", "m", "a"));
    }

    @Test
    void of_oneModelArgumentChanged_changesOnlyThatModelsCombinations() throws Exception {
        ConfigDiff d = ConfigDiff.of(base(), parse(SCHEDULERS + MODELS.replace("z_threshold: 3", "z_threshold: 2.5")
                + READER + WRITER));

        assertThat(d.changed()).containsExactly(c("p", "z", "a"), c("p", "z", "b"));
        assertThat(d.kept()).containsExactly(c("o", "m", "a"));
        assertThat(d.added()).isEmpty();
        assertThat(d.removed()).isEmpty();
        assertThat(d.schedulersChanged()).isEmpty();
        assertThat(d.dropped()).containsExactly(c("p", "z", "a"), c("p", "z", "b"));
        assertThat(d.affectsJobs()).isTrue();
    }

    @Test
    void of_queryAddedAndQueryExpressionChanged_addsAndChangesTheirCombinations() throws Exception {
        String reader = READER.replace("b: 'm_b'", "b: 'm_b2'\n    c: 'm_c'");
        ConfigDiff d = ConfigDiff.of(base(), parse(SCHEDULERS + MODELS.replace("[a, b]", "[a, b, c]") + reader
                + WRITER));

        assertThat(d.added()).containsExactly(c("p", "z", "c"));
        assertThat(d.changed()).containsExactly(c("p", "z", "b"));
        assertThat(d.kept()).containsExactly(c("p", "z", "a"), c("o", "m", "a"));
        assertThat(d.readerChanged()).as("queries are compared per combination, not as the reader").isFalse();
    }

    @Test
    void of_schedulerChangedAndModelRemoved_restartsTheSchedulerAndDropsTheModel() throws Exception {
        String schedulers = SCHEDULERS.replace("infer_every: 5m", "infer_every: 2m");
        ConfigDiff d = ConfigDiff.of(base(), parse(schedulers.replace("  o:", "  n:") + MODELS.replace(
                "schedulers: [o]", "schedulers: [n]") + READER + WRITER));

        assertThat(d.schedulersAdded()).containsExactly("n");
        assertThat(d.schedulersRemoved()).containsExactly("o");
        assertThat(d.added()).containsExactly(c("n", "m", "a"));
        assertThat(d.removed()).containsExactly(c("o", "m", "a"));

        ConfigDiff slower = ConfigDiff.of(base(), parse(schedulers + MODELS + READER + WRITER));
        assertThat(slower.schedulersChanged()).containsExactly("o");
        assertThat(slower.changed()).containsExactly(c("o", "m", "a"));
        assertThat(slower.kept()).containsExactly(c("p", "z", "a"), c("p", "z", "b"));
    }

    @Test
    void of_readerWriterAndSettingsChanged_flagsEachSection() throws Exception {
        RunnerConfig next = parse(SCHEDULERS + MODELS + READER.replace("127.0.0.1:1", "127.0.0.1:2")
                + WRITER.replace("127.0.0.1:1", "127.0.0.1:3")
                + "settings: {n_workers: 2, logger_levels: {reader: DEBUG}}\n"
                + "monitoring: {pull: {port: 8999}}\n");

        ConfigDiff d = ConfigDiff.of(base(), next);

        assertThat(d.readerChanged()).isTrue();
        assertThat(d.writerChanged()).isTrue();
        assertThat(d.workersChanged()).isTrue();
        assertThat(d.loggerLevelsChanged()).isTrue();
        assertThat(d.monitoringChanged()).isTrue();
        assertThat(d.restoreStateChanged()).isFalse();
        assertThat(d.describe()).anySatisfy(l -> assertThat(l).contains("monitoring", "next start"));
    }

    @Test
    void of_onlyLoggerLevelsChanged_doesNotAffectJobs() throws Exception {
        ConfigDiff d = ConfigDiff.of(base(), parse(SCHEDULERS + MODELS + READER + WRITER
                + "settings: {logger_levels: {model: WARNING}}\n"));

        assertThat(d.loggerLevelsChanged()).isTrue();
        assertThat(d.affectsJobs()).isFalse();
        assertThat(d.kept()).hasSize(3);
    }

    @Test
    void of_serverSectionAddedChangedOrRemoved_isAServerChangeThatLeavesTheJobsAlone() throws Exception {
        RunnerConfig with = parse(SCHEDULERS + MODELS + READER + WRITER + "server: {port: 8490}\n");
        RunnerConfig moved = parse(SCHEDULERS + MODELS + READER + WRITER + "server: {port: 8491}\n");

        for (ConfigDiff d : new ConfigDiff[] {ConfigDiff.of(base(), with), ConfigDiff.of(with, moved),
                ConfigDiff.of(moved, base())}) {
            assertThat(d.serverChanged()).isTrue();
            assertThat(d.affectsJobs()).isFalse();
            assertThat(d.describe()).containsExactly(
                    "server section changed: applied (REST API started, stopped or reconfigured)");
        }
        assertThat(ConfigDiff.of(with, parse(SCHEDULERS + MODELS + READER + WRITER + "server: {port: 8490}\n"))
                .serverChanged()).isFalse();
    }
}
