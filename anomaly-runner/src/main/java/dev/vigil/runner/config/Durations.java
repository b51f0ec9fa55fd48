package dev.vigil.runner.config;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses vmanomaly's durations and timestamps (spec 1.3): Prometheus-style durations such as
 * {@code 50s}, {@code 4m}, {@code 3h}, {@code 2d}, {@code 1w}, {@code 500ms}, also compound
 * ({@code 1h30m}) and negative ({@code -60s}); ISO-8601 durations ({@code PT1M}, {@code P14D}); a bare
 * number means seconds. Timestamps: ISO-8601 with {@code Z}, {@code +HH:MM}, {@code +HHMM} or
 * {@code +HH}, naive ones read in a given zone, or Unix seconds. Stateless and thread-safe.
 */
public final class Durations {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d|w|y)");

    private static final DateTimeFormatter OFFSET_ISO = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private Durations() {
    }

    /**
     * A duration.
     *
     * @throws IllegalArgumentException with a user-facing message when {@code text} is not a duration
     */
    public static Duration parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration");
        }
        boolean neg = s.startsWith("-");
        String body = neg || s.startsWith("+") ? s.substring(1) : s;
        Duration d;
        if (body.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                d = Duration.parse(body.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw bad(text);
            }
        } else if (body.matches("\\d+(\\.\\d+)?")) {
            d = ofSeconds(Double.parseDouble(body));
        } else {
            Matcher m = PART.matcher(body);
            int pos = 0;
            d = Duration.ZERO;
            while (m.find() && m.start() == pos) {
                double v = Double.parseDouble(m.group(1));
                d = d.plus(ofSeconds(v * unitSeconds(m.group(2))));
                pos = m.end();
            }
            if (pos != body.length() || pos == 0) {
                throw bad(text);
            }
        }
        return neg ? d.negated() : d;
    }

    private static double unitSeconds(String unit) {
        switch (unit) {
            case "ms": return 0.001;
            case "s": return 1;
            case "m": return 60;
            case "h": return 3600;
            case "d": return 86400;
            case "w": return 7 * 86400;
            default: return 365 * 86400;
        }
    }

    private static Duration ofSeconds(double s) {
        return Duration.ofNanos(Math.round(s * 1e9));
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException("\"" + text + "\" is not a duration (examples: 30s, 5m, 1h, 7d, 1w, PT1H, P14D)");
    }

    /**
     * A timestamp: ISO-8601 (naive values read in {@code zone}) or Unix seconds (integer or fraction).
     *
     * @throws IllegalArgumentException with a user-facing message otherwise
     */
    public static Instant parseInstant(Object value, ZoneId zone) {
        if (value instanceof Number) {
            return Instant.ofEpochMilli(Math.round(((Number) value).doubleValue() * 1000));
        }
        String s = String.valueOf(value).trim();
        if (s.matches("-?\\d+(\\.\\d+)?")) {
            return Instant.ofEpochMilli(Math.round(Double.parseDouble(s) * 1000));
        }
        try {
            var parsed = OFFSET_ISO.parseBest(s, OffsetDateTime::from, LocalDateTime::from);
            if (parsed instanceof OffsetDateTime) {
                return ((OffsetDateTime) parsed).toInstant();
            }
            return ((LocalDateTime) parsed).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(s).atStartOfDay(zone).toInstant();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("\"" + s + "\" is not a timestamp (ISO-8601 such as"
                        + " 2024-01-31T12:00:00Z, or Unix seconds)");
            }
        }
    }

    /** Formats a duration the Prometheus way ({@code 1h30m}, {@code 45s}, {@code 250ms}). */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long ms = d.toMillis();
        if (ms < 0) {
            sb.append('-');
            ms = -ms;
        }
        long[] units = {86400_000L, 3600_000L, 60_000L, 1000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                sb.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return sb.toString();
    }
}
