package dev.vigil.eval.score;

import dev.vigil.core.series.Series;
import dev.vigil.core.time.Durations;
import dev.vigil.eval.InputException;

/**
 * The leading window a model is fitted on: a row count ({@code 5000}), a percentage of the rows
 * ({@code 20%}) or a duration from the first timestamp in any form {@link Durations#parse} accepts
 * ({@code 7d}, {@code 12h}, {@code 1h30m}, ISO-8601 {@code P7D}). Immutable and thread-safe.
 *
 * @param kind   which of the three
 * @param amount rows, percent, or milliseconds
 * @param text   the text as given, for messages
 * @param name   what messages call the window, e.g. the command-line option it was given to
 */
public record FitWindow(Kind kind, double amount, String text, String name) {

    /** The three forms. */
    public enum Kind {
        /** A number of leading rows. */
        ROWS,
        /** A share of the rows, in percent. */
        PERCENT,
        /** A time span from the first timestamp, in milliseconds. */
        DURATION
    }

    /**
     * Parses a window.
     *
     * @param name what messages call the window (e.g. {@code --fit-window})
     * @param text the window as written
     * @throws IllegalArgumentException with a user-facing message quoting the text
     */
    public static FitWindow parse(String name, String text) {
        String s = text.trim();
        if (s.matches("\\d+")) {
            long rows = Long.parseLong(s);
            if (rows < 1 || rows > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a row count must be at least 1, got \"" + text + "\"");
            }
            return new FitWindow(Kind.ROWS, rows, text, name);
        }
        if (s.endsWith("%")) {
            double pct;
            try {
                pct = Double.parseDouble(s.substring(0, s.length() - 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected a percentage like 20%, got \"" + text + "\"", e);
            }
            if (!(pct > 0 && pct <= 100)) {
                throw new IllegalArgumentException("a percentage must be in (0, 100], got \"" + text + "\"");
            }
            return new FitWindow(Kind.PERCENT, pct, text, name);
        }
        if (s.chars().noneMatch(Character::isLetter)) {
            throw new IllegalArgumentException("expected a row count (5000), a percentage (20%) or a duration"
                    + " (7d, 12h, 1h30m, P7D), got \"" + text + "\"");
        }
        long ms;
        try {
            ms = Durations.parse(s).toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the duration \"" + text + "\" is too large", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a row count (5000), a percentage (20%) or a duration: "
                    + e.getMessage(), e);
        }
        if (ms <= 0) {
            throw new IllegalArgumentException("a duration must be at least 1ms, got \"" + text + "\"");
        }
        return new FitWindow(Kind.DURATION, ms, text, name);
    }

    /**
     * The number of leading rows of {@code series} this window covers, at least 1.
     *
     * @param source names the input in messages
     * @throws InputException when a row count exceeds the rows available
     */
    public int rows(Series series, String source) {
        int n = series.size();
        switch (kind) {
            case ROWS:
                if (amount > n) {
                    throw new InputException(name + " " + text + " asks for " + (long) amount + " rows but " + source
                            + " has only " + n);
                }
                return (int) amount;
            case PERCENT:
                return Math.max(1, Math.min(n, (int) Math.ceil(n * amount / 100.0 - 1e-9)));
            default:
                long end = series.firstTimestamp() + (long) Math.min(amount, (double) Long.MAX_VALUE / 4);
                return Math.max(1, series.indexAtOrAfter(end));
        }
    }
}
