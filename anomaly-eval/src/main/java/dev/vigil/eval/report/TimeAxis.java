package dev.vigil.eval.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * "Nice" UTC tick positions and labels for a time span: the smallest step from a fixed ladder
 * (seconds to decades) that gives at most {@code maxTicks} ticks, aligned to whole units in UTC.
 * Stateless and thread-safe.
 */
final class TimeAxis {

    private static final long S = 1000L;
    private static final long M = 60 * S;
    private static final long H = 60 * M;
    private static final long D = 24 * H;
    private static final long[] FIXED = {S, 2 * S, 5 * S, 10 * S, 15 * S, 30 * S, M, 2 * M, 5 * M, 10 * M, 15 * M, 30 * M,
        H, 2 * H, 3 * H, 6 * H, 12 * H, D, 2 * D, 7 * D, 14 * D};
    private static final int[] MONTHS = {1, 2, 3, 6, 12, 24, 60, 120, 240, 600};
    /** 1970-01-05 was a Monday: weekly ticks fall on Mondays. */
    private static final long MONDAY = 4 * D;

    /** One tick: epoch ms and label. */
    record Tick(long t, String label) {
    }

    private TimeAxis() {
    }

    static List<Tick> ticks(long t0, long t1, int maxTicks) {
        long span = Math.max(1, t1 - t0);
        List<Tick> out = new ArrayList<>();
        for (long step : FIXED) {
            if (span / step <= maxTicks) {
                DateTimeFormatter f = formatter(step, span);
                long origin = step >= 7 * D ? MONDAY : 0;
                long first = Math.floorDiv(t0 - origin + step - 1, step) * step + origin;
                for (long t = first; t <= t1; t += step) {
                    out.add(new Tick(t, f.format(Instant.ofEpochMilli(t))));
                }
                return out;
            }
        }
        for (int months : MONTHS) {
            if (span / (months * 30.44 * D) <= maxTicks) {
                DateTimeFormatter f = DateTimeFormatter.ofPattern(months >= 12 ? "yyyy" : "yyyy-MM", Locale.ROOT)
                        .withZone(ZoneOffset.UTC);
                LocalDate d = Instant.ofEpochMilli(t0).atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
                int m0 = d.getYear() * 12 + d.getMonthValue() - 1;
                int aligned = Math.floorDiv(m0 + months - 1, months) * months;
                for (int m = aligned;; m += months) {
                    ZonedDateTime z = LocalDate.of(Math.floorDiv(m, 12), Math.floorMod(m, 12) + 1, 1).atStartOfDay(ZoneOffset.UTC);
                    long t = z.toInstant().toEpochMilli();
                    if (t > t1) {
                        break;
                    }
                    if (t >= t0) {
                        out.add(new Tick(t, f.format(z)));
                    }
                }
                return out;
            }
        }
        out.add(new Tick(t0, DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(t0))));
        return out;
    }

    private static DateTimeFormatter formatter(long step, long span) {
        String pattern;
        if (step < M) {
            pattern = span > D ? "MM-dd HH:mm:ss" : "HH:mm:ss";
        } else if (step < D) {
            pattern = span > D ? "MM-dd HH:mm" : "HH:mm";
        } else {
            pattern = "yyyy-MM-dd";
        }
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
    }
}
