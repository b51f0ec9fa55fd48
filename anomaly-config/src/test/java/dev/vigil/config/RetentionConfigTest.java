package dev.vigil.config;

import static dev.vigil.config.RunnerConfigsTest.TUTORIAL;
import static dev.vigil.config.RunnerConfigsTest.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code settings.retention}: its keys, defaults and precise errors. */
class RetentionConfigTest {

    private static String with(String settings) {
        return TUTORIAL + "\nsettings:\n" + settings + "\n";
    }

    @Test
    void retention_absentOrNull_isOff() throws ConfigException {
        assertThat(parse(TUTORIAL).settings().retention()).isNull();
        assertThat(parse(with("  retention: null")).settings().retention()).isNull();
    }

    @Test
    void retention_ttlAndCheckInterval_areReadAndPrintedByDryRun() throws ConfigException {
        RunnerConfig c = parse(with("  retention:\n    ttl: 2d\n    check_interval: 30m"));
        assertThat(c.settings().retention()).isEqualTo(new Settings.Retention(Duration.ofDays(2),
                Duration.ofMinutes(30)));
        assertThat(c.warnings()).noneMatch(w -> w.contains("retention"));
        assertThat(RunnerConfigs.toYaml(c)).contains("retention:", "ttl: 2d", "check_interval: 30m");
    }

    @Test
    void retention_checkIntervalAbsent_isAnHourOrTheTtlWhenShorter() throws ConfigException {
        assertThat(parse(with("  retention: {ttl: 1d}")).settings().retention().checkInterval())
                .isEqualTo(Duration.ofHours(1));
        assertThat(parse(with("  retention: {ttl: 10m}")).settings().retention().checkInterval())
                .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void retention_checkIntervalLongerThanTtl_warns() throws ConfigException {
        RunnerConfig c = parse(with("  retention: {ttl: 10m, check_interval: 1h}"));
        assertThat(c.settings().retention().checkInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(c.warnings()).anySatisfy(w -> assertThat(w).contains("settings.retention.check_interval (1h)",
                "longer than settings.retention.ttl (10m)"));
    }

    @Test
    void retention_badValues_areErrorsAtTheirKey() {
        assertThatThrownBy(() -> parse(with("  retention: {check_interval: 1h}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("settings.retention.ttl")
                .hasMessageContaining("is required");
        assertThatThrownBy(() -> parse(with("  retention: {ttl: 0s}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("settings.retention.ttl")
                .hasMessageContaining("must be a positive duration, got \"0s\"");
        assertThatThrownBy(() -> parse(with("  retention: {ttl: soon}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("settings.retention.ttl")
                .hasMessageContaining("soon");
        assertThatThrownBy(() -> parse(with("  retention: {ttl: 1d, check_interval: -5m}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("settings.retention.check_interval");
        assertThatThrownBy(() -> parse(with("  retention: {ttl: 500ms}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("settings.retention.ttl")
                .hasMessageContaining("at least 1s");
        assertThatThrownBy(() -> parse(with("  retention: {ttl: 1d, tll: 2d}")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("settings.retention")
                .hasMessageContaining("tll");
        assertThatThrownBy(() -> parse(with("  retention: 1d")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("settings.retention")
                .hasMessageContaining("must be a mapping");
    }
}
