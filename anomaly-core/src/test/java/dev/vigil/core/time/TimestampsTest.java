package dev.vigil.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest
    @CsvSource({
        "2024-01-01T00:00:00Z, 2024-01-01T00:00:00Z",
        "2024-01-01t12:30:15z, 2024-01-01T12:30:15Z",
        "2024-01-01T02:00:00+02:00, 2024-01-01T00:00:00Z",
        "2024-01-01T02:00:00+0200, 2024-01-01T00:00:00Z",
        "2024-01-01T02:00:00+02, 2024-01-01T00:00:00Z",
        "2023-12-31T19:00:00-05:00, 2024-01-01T00:00:00Z",
        "2024-01-01T05:30:00+05:30, 2024-01-01T00:00:00Z",
        "2024-01-01T00:00, 2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00, 2024-01-01T00:00:00Z",
        "2024-01-01T00:00:00.5Z, 2024-01-01T00:00:00.500Z",
        "'2024-01-01T00:00:00,25Z', 2024-01-01T00:00:00.250Z",
        "2024-01-01T00:00:00.123456789Z, 2024-01-01T00:00:00.123456789Z",
        "2024-01-01, 2024-01-01T00:00:00Z",
        "2024-02-29, 2024-02-29T00:00:00Z",
        "2014-04-01 00:00:00, 2014-04-01T00:00:00Z",
        "2014-04-01 13:05:00.250, 2014-04-01T13:05:00.250Z",
        "1704067200, 2024-01-01T00:00:00Z",
        "1704067200.5, 2024-01-01T00:00:00.500Z",
        "1.7040672e9, 2024-01-01T00:00:00Z",
        "-1.5, 1969-12-31T23:59:58.500Z",
        "0, 1970-01-01T00:00:00Z",
        "'  1704067200  ', 2024-01-01T00:00:00Z",
        "1704067200.1234567891, 2024-01-01T00:00:00.123456789Z",
        "1704067200.1234567896, 2024-01-01T00:00:00.123456790Z",
        "1704067200000, 2024-01-01T00:00:00Z",
        "1704067200000.5, 2024-01-01T00:00:00.000500Z",
        "1.7040672e12, 2024-01-01T00:00:00Z",
        "-100000000000, 1966-10-31T14:13:20Z",
        "99999999999, 5138-11-16T09:46:39Z",
        "100000000000, 1973-03-03T09:46:40Z",
    })
    void parse_acceptedForm_givesInstant(String text, String expected) {
        assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(expected));
    }

    @Test
    void parse_naiveWithZone_readsLocalTimeInZone() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertThat(Timestamps.parse("2024-07-01T12:00:00", berlin)).isEqualTo(Instant.parse("2024-07-01T10:00:00Z"));
        assertThat(Timestamps.parse("2024-01-01 12:00:00", berlin)).isEqualTo(Instant.parse("2024-01-01T11:00:00Z"));
        assertThat(Timestamps.parse("2024-07-01", berlin)).isEqualTo(Instant.parse("2024-06-30T22:00:00Z"));
        assertThat(Timestamps.parse("2024-07-01T12:00:00", ZoneOffset.ofHours(-3)))
                .isEqualTo(Instant.parse("2024-07-01T15:00:00Z"));
    }

    @Test
    void parse_explicitOffsetWithNaiveZone_offsetWins() {
        assertThat(Timestamps.parse("2024-07-01T12:00:00Z", ZoneId.of("Asia/Tokyo")))
                .isEqualTo(Instant.parse("2024-07-01T12:00:00Z"));
    }

    @Test
    void parse_epochSecondsWithZone_ignoresZone() {
        assertThat(Timestamps.parse("1704067200", ZoneId.of("Asia/Tokyo"))).isEqualTo(Instant.ofEpochSecond(1704067200L));
    }

    @Test
    void parse_dstGapInRegionZone_movesForward() {
        // 2024-03-31 02:30 does not exist in Berlin (clocks jump from 02:00 to 03:00).
        assertThat(Timestamps.parse("2024-03-31T02:30:00", ZoneId.of("Europe/Berlin")))
                .isEqualTo(Instant.parse("2024-03-31T01:30:00Z"));
    }

    @Test
    void parse_randomDateTimesInEveryForm_agreeWithJavaTime() {
        SplittableRandom rnd = new SplittableRandom(42L);
        DateTimeFormatter iso = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
        for (int k = 0; k < 2_000; k++) {
            long epoch = rnd.nextLong(-2_000_000_000L, 4_000_000_000L);
            int nanos = rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1_000_000_000);
            Instant expected = Instant.ofEpochSecond(epoch, nanos);
            int offsetMinutes = rnd.nextInt(-18 * 60, 18 * 60 + 1);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
            LocalDateTime local = LocalDateTime.ofInstant(expected, offset);
            String base = local.format(iso);
            assertThat(Timestamps.parse(base + offset.getId().replace("Z", "+00:00"))).as(base).isEqualTo(expected);
            assertThat(Timestamps.parse(base.replace('T', ' '), offset)).as(base).isEqualTo(expected);
            assertThat(Timestamps.parse(base + offset.getId().replace(":", "").replace("Z", "+0000")))
                    .as(base).isEqualTo(expected);
            String epochText = nanos == 0 ? Long.toString(epoch)
                    : expected.getEpochSecond() + "." + String.format("%09d", nanos);
            if (epoch >= 0) {
                assertThat(Timestamps.parse(epochText)).as(epochText).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "yesterday", "2024-13-01", "2024-02-30", "2024-01-01T25:00:00Z",
        "2024-01-01T10:60Z", "2024-01-01T10:00:61", "2024-01-01X10:00", "2024-01-01T10", "2024-01-01T10:00:00+2",
        "2024-01-01T10:00:00+19:00", "2024-01-01T10:00:00 UTC", "2024-01-01T10:00:00.Z",
        "2024-01-01T10:00:00.1234567890Z", "24-01-01", "2024-1-1", "1e999999999999", "12345678901234567890", "1e20",
        "9223372036854775808",
        "1.2.3", "--5", "2024-01-01T10:00:00Zjunk"})
    void parse_badText_throwsQuotingTextAndForms(String text) {
        assertThatThrownBy(() -> Timestamps.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text + "\"")
                .hasMessageContaining("accepted forms")
                .hasMessageContaining("epoch seconds")
                .hasMessageContaining("+HH:MM");
    }

    @Test
    void parse_everyOffsetSpellingWithNaiveZone_offsetWins() {
        Instant t = Instant.parse("2024-01-01T10:00:00Z");
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertThat(Timestamps.parse("2024-01-01T10:00:00Z", paris)).isEqualTo(t);
        assertThat(Timestamps.parse("2024-01-01T11:00:00+01:00", paris)).isEqualTo(t);
        assertThat(Timestamps.parse("2024-01-01T11:00:00+0100", paris)).isEqualTo(t);
        assertThat(Timestamps.parse("2024-01-01T11:00:00+01", paris)).isEqualTo(t);
        assertThat(Timestamps.parse("2024-01-01T11:00:00", paris)).isEqualTo(t);
        assertThat(Timestamps.parse("1704103200.5", paris)).isEqualTo(t.plusMillis(500));
    }

    @Test
    void parse_badMonth_saysWhichField() {
        assertThatThrownBy(() -> Timestamps.parse("2024-13-01")).hasMessageContaining("MonthOfYear");
    }

    @Test
    void parse_null_throwsIllegalArgument() {
        assertThatThrownBy(() -> Timestamps.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    private static long utcMillis(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2013-12-02 21:15:00          | 2013-12-02T21:15:00Z",
        "2013-12-02T21:15:00          | 2013-12-02T21:15:00Z",
        "2013-12-02t21:15             | 2013-12-02T21:15:00Z",
        "2013-12-02T21:15:00Z         | 2013-12-02T21:15:00Z",
        "2013-12-02T21:15:00.5Z       | 2013-12-02T21:15:00.500Z",
        "2013-12-02 21:15:00.123456   | 2013-12-02T21:15:00.123Z",
        "2013-12-02T23:15:00+02:00    | 2013-12-02T21:15:00Z",
        "2013-12-02T23:15:00+0200     | 2013-12-02T21:15:00Z",
        "2013-12-02T20:15:00-01       | 2013-12-02T21:15:00Z",
        "2013-12-02                   | 2013-12-02T00:00:00Z",
        "2024-02-29 00:00:00          | 2024-02-29T00:00:00Z",
        "1386018900                   | 2013-12-02T21:15:00Z",
        "1386018900.25                | 2013-12-02T21:15:00.250Z",
        "1386018900250                | 2013-12-02T21:15:00.250Z",
        "1386018900.0009              | 2013-12-02T21:15:00Z",
        "-0.0005                      | 1969-12-31T23:59:59.999Z",
        "0                            | 1970-01-01T00:00:00Z",
    })
    void parseMillis_dataFileForms_giveUtcMillisTruncated(String text, String expected) {
        assertThat(Timestamps.parseMillis(text)).isEqualTo(utcMillis(expected));
    }

    @Test
    void parseMillis_naiveZone_readsLocalTime() {
        assertThat(Timestamps.parseMillis("2024-07-01 12:00:00.250", ZoneId.of("Europe/Berlin")))
                .isEqualTo(utcMillis("2024-07-01T10:00:00.250Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "2013-13-02 00:00:00", "2013-02-30 00:00:00", "2013-12-02 24:00:00",
        "2013-12-02 21:60:00", "2013-12-02 21:15:00 UTC", "2013-12-02 21:15:00.", "2013/12/02 21:15:00",
        "1e20", "12:30", "2013-12-0221:15"})
    void parseMillis_badText_throwsQuotingText(String text) {
        assertThatThrownBy(() -> Timestamps.parseMillis(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid timestamp \"" + text + "\": ")
                .hasMessageNotContaining("Exception");
    }

    /** The text Java writes for an instant, in every form a data file may hold it, reads back. */
    @Test
    void parseMillis_randomInstantsInEveryForm_roundTrip() {
        SplittableRandom rnd = new SplittableRandom(42L);
        DateTimeFormatter nab = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
        for (int k = 0; k < 2_000; k++) {
            long sec = rnd.nextLong(-1_000_000_000L, 3_000_000_000L);
            long ms = sec * 1000 + rnd.nextInt(1000);
            Instant t = Instant.ofEpochMilli(ms);
            ZoneOffset off = ZoneOffset.ofTotalSeconds((rnd.nextInt(49) - 24) * 1800);
            assertThat(Timestamps.parseMillis(nab.format(t))).isEqualTo(sec * 1000);
            assertThat(Timestamps.parseMillis(t.toString())).isEqualTo(ms);
            assertThat(Timestamps.parseMillis(java.time.OffsetDateTime.ofInstant(t, off).toString())).isEqualTo(ms);
            assertThat(Timestamps.parseMillis(Long.toString(sec))).isEqualTo(sec * 1000);
            if (Math.abs(ms) >= 100_000_000_000L) {
                assertThat(Timestamps.parseMillis(Long.toString(ms))).isEqualTo(ms);
            }
        }
    }
}
