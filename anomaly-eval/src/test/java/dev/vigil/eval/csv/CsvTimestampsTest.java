package dev.vigil.eval.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvTimestampsTest {

    private static long utc(String iso) {
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
        "0                            | 1970-01-01T00:00:00Z",
    })
    void parseMillis_acceptedForms_giveUtcInstant(String text, String expected) {
        assertThat(CsvTimestamps.parseMillis(text)).isEqualTo(utc(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "2013-13-02 00:00:00", "2013-02-30 00:00:00", "2013-12-02 24:00:00",
        "2013-12-02 21:60:00", "2013-12-02 21:15:00 UTC", "2013-12-02 21:15:00.", "2013/12/02 21:15:00",
        "1e20", "12:30", "2013-12-0221:15"})
    void parseMillis_badText_throwsWithReason(String text) {
        assertThatThrownBy(() -> CsvTimestamps.parseMillis(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Exception");
        assertThat(CsvTimestamps.isTimestamp(text)).isFalse();
    }

    @Test
    void parseMillis_randomInstantsInEveryForm_roundTrip() {
        Random rnd = new Random(42);
        DateTimeFormatter nab = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
        for (int k = 0; k < 2000; k++) {
            long sec = (long) (rnd.nextDouble() * 4_000_000_000L) - 1_000_000_000L;
            long ms = sec * 1000 + rnd.nextInt(1000);
            Instant t = Instant.ofEpochMilli(ms);
            ZoneOffset off = ZoneOffset.ofTotalSeconds((rnd.nextInt(49) - 24) * 1800);
            assertThat(CsvTimestamps.parseMillis(nab.format(t))).isEqualTo(sec * 1000);
            assertThat(CsvTimestamps.parseMillis(t.toString())).isEqualTo(ms);
            assertThat(CsvTimestamps.parseMillis(OffsetDateTime.ofInstant(t, off).toString())).isEqualTo(ms);
            assertThat(CsvTimestamps.parseMillis(Long.toString(sec))).isEqualTo(sec * 1000);
        }
    }
}
