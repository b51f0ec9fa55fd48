package dev.vigil.config;

import static dev.vigil.config.RunnerConfigsTest.TUTORIAL;
import static dev.vigil.config.RunnerConfigsTest.errors;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every error names what is wrong, where (YAML path and {@code file:line} of the offending value) and
 * the value, whether the runner, a model or the VictoriaMetrics client found it.
 */
class ConfigErrorLocationTest {

    /** The 1-based line of the first line of {@code yaml} containing {@code text}. */
    static String lineOf(String yaml, String text) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(text)) {
                return "test.yml:" + (i + 1);
            }
        }
        throw new AssertionError(text + " not in the config");
    }

    @Test
    void modelArgument_isReportedAtItsOwnLine() {
        String yaml = TUTORIAL.replace("    z_threshold: 3.0", "    z_threshold: -1");
        assertThat(errors(yaml).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("models.zscore.z_threshold");
            assertThat(e.where()).isEqualTo(lineOf(yaml, "z_threshold: -1"));
            assertThat(e.message()).contains("model 'zscore_online'", "'z_threshold'", "-1");
        });
    }

    @Test
    void queryLevelPolicy_isReportedAtTheQuerysLine() {
        String yaml = TUTORIAL.replace("by (mode, instance, job)'\n",
                "by (mode, instance, job)'\n      detection_direction: sideways\n");
        assertThat(errors(yaml).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("reader.queries.node_cpu_rate.detection_direction");
            assertThat(e.where()).isEqualTo(lineOf(yaml, "detection_direction: sideways"));
            assertThat(e.message()).contains("sideways");
        });
    }

    @Test
    void modelWideFailure_isReportedAtTheModel() {
        String yaml = TUTORIAL.replace("    z_threshold: 3.0", "    z_threshold: 3.0\n    min_dev_from_expected: -1");
        assertThat(errors(yaml).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).startsWith("models.zscore");
            assertThat(e.message()).contains("min_dev_from_expected");
        });
    }

    @Test
    void clientRefusals_areReportedAtTheKeyTheClientNames() {
        String badUrl = TUTORIAL.replace("  datasource_url: 'http://victoriametrics:8428/'\n  sampling_period",
                "  datasource_url: 'victoriametrics:8428'\n  sampling_period");
        assertThat(errors(badUrl).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("reader.datasource_url");
            assertThat(e.where()).isEqualTo(lineOf(badUrl, "victoriametrics:8428'"));
            assertThat(e.message()).contains("http://", "'victoriametrics:8428'");
        });
        String tenant = TUTORIAL.replace("writer:\n  datasource_url: 'http://victoriametrics:8428/'\n",
                "writer:\n  datasource_url: 'http://victoriametrics:8428/'\n  tenant_id: 'a:b'\n");
        assertThat(errors(tenant).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("writer.tenant_id");
            assertThat(e.where()).isEqualTo(lineOf(tenant, "tenant_id: 'a:b'"));
            assertThat(e.message()).contains("accountID[:projectID]", "'a:b'");
        });
        String token = TUTORIAL.replace("  sampling_period: '60s'\n",
                "  sampling_period: '60s'\n  bearer_token_file: /no/such/token\n");
        assertThat(errors(token).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("reader.bearer_token_file");
            assertThat(e.where()).isEqualTo(lineOf(token, "/no/such/token"));
            assertThat(e.message()).contains("'/no/such/token'", "does not exist");
        });
        String queryTenant = TUTORIAL.replace("by (mode, instance, job)'\n",
                "by (mode, instance, job)'\n      tenant_id: nope\n");
        assertThat(errors(queryTenant).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("reader.queries.node_cpu_rate.tenant_id");
            assertThat(e.where()).isEqualTo(lineOf(queryTenant, "tenant_id: nope"));
        });
        String latency = TUTORIAL.replace("  sampling_period: '60s'\n", "  sampling_period: '60s'\n  latency_offset: -1s\n");
        assertThat(errors(latency).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("reader.latency_offset");
            assertThat(e.where()).isEqualTo(lineOf(latency, "latency_offset: -1s"));
        });
    }

    @Test
    void requiredKeyWithoutValue_isRequired() {
        String yaml = TUTORIAL.replace("    infer_every: '1m'", "    infer_every:").replace("  sampling_period: '60s'",
                "  sampling_period:");
        assertThat(errors(yaml).errors()).extracting(ConfigError::path)
                .containsExactly("schedulers.periodic.infer_every", "reader.sampling_period");
        assertThat(errors(yaml).errors()).allSatisfy(e -> assertThat(e.message()).startsWith("is required"));
    }

    @Test
    void unknownKey_listsTheSectionsKeys() {
        String yaml = TUTORIAL.replace("  sampling_period: '60s'\n", "  sampling_period: '60s'\n  samplng: 1m\n");
        assertThat(errors(yaml).errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("reader.samplng");
            assertThat(e.where()).isEqualTo(lineOf(yaml, "samplng"));
            assertThat(e.message()).contains("unknown key \"samplng\"", "allowed: ", "sampling_period", "datasource_url");
        });
    }
}
