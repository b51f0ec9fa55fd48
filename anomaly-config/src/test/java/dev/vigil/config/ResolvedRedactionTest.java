package dev.vigil.config;

import static dev.vigil.config.RunnerConfigsTest.TUTORIAL;
import static dev.vigil.config.RunnerConfigsTest.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code --dryRun} and {@code --outputSpec} never print the credentials written inside a URL. */
class ResolvedRedactionTest {

    @Test
    void credentialsInUrls_areMaskedInTheResolvedYaml() throws ConfigException {
        String yaml = TUTORIAL.replace("  datasource_url: 'http://victoriametrics:8428/'\n  sampling_period",
                        "  datasource_url: 'http://reader:s3cret@victoriametrics:8428/'\n  sampling_period")
                .replace("writer:\n  datasource_url: 'http://victoriametrics:8428/'\n",
                        "writer:\n  datasource_url: 'https://writer:p%40ss@vm.example:8428/insert'\n")
                .replace("    port: 8490\n", "    port: 8490\n  push:\n    url: 'http://tok3n@vm:8428'\n");
        RunnerConfig c = parse(yaml);
        assertThat(c.reader().datasourceUrl()).as("the configuration itself keeps them").contains("s3cret");
        String out = RunnerConfigs.toYaml(c);
        assertThat(out).doesNotContain("s3cret", "p%40ss", "tok3n")
                .contains("http://reader:***@victoriametrics:8428/", "https://writer:***@vm.example:8428/insert",
                        "http://***@vm:8428");
    }
}
