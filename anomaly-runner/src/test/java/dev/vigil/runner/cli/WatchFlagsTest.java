package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --watch} and {@code -configCheckInterval} in every spelling vmanomaly documents. */
class WatchFlagsTest {

    /** {@code vigil run ARGS} parsed, not run. */
    static RunCommand parse(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run;
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "|", value = {
        "--watch|true", "-watch|true", "--watch=true|true", "-watch=1|true", "--watch=0|false", "--watch=false|false",
        "--watch=TRUE|true", "watch=1|true", "watch=false|false"})
    void watching_everySpelling_parsesTheBoolean(String flag, boolean on) {
        RunCommand r = parse(Main.normalize(new String[] {flag, "c.yml"}));
        assertThat(r.service.watching()).isEqualTo(on);
        assertThat(r.configs).containsExactly(Path.of("c.yml"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "false", "1", "0"})
    void watching_separateValue_isTakenAsTheBooleanNotAsAConfigPath(String v) {
        RunCommand r = parse(Main.normalize(new String[] {"--watch", v, "c.yml"}));
        assertThat(r.service.watching()).isEqualTo(v.equals("true") || v.equals("1"));
        assertThat(r.configs).containsExactly(Path.of("c.yml"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--watch", "-watch"})
    void watching_followedByAConfigPath_leavesThePathAPath(String flag) {
        RunCommand r = parse(Main.normalize(new String[] {flag, "c.yml", "d.yml"}));
        assertThat(r.service.watching()).isTrue();
        assertThat(r.configs).containsExactly(Path.of("c.yml"), Path.of("d.yml"));
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "|", value = {
        "-configCheckInterval=10s", "--configCheckInterval=10s", "--config.check.interval=10s",
        "-config.check.interval=10s", "--config-check-interval=10s", "--config_check_interval=10s",
        "configCheckInterval=10s", "config.check.interval=10s"})
    void checkInterval_everySpelling_parsesTheDuration(String flag) {
        RunCommand r = parse(Main.normalize(new String[] {"--watch", flag, "c.yml"}));
        assertThat(r.service.checkInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.configs).containsExactly(Path.of("c.yml"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--configCheckInterval", "-configCheckInterval", "--config.check.interval"})
    void checkInterval_separateValue_parsesTheDuration(String flag) {
        RunCommand r = parse(Main.normalize(new String[] {"--watch", flag, "2m", "c.yml"}));
        assertThat(r.service.checkInterval()).isEqualTo(Duration.ofMinutes(2));
    }

    @org.junit.jupiter.api.Test
    void checkInterval_absent_isThirtySecondsAsInVmanomaly() {
        assertThat(parse("--watch", "c.yml").service.checkInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parse("c.yml").service.watching()).isFalse();
    }

    @org.junit.jupiter.api.Test
    void badValues_failWithTheFlagAndTheValue() {
        assertThatThrownBy(() -> parse("--watch=yes", "c.yml").service.watching()).isInstanceOf(UserException.class)
                .hasMessageContaining("--watch").hasMessageContaining("'yes'");
        assertThatThrownBy(() -> parse("-configCheckInterval=soon", "c.yml").service.checkInterval())
                .isInstanceOf(UserException.class).hasMessageContaining("-configCheckInterval")
                .hasMessageContaining("'soon'");
        assertThatThrownBy(() -> parse("-configCheckInterval=0s", "c.yml").service.checkInterval())
                .isInstanceOf(UserException.class).hasMessageContaining("positive");
    }

    @org.junit.jupiter.api.Test
    void normalize_leavesPathsAndOtherArgumentsAlone() {
        assertThat(Main.normalize(new String[] {"run", "a=b.yml", "dir/x=1.yml", "--dryRun"}))
                .containsExactly("run", "a=b.yml", "dir/x=1.yml", "--dryRun");
        assertThat(List.of(Main.normalize(new String[] {"loggerLevel=INFO", "c.yml"})))
                .containsExactly("--loggerLevel=INFO", "c.yml");
    }
}
