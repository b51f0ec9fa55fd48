package dev.vigil.config;

import static dev.vigil.config.RunnerConfigsTest.TUTORIAL;
import static dev.vigil.config.RunnerConfigsTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Settings that are accepted but questionable, or accepted with no effect, are reported as warnings
 * ({@code --dryRun} prints them, the service logs them once at start) naming the key and why.
 */
class ConfigWarningsTest {

    @Test
    void fitEveryShorterThanInferEvery_warns() throws ConfigException {
        RunnerConfig c = parse(TUTORIAL.replace("    infer_every: '1m'\n    fit_every: '2h'",
                "    infer_every: '1h'\n    fit_every: '5m'"));
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("schedulers.periodic.fit_every (5m) is shorter"
                + " than infer_every (1h)"));
        assertThat(parse(TUTORIAL).warnings()).noneMatch(w -> w.contains("is shorter than infer_every"));
    }

    @Test
    void moreWorkersThanCores_warns() {
        Diagnostics diag = new Diagnostics("t.yml");
        Node n = ConfigLoader.parse("n_workers: 64\n", "t.yml", java.util.Map.of(), new java.util.ArrayList<>());
        Fields f = Fields.of(diag, "settings", n, ConfigKey.Section.SETTINGS);
        assertThat(SettingsSection.workers(f, 4)).isEqualTo(64);
        assertThat(diag.warnings()).singleElement().satisfies(w -> assertThat(w).contains("settings.n_workers is 64",
                "only 4 cores"));
        Diagnostics quiet = new Diagnostics("t.yml");
        assertThat(SettingsSection.workers(Fields.of(quiet, "settings", n, ConfigKey.Section.SETTINGS), 64))
                .isEqualTo(64);
        assertThat(quiet.warnings()).isEmpty();
    }

    @Test
    void keysWithNoEffect_warnOnceEachWithTheReason() throws ConfigException {
        String yaml = TUTORIAL.replace("  sampling_period: '60s'\n", "  sampling_period: '60s'\n"
                        + "  processing_timeout: 30s\n  health_path: health\n")
                .replace("writer:\n  datasource_url: 'http://victoriametrics:8428/'\n",
                        "writer:\n  datasource_url: 'http://victoriametrics:8428/'\n  health_path: /health\n"
                                + "  metric_prefix_cache_max_entries: 1000\n")
                .replace("    port: 8490\n", "    port: 8490\n  push:\n    url: http://vm:8428\n    health_path: h\n")
                + "settings:\n  native_threads_per_worker: 2\n";
        RunnerConfig c = parse(yaml);
        for (String key : new String[] {"reader.processing_timeout", "reader.health_path", "writer.health_path",
                "writer.metric_prefix_cache_max_entries", "monitoring.push.health_path",
                "settings.native_threads_per_worker"}) {
            assertThat(c.warnings()).as(key).filteredOn(w -> w.startsWith(key + " is accepted but has no effect: "))
                    .singleElement().satisfies(w -> assertThat(w.length()).isGreaterThan((key
                            + " is accepted but has no effect: ").length() + 20));
        }
        assertThat(parse(TUTORIAL).warnings()).noneMatch(w -> w.contains("has no effect"));
    }
}
