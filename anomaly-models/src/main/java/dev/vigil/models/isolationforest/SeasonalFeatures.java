package dev.vigil.models.isolationforest;

import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Locale;

/**
 * The cyclical calendar features of {@code seasonal_features}: for each of {@code minute} (minute of
 * the hour, period 60), {@code hod} (hour of the day, 24), {@code dow} (day of the week, Monday = 0,
 * 7) and {@code month} (month of the year, January = 0, 12) the pair {@code sin(2πk/P), cos(2πk/P)}
 * of the wall-clock time of the zone {@code tz}, so that 23:00 is as close to 00:00 as 01:00 is
 * (vmanomaly's "cyclical encoding"). The components are whole numbers, as pandas' {@code dt.hour} and
 * friends give them. Immutable and thread-safe.
 */
final class SeasonalFeatures {

    /** The accepted names, in vmanomaly's spelling. */
    static final List<String> NAMES = List.of("minute", "hod", "dow", "month");

    private static final long MINUTE_MS = 60_000L;
    private static final long HOUR_MS = 3_600_000L;
    private static final long DAY_MS = 86_400_000L;

    private final int[] kinds;
    private final ZoneRules rules;
    private final boolean utc;

    /**
     * @param names validated names from {@link #NAMES}, in the order the features are appended
     * @param zone  the zone whose wall-clock time is encoded
     */
    SeasonalFeatures(List<String> names, ZoneId zone) {
        this.kinds = new int[names.size()];
        for (int i = 0; i < kinds.length; i++) {
            kinds[i] = NAMES.indexOf(names.get(i).toLowerCase(Locale.ROOT));
            if (kinds[i] < 0) {
                throw new IllegalArgumentException("unknown seasonal feature " + names.get(i));
            }
        }
        this.rules = zone.getRules();
        this.utc = rules.isFixedOffset() && rules.getOffset(java.time.Instant.EPOCH).getTotalSeconds() == 0;
    }

    /** The number of columns the features add (two per name). */
    int width() {
        return 2 * kinds.length;
    }

    /**
     * The zone offset in force over a span of time, remembered between calls so that a run of
     * increasing timestamps looks the zone up only at its transitions (allocation-free in between).
     * Not thread-safe: one per fit or scoring call.
     */
    final class Cursor {
        private long from = Long.MAX_VALUE;
        private long to = Long.MIN_VALUE;
        private long offsetMs;

        /** The wall-clock time of {@code t} in the zone, as milliseconds of a UTC clock. */
        long local(long t) {
            if (utc) {
                return t;
            }
            if (t < from || t >= to) {
                java.time.Instant i = java.time.Instant.ofEpochMilli(t);
                offsetMs = 1000L * rules.getOffset(i).getTotalSeconds();
                java.time.zone.ZoneOffsetTransition next = rules.nextTransition(i);
                from = t;
                to = next == null ? Long.MAX_VALUE : next.toEpochSecond() * 1000L;
            }
            return t + offsetMs;
        }
    }

    /** A new {@link Cursor} for one pass over timestamps. */
    Cursor cursor() {
        return new Cursor();
    }

    /**
     * Writes the features of epoch-millisecond {@code t} into {@code out[at, at + width())}. O(width);
     * allocates only when {@code cursor} crosses a transition of the zone.
     */
    void write(Cursor cursor, long t, double[] out, int at) {
        if (kinds.length == 0) {
            return;
        }
        long local = cursor.local(t);
        for (int i = 0; i < kinds.length; i++) {
            double k;
            double period;
            switch (kinds[i]) {
                case 0 -> {
                    k = Math.floorMod(Math.floorDiv(local, MINUTE_MS), 60L);
                    period = 60;
                }
                case 1 -> {
                    k = Math.floorMod(Math.floorDiv(local, HOUR_MS), 24L);
                    period = 24;
                }
                case 2 -> {
                    // 1970-01-01 was a Thursday: day 0 is weekday 3 when Monday is 0.
                    k = Math.floorMod(Math.floorDiv(local, DAY_MS) + 3, 7L);
                    period = 7;
                }
                default -> {
                    k = monthOfEpochDay(Math.floorDiv(local, DAY_MS)) - 1;
                    period = 12;
                }
            }
            double angle = 2 * Math.PI * k / period;
            out[at + 2 * i] = Math.sin(angle);
            out[at + 2 * i + 1] = Math.cos(angle);
        }
    }

    /**
     * The month (1 to 12) of a day counted from 1970-01-01 in the proleptic Gregorian calendar,
     * without allocating (the civil-from-days arithmetic on 400-year eras).
     */
    static int monthOfEpochDay(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        return (int) (mp < 10 ? mp + 3 : mp - 9);
    }
}
