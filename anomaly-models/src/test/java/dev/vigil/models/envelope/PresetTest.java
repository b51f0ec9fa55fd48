package dev.vigil.models.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each preset places a civil time, and the civil calendar of {@link CivilTime}. */
class PresetTest {

    static CivilTime civil(String instant, String zone) {
        ZoneId z = ZoneId.of(zone);
        return new CivilTime().set(Instant.parse(instant).toEpochMilli(), CivilTime.rulesOf(z), CivilTime.fixedOffsetMs(z));
    }

    @Test
    void position_plateauBlocks_businessHoursAndWeekParts() {
        CivilTime wedTen = civil("2024-01-10T10:30:00Z", "UTC"); // a Wednesday
        CivilTime satTen = civil("2024-01-13T10:30:00Z", "UTC");
        CivilTime sunTwo = civil("2024-01-14T02:00:00Z", "UTC");
        assertThat(Preset.HOD_PLATEAU.position(wedTen, -1)).isEqualTo(2); // 09-18
        assertThat(Preset.HOD_PLATEAU.position(sunTwo, -1)).isEqualTo(0); // night
        assertThat(Preset.DOW_PLATEAU.position(wedTen, -1)).isEqualTo(0);
        assertThat(Preset.DOW_PLATEAU.position(satTen, -1)).isEqualTo(1);
        assertThat(Preset.DOW_PLATEAU.position(sunTwo, -1)).isEqualTo(2);
        assertThat(Preset.WEEKPART_PLATEAU.position(wedTen, -1)).isEqualTo(0);
        assertThat(Preset.WEEKPART_PLATEAU.position(sunTwo, -1)).isEqualTo(1);
        assertThat(Preset.DOW_SPIKY.position(wedTen, -1)).isEqualTo(2 * 24 + 10);
    }

    @Test
    void position_specialDay_bucketsAfterTheCycleReadWithoutKernel() {
        CivilTime wedTen = civil("2024-01-10T10:30:00Z", "UTC");
        assertThat(Preset.DOW_SPIKY.position(wedTen, 1)).isEqualTo(168 + 24 + 10);
        assertThat(Preset.DOW_SMOOTH.position(wedTen, 0)).isEqualTo(28 + 1); // the second quarter of the day
        assertThat(Preset.DOW_SMOOTH.kernel(Preset.DOW_SMOOTH.position(wedTen, 0))).isFalse();
        assertThat(Preset.DOW_SMOOTH.kernel(Preset.DOW_SMOOTH.position(wedTen, -1))).isTrue();
        assertThat(Preset.HOD_SPIKY.position(wedTen, 0)).as("hour profiles ignore special days").isEqualTo(10);
        assertThat(Preset.DOW_PLATEAU.buckets(2)).isEqualTo(5);
        assertThat(Preset.DOW_SPIKY.buckets(1)).isEqualTo(192);
        assertThat(Preset.MONTH_PLATEAU.buckets(3)).isEqualTo(12);
    }

    @Test
    void position_monthSmooth_continuousPositionInTheYear() {
        assertThat(Preset.MONTH_SMOOTH.position(civil("2024-02-15T12:00:00Z", "UTC"), -1))
                .isCloseTo(1 + 14.5 / 29, within(1e-12)); // 2024 is a leap year
        assertThat(Preset.MONTH_PLATEAU.position(civil("2023-12-31T23:00:00Z", "UTC"), -1)).isEqualTo(11);
        assertThat(Preset.MONTH_PLATEAU.position(civil("2023-12-31T23:00:00Z", "Europe/Berlin"), -1)).isZero();
    }

    @Test
    void set_berlinAroundDstChanges_civilHourFollowsTheClock() {
        assertThat(Preset.HOD_SPIKY.position(civil("2024-03-31T00:30:00Z", "Europe/Berlin"), -1)).isEqualTo(1);
        assertThat(Preset.HOD_SPIKY.position(civil("2024-03-31T01:30:00Z", "Europe/Berlin"), -1)).isEqualTo(3);
        assertThat(Preset.HOD_SPIKY.position(civil("2024-10-27T00:30:00Z", "Europe/Berlin"), -1)).isEqualTo(2);
        assertThat(Preset.HOD_SPIKY.position(civil("2024-10-27T01:30:00Z", "Europe/Berlin"), -1)).isEqualTo(2);
        assertThat(Preset.HOD_SPIKY.position(civil("2024-07-01T07:00:00Z", "+05:30"), -1))
                .isEqualTo(12);
    }

    @Test
    void set_anyDay_matchesJavaTimeCalendar() {
        ZoneId utc = ZoneId.of("UTC");
        for (long day = -800_000; day < 800_000; day += 997) {
            long t = day * 86_400_000L + 3_600_000L;
            CivilTime c = new CivilTime().set(t, CivilTime.rulesOf(utc), 0);
            var d = java.time.LocalDate.ofEpochDay(day);
            assertThat(List.of(c.month(), c.dayOfMonth(), c.dayOfWeek(), c.daysInMonth()))
                    .as("day %d", day)
                    .isEqualTo(List.of(d.getMonthValue(), d.getDayOfMonth(), d.getDayOfWeek().getValue() - 1, d.lengthOfMonth()));
        }
    }

    @Test
    void specialDays_recurringAndSingleDates_groupedOrEach() {
        SpecialDays grouped = SpecialDays.parse(List.of("12-25", "2024-07-04"), true);
        SpecialDays each = SpecialDays.parse(List.of("12-25", "2024-07-04"), false);
        assertThat(grouped.groups()).isEqualTo(1);
        assertThat(each.groups()).isEqualTo(2);
        assertThat(grouped.groupOf(civil("2031-12-25T08:00:00Z", "UTC"))).isZero();
        assertThat(each.groupOf(civil("2024-07-04T08:00:00Z", "UTC"))).isEqualTo(1);
        assertThat(each.groupOf(civil("2025-07-04T08:00:00Z", "UTC"))).isEqualTo(-1);
        assertThat(each.groupOf(civil("2024-12-24T23:30:00Z", "Europe/Berlin"))).as("civil date in tz").isZero();
    }
}
