package dev.vigil.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
        "500ms, 500000000",
        "30s, 30000000000",
        "5m, 300000000000",
        "2h, 7200000000000",
        "1d, 86400000000000",
        "1w, 604800000000000",
        "1y, 31536000000000000",
        "1h30m, 5400000000000",
        "1d2h3m4s5ms, 93784005000000",
        "-60s, -60000000000",
        "+5m, 300000000000",
        "-1h30m, -5400000000000",
        "30, 30000000000",
        "1.5, 1500000000",
        "-60, -60000000000",
        "0, 0",
        "0s, 0",
        "1.5h, 5400000000000",
        "'  1h 30m ', 5400000000000",
        "250us, 250000",
        "7ns, 7",
    })
    void parse_prometheusStyle_givesNanos(String text, long nanos) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @CsvSource({
        "1D, 86400",
        "1W, 604800",
        "10min, 600",
        "1H, 3600",
        "15S, 15",
        "2 days, 172800",
        "3 hours, 10800",
        "1 minute, 60",
        "10 sec, 10",
        "2weeks, 1209600",
    })
    void parse_pandasStyle_givesSeconds(String text, long seconds) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest
    @CsvSource({
        "PT1H, 3600000",
        "P14D, 1209600000",
        "PT12H, 43200000",
        "PT1M, 60000",
        "P1W, 604800000",
        "p1w, 604800000",
        "P1W2D, 777600000",
        "P1WT1H, 608400000",
        "PT0.5S, 500",
        "P1DT2H, 93600000",
        "-PT60S, -60000",
        "PT-60S, -60000",
        "-P1W, -604800000",
    })
    void parse_iso8601_givesMillis(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @Test
    void parse_hugeMillisecondCount_doesNotOverflow() {
        assertThat(Durations.parse("9000000000000000000ms")).isEqualTo(Duration.ofMillis(9_000_000_000_000_000_000L));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "abc", "5x", "1h30", "h", "-", "5M", "1.s.", "P1Y", "P2M", "PT", "P", "PW",
        "P1H", "1h-30m", "1e3s", "0.0000000001s", "99999999999999999999s", "P99999999999999999999W", "PTxS"})
    void parse_badText_throwsQuotingTextAndForms(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"")
                .hasMessageContaining("accepted forms")
                .hasMessageContaining("1h30m")
                .hasMessageContaining("PT1H");
    }

    @Test
    void parse_unknownUnit_namesUnit() {
        assertThatThrownBy(() -> Durations.parse("5fortnights"))
                .hasMessageContaining("unknown unit 'fortnights'");
    }

    @Test
    void parse_capitalM_explainsAmbiguity() {
        assertThatThrownBy(() -> Durations.parse("5M")).hasMessageContaining("ambiguous");
    }

    @Test
    void parse_isoYears_explainsNoFixedLength() {
        assertThatThrownBy(() -> Durations.parse("P1Y")).hasMessageContaining("no fixed length");
    }

    @Test
    void parse_null_throwsIllegalArgument() {
        assertThatThrownBy(() -> Durations.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0s",
        "1000, 1s",
        "60000, 1m",
        "3600000, 1h",
        "5400000, 1h30m",
        "86400000, 1d",
        "90000000, 1d1h",
        "604800000, 1w",
        "691200000, 1w1d",
        "1209600000, 2w",
        "1500, 1s500ms",
        "500, 500ms",
        "-60000, -1m",
        "3723000, 1h2m3s",
        "3661001, 1h1m1s1ms",
        "-5400500, -1h30m500ms",
    })
    void format_millis_givesCanonicalForm(long millis, String expected) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @Test
    void format_subMillisecond_usesMicrosAndNanos() {
        assertThat(Durations.format(Duration.ofNanos(1_000_000_001L))).isEqualTo("1s1ns");
        assertThat(Durations.format(Duration.ofNanos(2_500L))).isEqualTo("2us500ns");
        assertThat(Durations.format(Duration.ofNanos(3_000L))).isEqualTo("3us");
    }

    @Test
    void format_extremes_roundTrip() {
        Duration min = Duration.ofSeconds(Long.MIN_VALUE);
        Duration max = Duration.ofSeconds(Long.MAX_VALUE, 999_999_999);
        assertThat(Durations.format(min)).startsWith("-15250284452471w");
        assertThat(Durations.parse(Durations.format(min))).isEqualTo(min);
        assertThat(Durations.parse(Durations.format(max))).isEqualTo(max);
    }

    @Test
    void format_beyondLongNanos_roundTrips() {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE / 2, 123_456_789);
        assertThat(Durations.parse(Durations.format(huge))).isEqualTo(huge);
        assertThat(Durations.parse(Durations.format(huge.negated()))).isEqualTo(huge.negated());
    }

    @Test
    void format_anyDuration_parsesBackToSameValueAsGreedyForm() {
        SplittableRandom rnd = new SplittableRandom(20240101L);
        long[] grains = {1L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L,
            86_400_000_000_000L};
        for (int k = 0; k < 5_000; k++) {
            long grain = grains[rnd.nextInt(grains.length)];
            long count = rnd.nextLong(1, Long.MAX_VALUE / grain);
            if (rnd.nextInt(3) == 0) {
                count = rnd.nextLong(1, 10_000);
            }
            Duration d = Duration.ofNanos(count * grain);
            if (rnd.nextBoolean()) {
                d = d.negated();
            }
            String text = Durations.format(d);
            assertThat(Durations.parse(text)).as(text).isEqualTo(d);
            assertThat(text).isEqualTo(greedy(d));
        }
    }

    @Test
    void parse_runnerConfigForms_agreeAcrossNotations() {
        // The forms the runner's YAML keys use (sampling_period, fit_window, offset, ...).
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("PT1H30M")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("P14D")).isEqualTo(Duration.ofDays(14));
        assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
        assertThat(Durations.parse("-60s")).isEqualTo(Duration.ofSeconds(-60));
        assertThat(Durations.parse("1ms")).isEqualTo(Duration.ofMillis(1));
        assertThat(Durations.parse("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThatThrownBy(() -> Durations.parse("5 parsecs")).hasMessageContaining("invalid duration \"5 parsecs\"");
        assertThatThrownBy(() -> Durations.parse("m")).hasMessageContaining("invalid duration \"m\"");
    }

    /** The largest-unit-first form computed independently on long nanoseconds. */
    private static String greedy(Duration d) {
        String[] units = {"w", "d", "h", "m", "s", "ms", "us", "ns"};
        long[] nanos = {604_800_000_000_000L, 86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L,
            1_000_000_000L, 1_000_000L, 1_000L, 1L};
        long rest = Math.abs(d.toNanos());
        StringBuilder sb = new StringBuilder(d.isNegative() ? "-" : "");
        for (int u = 0; u < units.length; u++) {
            long q = rest / nanos[u];
            if (q > 0) {
                sb.append(q).append(units[u]);
                rest -= q * nanos[u];
            }
        }
        return sb.toString();
    }
}
