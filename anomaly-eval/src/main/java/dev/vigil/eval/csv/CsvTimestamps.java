package dev.vigil.eval.csv;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Parses the timestamp cells of a CSV file into epoch milliseconds. Accepted forms:
 * <ul>
 *   <li>NAB's {@code YYYY-MM-DD HH:MM:SS} and ISO-8601 {@code YYYY-MM-DDTHH:MM[:SS[.fraction]]},
 *       optionally followed by {@code Z}, {@code +HH:MM}, {@code +HHMM} or {@code +HH}; a date alone
 *       means midnight. Without a zone the time is read as UTC.</li>
 *   <li>Unix epoch seconds, integer or decimal ({@code 1388534400}, {@code 1388534400.25}).</li>
 * </ul>
 * Fractions finer than a millisecond are truncated. A hand-written parser rather than
 * {@code DateTimeFormatter} because it runs once per row of inputs with millions of rows.
 *
 * <p>Stateless and thread-safe; O(length of the text).
 */
public final class CsvTimestamps {

    /** What the accepted forms are, for error messages. */
    public static final String EXPECTED = "expected YYYY-MM-DD HH:MM:SS, ISO-8601 or epoch seconds";

    /** Epoch seconds beyond this (year ~2286 or earlier than ~1653) are rejected as a likely mistake. */
    private static final double MAX_EPOCH_SECONDS = 1e10;

    private CsvTimestamps() {
    }

    /**
     * The epoch milliseconds of {@code text}.
     *
     * @throws IllegalArgumentException when the text is none of the accepted forms; the message
     *                                  says why but does not quote the text (the caller does, with
     *                                  the file and line)
     */
    public static long parseMillis(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty timestamp");
        }
        if (s.length() >= 10 && s.charAt(4) == '-' && isDigit(s.charAt(0))) {
            return parseDateTime(s);
        }
        return parseEpochSeconds(s);
    }

    /** Whether {@code text} parses as a timestamp. */
    public static boolean isTimestamp(String text) {
        try {
            parseMillis(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static long parseEpochSeconds(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isDigit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                throw new IllegalArgumentException("not a timestamp (" + EXPECTED + ")");
            }
        }
        double sec;
        try {
            sec = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a timestamp (" + EXPECTED + ")", e);
        }
        if (!(Math.abs(sec) < MAX_EPOCH_SECONDS)) {
            throw new IllegalArgumentException("epoch seconds out of range (|t| must be < 1e10)");
        }
        return Math.round(sec * 1000.0);
    }

    private static long parseDateTime(String s) {
        int[] pos = {0};
        int year = digits(s, pos, 4, "year");
        expect(s, pos, '-');
        int month = digits(s, pos, 2, "month");
        expect(s, pos, '-');
        int day = digits(s, pos, 2, "day");
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("invalid date: " + e.getMessage(), e);
        }
        long millisOfDay = 0;
        int i = pos[0];
        if (i < s.length() && (s.charAt(i) == 'T' || s.charAt(i) == 't' || s.charAt(i) == ' ')) {
            pos[0]++;
            int hour = digits(s, pos, 2, "hour");
            expect(s, pos, ':');
            int minute = digits(s, pos, 2, "minute");
            int second = 0;
            int millis = 0;
            if (pos[0] < s.length() && s.charAt(pos[0]) == ':') {
                pos[0]++;
                second = digits(s, pos, 2, "second");
                if (pos[0] < s.length() && (s.charAt(pos[0]) == '.' || s.charAt(pos[0]) == ',')) {
                    pos[0]++;
                    int start = pos[0];
                    int scale = 100;
                    while (pos[0] < s.length() && isDigit(s.charAt(pos[0]))) {
                        millis += scale * (s.charAt(pos[0]) - '0');
                        scale /= 10;
                        pos[0]++;
                    }
                    if (pos[0] == start || pos[0] - start > 9) {
                        throw new IllegalArgumentException("the fraction of a second must have 1 to 9 digits");
                    }
                }
            }
            if (hour > 23 || minute > 59 || second > 59) {
                throw new IllegalArgumentException("invalid time of day " + hour + ":" + minute + ":" + second);
            }
            millisOfDay = ((hour * 60L + minute) * 60L + second) * 1000L + millis;
        }
        long offsetMillis = parseZone(s, pos);
        if (pos[0] != s.length()) {
            throw new IllegalArgumentException("unexpected text \"" + s.substring(pos[0]) + "\" after the date-time");
        }
        return epochDay * 86_400_000L + millisOfDay - offsetMillis;
    }

    private static long parseZone(String s, int[] pos) {
        int i = pos[0];
        if (i >= s.length()) {
            return 0;
        }
        char c = s.charAt(i);
        if (c == 'Z' || c == 'z') {
            pos[0]++;
            return 0;
        }
        if (c != '+' && c != '-') {
            return 0; // the caller reports the trailing text
        }
        pos[0]++;
        int hours = digits(s, pos, 2, "zone offset hours");
        int minutes = 0;
        if (pos[0] < s.length()) {
            if (s.charAt(pos[0]) == ':') {
                pos[0]++;
            }
            minutes = digits(s, pos, 2, "zone offset minutes");
        }
        if (hours > 18 || minutes > 59) {
            throw new IllegalArgumentException("invalid zone offset");
        }
        long off = (hours * 60L + minutes) * 60_000L;
        return c == '-' ? -off : off;
    }

    private static int digits(String s, int[] pos, int count, String what) {
        int v = 0;
        for (int k = 0; k < count; k++) {
            int i = pos[0] + k;
            if (i >= s.length() || !isDigit(s.charAt(i))) {
                throw new IllegalArgumentException("expected " + count + " digits of the " + what);
            }
            v = v * 10 + (s.charAt(i) - '0');
        }
        pos[0] += count;
        return v;
    }

    private static void expect(String s, int[] pos, char c) {
        if (pos[0] >= s.length() || s.charAt(pos[0]) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at character " + (pos[0] + 1));
        }
        pos[0]++;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
