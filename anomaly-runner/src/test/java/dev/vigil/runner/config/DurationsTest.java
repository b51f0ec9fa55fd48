package dev.vigil.runner.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void parse_prometheusIsoAndBareSeconds_agree() {
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("P14D")).isEqualTo(Duration.ofDays(14));
        assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(Durations.parse("-60s")).isEqualTo(Duration.ofSeconds(-60));
        assertThat(Durations.parse("1ms")).isEqualTo(Duration.ofMillis(1));
        assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
    }

    @Test
    void parse_garbage_namesTheValue() {
        assertThatThrownBy(() -> Durations.parse("5 parsecs")).hasMessageContaining("invalid duration \"5 parsecs\"");
        assertThatThrownBy(() -> Durations.parse("m")).hasMessageContaining("invalid duration \"m\"");
    }

    @Test
    void parseInstant_offsetsNaiveAndEpoch() {
        Instant t = Instant.parse("2024-01-01T10:00:00Z");
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertThat(Durations.parseInstant("2024-01-01T10:00:00Z", paris)).isEqualTo(t);
        assertThat(Durations.parseInstant("2024-01-01T11:00:00+01:00", paris)).isEqualTo(t);
        assertThat(Durations.parseInstant("2024-01-01T11:00:00+0100", paris)).isEqualTo(t);
        assertThat(Durations.parseInstant("2024-01-01T11:00:00+01", paris)).isEqualTo(t);
        assertThat(Durations.parseInstant("2024-01-01T11:00:00", paris)).isEqualTo(t);
        assertThat(Durations.parseInstant(t.getEpochSecond(), paris)).isEqualTo(t);
        assertThat(Durations.parseInstant("1704103200.5", paris)).isEqualTo(t.plusMillis(500));
    }
}
