package dev.vigil.models.envelope;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * The civil (wall-clock) calendar fields of one instant in a zone, computed without allocation from
 * the zone's rules: on a daylight-saving change the civil hour follows the clock, so 09:00 is 09:00
 * in winter and in summer, the skipped hour has no points and the repeated hour has twice as many.
 * Mutable scratch: one per thread (each model keeps its own for learning; reads use a fresh one).
 */
final class CivilTime {

    private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private long epochDay;
    private long msOfDay;
    private int year;
    private int month;
    private int dayOfMonth;

    /** Sets the fields to those of {@code t} (epoch ms) in the zone of {@code rules}. O(log transitions). */
    CivilTime set(long t, ZoneRules rules, long fixedOffsetMs) {
        long offset = rules == null ? fixedOffsetMs : rules.getOffset(Instant.ofEpochMilli(t)).getTotalSeconds() * 1000L;
        long wall = t + offset;
        epochDay = Math.floorDiv(wall, Preset.DAY_MS);
        msOfDay = Math.floorMod(wall, Preset.DAY_MS);
        // Civil date from a day count (proleptic Gregorian, eras of 400 years starting 0000-03-01).
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        dayOfMonth = (int) (doy - (153 * mp + 2) / 5 + 1);
        month = (int) (mp < 10 ? mp + 3 : mp - 9);
        year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        return this;
    }

    /** The rules to pass to {@link #set}: {@code null} for a fixed-offset zone (then pass its offset). */
    static ZoneRules rulesOf(ZoneId zone) {
        ZoneRules r = zone.getRules();
        return r.isFixedOffset() ? null : r;
    }

    /** The fixed offset of a fixed-offset zone in ms, else 0. */
    static long fixedOffsetMs(ZoneId zone) {
        ZoneRules r = zone.getRules();
        return r.isFixedOffset() ? r.getOffset(Instant.EPOCH).getTotalSeconds() * 1000L : 0;
    }

    long epochDay() {
        return epochDay;
    }

    long msOfDay() {
        return msOfDay;
    }

    int month() {
        return month;
    }

    int dayOfMonth() {
        return dayOfMonth;
    }

    /** Monday 0 ... Sunday 6 (1970-01-01 was a Thursday). */
    int dayOfWeek() {
        return (int) Math.floorMod(epochDay + 3, 7L);
    }

    int daysInMonth() {
        boolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return month == 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
    }
}
