package dev.vigil.config;

import static dev.vigil.config.ConfigErrorLocationTest.lineOf;
import static dev.vigil.config.RunnerConfigsTest.TUTORIAL;
import static dev.vigil.config.RunnerConfigsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Values too large for the runner are configuration errors naming the key and its file:line, never a crash. */
class ConfigLimitsTest {

    @Test
    void hugeSamplingPeriod_isAnErrorAtItsKey() {
        String yaml = TUTORIAL.replace("  sampling_period: '60s'", "  sampling_period: 1000000000y");
        assertThat(errors(yaml).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("reader.sampling_period");
            assertThat(e.where()).isEqualTo(lineOf(yaml, "1000000000y"));
            assertThat(e.message()).contains("too large", "1000000000y");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "    fit_window: '14d'|    fit_window: 101y|schedulers.periodic.fit_window",
        "    infer_every: '1m'|    infer_every: 99999999999999999999d|schedulers.periodic.infer_every",
        "  sampling_period: '60s'|  sampling_period: '60s'\\n  timeout: 9999999999999w|reader.timeout",
        "  sampling_period: '60s'|  sampling_period: '60s'\\n  workers: 99999999999|reader.workers",
        "  sampling_period: '60s'|  sampling_period: '60s'\\n  series_processing_batch_size: 1e400|"
                + "reader.series_processing_batch_size",
        "  sampling_period: '60s'|  sampling_period: '60s'\\n  max_points_per_query: 99999999999999999999|"
                + "reader.max_points_per_query",
        "    port: 8490|    port: 99999999999999999999|monitoring.pull.port",
        "    z_threshold: 3.0|    z_threshold: 3.0\\nsettings:\\n  anomaly_score_outside_data_range: 1e999|"
                + "settings.anomaly_score_outside_data_range",
        "    z_threshold: 3.0|    z_threshold: 3.0\\nsettings:\\n  n_workers: 99999999999999999999|settings.n_workers",
        "    z_threshold: 3.0|    z_threshold: 3.0\\nsettings:\\n  n_workers: 100000|settings.n_workers",
    })
    void outOfRangeValue_isAnErrorAtItsKey(String from, String to, String path) {
        String yaml = TUTORIAL.replace(from, to.replace("\\n", "\n"));
        assertThat(yaml).isNotEqualTo(TUTORIAL);
        assertThat(errors(yaml).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo(path);
            assertThat(e.where()).startsWith("test.yml:").isNotEqualTo("test.yml:0");
        });
    }

    @Test
    void backtestingTimeBeyondNanosecondRange_isAnErrorAtItsKey() {
        String yaml = TUTORIAL.replace("  periodic:\n    class: 'periodic'\n    infer_every: '1m'\n    fit_every: '2h'\n"
                        + "    fit_window: '14d'\n",
                "  bt:\n    class: backtesting\n    from_s: 0\n    to_s: 1e15\n    fit_window: 1h\n    fit_every: 1h\n");
        assertThat(errors(yaml).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("schedulers.bt.to_s");
            assertThat(e.where()).isEqualTo(lineOf(yaml, "to_s: 1e15"));
            assertThat(e.message()).contains("out of range");
        });
    }
}
