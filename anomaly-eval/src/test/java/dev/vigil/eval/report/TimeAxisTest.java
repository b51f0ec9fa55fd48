package dev.vigil.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimeAxisTest {

    private static long utc(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void ticks_randomSpans_areInRangeIncreasingAndFew() {
        Random rnd = new Random(11);
        for (int k = 0; k < 500; k++) {
            long t0 = utc("2000-01-01T00:00:00Z") + (long) (rnd.nextDouble() * 8e11);
            long span = (long) Math.pow(10, 3 + rnd.nextDouble() * 8); // 1 s .. ~3 years
            List<TimeAxis.Tick> ticks = TimeAxis.ticks(t0, t0 + span, 9);
            assertThat(ticks).isNotEmpty().hasSizeLessThanOrEqualTo(10);
            for (int i = 0; i < ticks.size(); i++) {
                assertThat(ticks.get(i).t()).isBetween(t0, t0 + span);
                if (i > 0) {
                    assertThat(ticks.get(i).t()).isGreaterThan(ticks.get(i - 1).t());
                }
            }
        }
    }

    @Test
    void ticks_nabSpan_areWholeDaysWithDateLabels() {
        List<TimeAxis.Tick> ticks = TimeAxis.ticks(utc("2013-12-02T21:15:00Z"), utc("2014-02-19T15:25:00Z"), 9);
        assertThat(ticks.get(0).label()).isEqualTo("2013-12-09"); // a Monday, weekly steps
        assertThat(ticks).allSatisfy(t -> assertThat(t.t() % 86_400_000L).isZero());
    }

    @Test
    void ticks_oneHour_areMinuteLabels() {
        List<TimeAxis.Tick> ticks = TimeAxis.ticks(utc("2024-01-01T10:00:00Z"), utc("2024-01-01T11:00:00Z"), 9);
        assertThat(ticks).extracting(TimeAxis.Tick::label).startsWith("10:00", "10:10");
    }
}
