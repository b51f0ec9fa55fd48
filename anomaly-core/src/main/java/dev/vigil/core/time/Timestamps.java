package dev.vigil.core.time;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * The one timestamp parser: the timestamps of vmanomaly configs, of the VictoriaMetrics API and of
 * data files (the runner's file datasource, the CSV files of {@code vigil score} and the NAB corpus).
 *
 * <p>Accepted by {@link #parse(String, ZoneId)}:
 * <ul>
 *   <li>ISO-8601 date-time {@code YYYY-MM-DDTHH:MM[:SS[.fraction]]} with zone {@code Z},
 *       {@code +HH:MM}, {@code +HHMM}, {@code +HH} (or {@code -}), or without zone ("naive": read in
 *       the given zone, UTC by default). The fraction has 1 to 9 digits ({@code ,} also accepted);
 *       {@code T} and {@code Z} may be lower case.</li>
 *   <li>The NAB form {@code YYYY-MM-DD HH:MM:SS[.fraction]}: a blank instead of {@code T}, usually
 *       without zone.</li>
 *   <li>A date {@code YYYY-MM-DD}: its start of day in the given zone.</li>
 *   <li>A number, optionally signed, with an optional fraction and exponent ({@code 1704067200},
 *       {@code 1704067200.25}, {@code 1.7e9}): epoch seconds when its magnitude is below
 *       10<sup>11</sup> (the year 5138), epoch milliseconds from there up ({@code 1704067200000}, as
 *       VictoriaMetrics and Prometheus exports write them). Rounded to the nearest nanosecond; it must
 *       fit a {@code long} of epoch milliseconds. So a bare {@code 20240101} is epoch seconds, not a
 *       basic-format date.</li>
 * </ul>
 * In a region zone a naive local time in a daylight-saving gap moves forward by the gap and an
 * ambiguous one takes the earlier offset (the rules of {@link LocalDateTime#atZone}).
 *
 * <p>{@link #parseMillis(String)} gives epoch milliseconds, as series hold them; a finer fraction is
 * dropped (rounded towards the past). Every form it accepts is read back from the text Java writes for
 * an {@link Instant} or an {@link java.time.OffsetDateTime}, and from the NAB form.
 *
 * <p>Stateless and thread-safe. O(length of the text); the common forms allocate only the result.
 */
public final class Timestamps {

    private static final String ACCEPTED = "accepted forms: ISO-8601 (2024-01-01T00:00:00Z, offset Z, +HH:MM,"
            + " +HHMM, +HH or none = naive), 2024-01-01 00:00:00[.fff], a date 2024-01-01, epoch seconds"
            + " (1704067200 or 1704067200.5) or epoch milliseconds (1704067200000, from 1e11 up)";

    /** Numbers of this magnitude and above are epoch milliseconds, smaller ones epoch seconds. */
    private static final long MILLIS_FROM = 100_000_000_000L;

    private static final BigDecimal MILLIS_FROM_DECIMAL = BigDecimal.valueOf(MILLIS_FROM);

    /** The largest magnitude of epoch seconds whose milliseconds fit a {@code long}. */
    private static final BigDecimal MAX_SECONDS = BigDecimal.valueOf(Long.MAX_VALUE / 1000);

    private Timestamps() {
    }

    /**
     * Parses a timestamp; a naive one (no zone) is UTC.
     *
     * @throws IllegalArgumentException quoting the text, saying what is wrong and which forms are accepted
     */
    public static Instant parse(String text) {
        return parse(text, ZoneOffset.UTC);
    }

    /**
     * Parses a timestamp; a naive one (no zone) and a date are read in {@code naiveZone}. An explicit
     * offset in the text always wins over {@code naiveZone}.
     *
     * @throws IllegalArgumentException quoting the text, saying what is wrong and which forms are accepted
     */
    public static Instant parse(String text, ZoneId naiveZone) {
        Objects.requireNonNull(naiveZone, "naiveZone");
        if (text == null) {
            throw new IllegalArgumentException("timestamp is missing (null); " + ACCEPTED);
        }
        String s = text.strip();
        if (s.isEmpty()) {
            throw bad(text, "it is empty");
        }
        if (looksNumeric(s)) {
            return epochNumber(text, s);
        }
        return isoLike(text, s, naiveZone);
    }

    /**
     * Parses a timestamp into epoch milliseconds; a naive one (no zone) is UTC. A fraction finer than
     * a millisecond is dropped (rounded towards the past).
     *
     * @throws IllegalArgumentException quoting the text, saying what is wrong and which forms are accepted
     */
    public static long parseMillis(String text) {
        return parse(text, ZoneOffset.UTC).toEpochMilli();
    }

    /**
     * Parses a timestamp into epoch milliseconds; a naive one (no zone) and a date are read in
     * {@code naiveZone}. A fraction finer than a millisecond is dropped (rounded towards the past).
     *
     * @throws IllegalArgumentException quoting the text, saying what is wrong and which forms are accepted
     */
    public static long parseMillis(String text, ZoneId naiveZone) {
        return parse(text, naiveZone).toEpochMilli();
    }

    /** Digits with at most one '.', an optional sign and an optional exponent; no '-' or ':' inside. */
    private static boolean looksNumeric(String s) {
        int i = 0;
        int n = s.length();
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            i = 1;
        }
        boolean digit = false;
        boolean dot = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                digit = true;
            } else if (c == '.' && !dot) {
                dot = true;
            } else if ((c == 'e' || c == 'E') && digit) {
                return true; // BigDecimal will judge the exponent
            } else {
                return false;
            }
        }
        return digit;
    }

    private static Instant epochNumber(String text, String s) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        // Fast path: up to 18 integer digits and up to 9 fraction digits, no exponent.
        long whole = 0;
        int intDigits = 0;
        while (i < n && isDigit(s.charAt(i)) && intDigits < 18) {
            whole = whole * 10 + (s.charAt(i) - '0');
            i++;
            intDigits++;
        }
        long nanos = 0;
        boolean fraction = false;
        if (i < n && s.charAt(i) == '.') {
            fraction = true;
            i++;
            int fracDigits = 0;
            while (i < n && isDigit(s.charAt(i)) && fracDigits < 9) {
                nanos = nanos * 10 + (s.charAt(i) - '0');
                i++;
                fracDigits++;
            }
            for (int k = fracDigits; k < 9; k++) {
                nanos *= 10;
            }
        }
        boolean fast = i == n && (whole < MILLIS_FROM || !fraction);
        try {
            if (fast && whole < MILLIS_FROM) {
                return negative ? Instant.ofEpochSecond(-whole, -nanos) : Instant.ofEpochSecond(whole, nanos);
            }
            if (fast) {
                return Instant.ofEpochMilli(negative ? -whole : whole);
            }
            BigDecimal seconds = new BigDecimal(s);
            if (seconds.abs().compareTo(MILLIS_FROM_DECIMAL) >= 0) {
                seconds = seconds.movePointLeft(3);
            }
            if (seconds.abs().compareTo(MAX_SECONDS) > 0) {
                throw new ArithmeticException("beyond a long of epoch milliseconds");
            }
            BigInteger total = seconds.movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).toBigInteger();
            BigInteger[] qr = total.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
            return Instant.ofEpochSecond(qr[0].longValueExact(), qr[1].longValue());
        } catch (NumberFormatException e) {
            throw bad(text, "not a valid number of epoch seconds");
        } catch (ArithmeticException | DateTimeException e) {
            throw bad(text, "epoch seconds out of range");
        }
    }

    private static Instant isoLike(String text, String s, ZoneId naiveZone) {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            throw bad(text, "not a date, date-time or number");
        }
        int year = digits(text, s, 0, 4, "year");
        int month = digits(text, s, 5, 2, "month");
        int day = digits(text, s, 8, 2, "day");
        LocalDate date;
        try {
            date = LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
            throw bad(text, e.getMessage());
        }
        if (n == 10) {
            return date.atStartOfDay(naiveZone).toInstant();
        }
        char sep = s.charAt(10);
        if (sep != 'T' && sep != 't' && sep != ' ') {
            throw bad(text, "expected 'T' or a blank after the date");
        }
        if (n < 16 || s.charAt(13) != ':') {
            throw bad(text, "expected HH:MM after the date");
        }
        int hour = digits(text, s, 11, 2, "hour");
        int minute = digits(text, s, 14, 2, "minute");
        int second = 0;
        int nano = 0;
        int i = 16;
        if (i < n && s.charAt(i) == ':') {
            second = digits(text, s, i + 1, 2, "second");
            i += 3;
            if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                i++;
                int start = i;
                while (i < n && isDigit(s.charAt(i))) {
                    nano = nano * 10 + (s.charAt(i) - '0');
                    if (i - start >= 9) {
                        throw bad(text, "the fraction of a second has more than 9 digits");
                    }
                    i++;
                }
                if (i == start) {
                    throw bad(text, "expected digits after the decimal point");
                }
                for (int k = i - start; k < 9; k++) {
                    nano *= 10;
                }
            }
        }
        if (hour > 23 || minute > 59 || second > 59) {
            throw bad(text, "time of day " + s.substring(11, Math.min(i, 19)) + " is out of range");
        }
        long secondOfDay = hour * 3600L + minute * 60L + second;
        if (i == n) {
            if (naiveZone instanceof ZoneOffset) {
                long epoch = date.toEpochDay() * 86_400L + secondOfDay - ((ZoneOffset) naiveZone).getTotalSeconds();
                return Instant.ofEpochSecond(epoch, nano);
            }
            return LocalDateTime.of(date, LocalTime.ofNanoOfDay(secondOfDay * 1_000_000_000L + nano))
                    .atZone(naiveZone).toInstant();
        }
        int offsetSeconds = offset(text, s, i);
        long epoch = date.toEpochDay() * 86_400L + secondOfDay - offsetSeconds;
        return Instant.ofEpochSecond(epoch, nano);
    }

    /** Parses Z, +HH:MM, +HHMM or +HH starting at {@code i}, to the end of the text. */
    private static int offset(String text, String s, int i) {
        int n = s.length();
        char c = s.charAt(i);
        if ((c == 'Z' || c == 'z') && i + 1 == n) {
            return 0;
        }
        if (c != '+' && c != '-') {
            throw bad(text, "unexpected '" + s.substring(i) + "' after the time; a zone is Z, +HH:MM, +HHMM or +HH");
        }
        int sign = c == '-' ? -1 : 1;
        int rest = n - i - 1;
        int hours;
        int minutes = 0;
        if (rest == 2) {
            hours = digits(text, s, i + 1, 2, "offset hours");
        } else if (rest == 4) {
            hours = digits(text, s, i + 1, 2, "offset hours");
            minutes = digits(text, s, i + 3, 2, "offset minutes");
        } else if (rest == 5 && s.charAt(i + 3) == ':') {
            hours = digits(text, s, i + 1, 2, "offset hours");
            minutes = digits(text, s, i + 4, 2, "offset minutes");
        } else {
            throw bad(text, "zone offset '" + s.substring(i) + "' is not +HH:MM, +HHMM or +HH");
        }
        if (hours > 18 || minutes > 59 || (hours == 18 && minutes > 0)) {
            throw bad(text, "zone offset '" + s.substring(i) + "' is out of range (at most 18 hours)");
        }
        return sign * (hours * 3600 + minutes * 60);
    }

    private static int digits(String text, String s, int from, int count, String what) {
        if (from + count > s.length()) {
            throw bad(text, "the " + what + " is incomplete");
        }
        int v = 0;
        for (int k = from; k < from + count; k++) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                throw bad(text, "the " + what + " must be " + count + " digits, found '" + s.substring(from, from + count) + "'");
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("invalid timestamp \"" + text + "\": " + why + "; " + ACCEPTED);
    }
}
