package dev.vigil.core.time;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The one parser and formatter of duration text: vmanomaly configs, model arguments and command-line
 * options ({@code --fit-window}, {@code --fit-every}) all read durations here.
 *
 * <p>Accepted by {@link #parse}:
 * <ul>
 *   <li><b>Prometheus style</b>: one or more {@code <number><unit>} parts, summed, e.g. {@code 500ms},
 *       {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}, {@code 1w}, {@code 1y} (365 days, as in
 *       Prometheus), {@code 1h30m}. An optional leading {@code -} (or {@code +}) applies to the whole
 *       value ({@code -1h30m} is minus 90 minutes). A bare number is seconds ({@code 30}, {@code 1.5}).
 *       Numbers may have a fraction ({@code 1.5h}) as long as the result is a whole number of
 *       nanoseconds; parts may be separated by blanks ({@code 1h 30m}).</li>
 *   <li><b>pandas Timedelta style</b> (HoltWinters {@code frequency}/{@code seasonality}): the units
 *       {@code min}, {@code H}, {@code D}, {@code W}, {@code S}, the spelled-out units {@code sec},
 *       {@code second(s)}, {@code minute(s)}, {@code hour(s)}, {@code hr}, {@code day(s)},
 *       {@code week(s)}, {@code millisecond(s)}, and the sub-millisecond units {@code us} and
 *       {@code ns}. Unit names are case-insensitive except the single letter {@code M}, which is
 *       rejected because pandas reads it as month and Prometheus as nothing (write {@code m} or
 *       {@code min} for minutes).</li>
 *   <li><b>ISO-8601</b> ({@code PT1H}, {@code P14D}, {@code PT12H}, {@code PT0.5S}, {@code P1DT2H},
 *       {@code -PT60S}) plus weeks ({@code P1W}, {@code P1W2D}); a day is 24 hours. Years and months
 *       are rejected because they have no fixed length.</li>
 * </ul>
 *
 * <p>{@link #format} gives the canonical Prometheus form ({@code 1h30m}), which {@link #parse} reads
 * back to the same value.
 *
 * <p>Stateless and thread-safe. Parsing is O(length of the text) and allocates only the result in
 * the common case (no fraction).
 */
public final class Durations {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private static final int NANOS_PER_SECOND_INT = 1_000_000_000;

    private static final String ACCEPTED = "accepted forms: Prometheus style (500ms, 30s, 5m, 2h, 1d, 1w, 1h30m,"
            + " -60s; a bare number is seconds), pandas style (10min, 1H, 1D, 1W) or ISO-8601 (PT1H, P14D, P1W, PT0.5S)";

    private Durations() {
    }

    /**
     * Parses a duration in any of the forms listed in the class documentation.
     *
     * @param text the duration text; surrounding blanks are ignored
     * @return the duration, negative when the text starts with {@code -}
     * @throws IllegalArgumentException quoting the text, saying what is wrong and which forms are accepted
     */
    public static Duration parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("duration is missing (null); " + ACCEPTED);
        }
        String s = text.strip();
        int n = s.length();
        if (n == 0) {
            throw bad(text, "it is empty");
        }
        int i = 0;
        boolean negative = false;
        char c0 = s.charAt(0);
        if (c0 == '-' || c0 == '+') {
            negative = c0 == '-';
            i = 1;
        }
        if (i < n && (s.charAt(i) == 'P' || s.charAt(i) == 'p')) {
            return parseIso(text, s, i, negative);
        }
        if (i == n) {
            throw bad(text, "a sign must be followed by a number");
        }
        Duration total = Duration.ZERO;
        int parts = 0;
        try {
            while (i < n) {
                i = skipBlanks(s, i);
                int numStart = i;
                long whole = 0;
                boolean fraction = false;
                while (i < n && isDigit(s.charAt(i))) {
                    whole = Math.addExact(Math.multiplyExact(whole, 10L), s.charAt(i) - '0');
                    i++;
                }
                if (i < n && s.charAt(i) == '.') {
                    fraction = true;
                    i++;
                    while (i < n && isDigit(s.charAt(i))) {
                        i++;
                    }
                }
                int numEnd = i;
                if (numEnd == numStart || (fraction && numEnd == numStart + 1)) {
                    throw bad(text, i < n ? "expected a number at '" + s.substring(i) + "'" : "expected a number at the end");
                }
                i = skipBlanks(s, i);
                int unitStart = i;
                while (i < n && isUnitChar(s.charAt(i))) {
                    i++;
                }
                String unit = s.substring(unitStart, i);
                if (unit.isEmpty()) {
                    if (i == n && parts == 0) {
                        unit = "s"; // a bare number is seconds
                    } else {
                        throw bad(text, "the number '" + s.substring(numStart, numEnd) + "' has no unit");
                    }
                }
                long unitNanos = unitNanos(text, unit);
                Duration part = fraction
                        ? fractional(text, s.substring(numStart, numEnd), unitNanos)
                        : whole(whole, unitNanos);
                // Accumulate with the sign so that the most negative duration is reachable.
                total = negative ? total.minus(part) : total.plus(part);
                parts++;
            }
            return total;
        } catch (ArithmeticException e) {
            throw bad(text, "it is too large");
        }
    }

    /**
     * The shortest text for {@code d} in Prometheus' canonical notation, which {@link #parse} reads
     * back to the same value: units largest first ({@code w}, {@code d}, {@code h}, {@code m},
     * {@code s}, {@code ms}), zero parts left out, so 90 minutes is {@code 1h30m}, 1 hour is
     * {@code 1h} (not {@code 60m} or {@code 1h0m0s}), 1.5 seconds is {@code 1s500ms}. Zero is
     * {@code 0s}; a negative duration gets a leading {@code -}. Prometheus' {@code y} is not used
     * (vmanomaly's durations stop at weeks). Sub-millisecond remainders, which Prometheus cannot
     * express, are written with {@code us} and {@code ns}. O(1).
     *
     * @throws NullPointerException when {@code d} is null
     */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long secs = d.getSeconds();
        int nanos = d.getNano();
        StringBuilder sb = new StringBuilder(24);
        if (d.isNegative()) {
            sb.append('-');
            // |d| as (unsigned seconds, nanos); -Long.MIN_VALUE wraps to 2^63, right when read unsigned.
            secs = nanos > 0 ? -secs - 1 : -secs;
            nanos = nanos > 0 ? NANOS_PER_SECOND_INT - nanos : 0;
        }
        long weeks = Long.divideUnsigned(secs, 604_800L);
        long rest = Long.remainderUnsigned(secs, 604_800L);
        append(sb, weeks, "w");
        append(sb, rest / 86_400L, "d");
        rest %= 86_400L;
        append(sb, rest / 3_600L, "h");
        rest %= 3_600L;
        append(sb, rest / 60L, "m");
        append(sb, rest % 60L, "s");
        append(sb, nanos / 1_000_000, "ms");
        append(sb, nanos / 1_000 % 1_000, "us");
        append(sb, nanos % 1_000, "ns");
        return sb.toString();
    }

    private static void append(StringBuilder sb, long q, String unit) {
        if (q != 0) {
            sb.append(Long.toUnsignedString(q)).append(unit);
        }
    }

    private static Duration parseIso(String text, String s, int pStart, boolean negative) {
        // Java's parser knows D, H, M, S but not W; peel a leading "<n>W" off the date part.
        int tPos = indexOfIgnoreCase(s, 'T', pStart);
        int datePartEnd = tPos < 0 ? s.length() : tPos;
        for (int k = pStart + 1; k < datePartEnd; k++) {
            char ch = Character.toUpperCase(s.charAt(k));
            if (ch == 'Y' || ch == 'M') {
                throw bad(text, "ISO-8601 years and months have no fixed length; use days or weeks (P14D, P2W)");
            }
        }
        long weeks = 0;
        String rest = s.substring(pStart);
        int w = indexOfIgnoreCase(s, 'W', pStart);
        if (w >= 0) {
            if (w > datePartEnd || w == pStart + 1) {
                throw bad(text, "not a valid ISO-8601 duration");
            }
            for (int k = pStart + 1; k < w; k++) {
                if (!isDigit(s.charAt(k))) {
                    throw bad(text, "not a valid ISO-8601 duration");
                }
            }
            try {
                weeks = Long.parseLong(s, pStart + 1, w, 10);
            } catch (NumberFormatException e) {
                throw bad(text, "it is too large");
            }
            rest = w + 1 == s.length() ? null : "P" + s.substring(w + 1);
        }
        try {
            Duration d = rest == null ? Duration.ZERO : Duration.parse(rest);
            d = d.plus(Duration.ofDays(Math.multiplyExact(weeks, 7L)));
            return negative ? d.negated() : d;
        } catch (DateTimeParseException e) {
            throw bad(text, "not a valid ISO-8601 duration");
        } catch (ArithmeticException e) {
            throw bad(text, "it is too large");
        }
    }

    private static int indexOfIgnoreCase(String s, char upper, int from) {
        for (int k = from; k < s.length(); k++) {
            if (Character.toUpperCase(s.charAt(k)) == upper) {
                return k;
            }
        }
        return -1;
    }

    private static Duration whole(long n, long unitNanos) {
        if (unitNanos % NANOS_PER_SECOND == 0) {
            return Duration.ofSeconds(Math.multiplyExact(n, unitNanos / NANOS_PER_SECOND));
        }
        // Sub-second units: split into seconds first so that huge counts of ms do not overflow.
        long perSecond = NANOS_PER_SECOND / unitNanos;
        return Duration.ofSeconds(n / perSecond, (n % perSecond) * unitNanos);
    }

    private static Duration fractional(String text, String number, long unitNanos) {
        BigDecimal nanos = new BigDecimal(number).multiply(BigDecimal.valueOf(unitNanos));
        BigInteger exact;
        try {
            exact = nanos.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw bad(text, "'" + number + "' is finer than one nanosecond");
        }
        BigInteger[] qr = exact.divideAndRemainder(BigInteger.valueOf(NANOS_PER_SECOND));
        return Duration.ofSeconds(qr[0].longValueExact(), qr[1].longValue());
    }

    private static long unitNanos(String text, String unit) {
        long u = exactUnit(unit);
        if (u > 0) {
            return u;
        }
        if (unit.equals("M")) {
            throw bad(text, "the unit 'M' is ambiguous (pandas reads months); write m or min for minutes");
        }
        u = exactUnit(unit.toLowerCase(Locale.ROOT));
        if (u > 0) {
            return u;
        }
        throw bad(text, "unknown unit '" + unit + "'");
    }

    private static long exactUnit(String unit) {
        switch (unit) {
            case "ns": case "nanos": case "nanosecond": case "nanoseconds":
                return 1L;
            case "us": case "\u00b5s": case "\u03bcs": case "micros": case "microsecond": case "microseconds":
                return 1_000L;
            case "ms": case "millis": case "millisecond": case "milliseconds":
                return 1_000_000L;
            case "s": case "sec": case "secs": case "second": case "seconds":
                return NANOS_PER_SECOND;
            case "m": case "min": case "mins": case "minute": case "minutes":
                return 60L * NANOS_PER_SECOND;
            case "h": case "hr": case "hrs": case "hour": case "hours":
                return 3_600L * NANOS_PER_SECOND;
            case "d": case "day": case "days":
                return 86_400L * NANOS_PER_SECOND;
            case "w": case "week": case "weeks":
                return 604_800L * NANOS_PER_SECOND;
            case "y":
                return 365L * 86_400L * NANOS_PER_SECOND;
            default:
                return -1L;
        }
    }

    private static int skipBlanks(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUnitChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\u00b5' || c == '\u03bc';
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("invalid duration \"" + text + "\": " + why + "; " + ACCEPTED);
    }
}
