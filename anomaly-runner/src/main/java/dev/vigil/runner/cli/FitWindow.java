package dev.vigil.runner.cli;

import dev.vigil.core.series.Series;
import dev.vigil.core.time.Durations;
import picocli.CommandLine;

/**
 * The leading window a model is fitted on, as given to {@code --fit-window}: a row count
 * ({@code 5000}), a percentage of the rows ({@code 20%}) or a duration from the first timestamp in any
 * form {@link Durations#parse} accepts ({@code 7d}, {@code 12h}, {@code 1h30m}, ISO-8601 {@code P7D}).
 * Immutable and thread-safe.
 *
 * @param kind   which of the three
 * @param amount rows, percent, or milliseconds
 * @param text   the text as given, for messages
 */
record FitWindow(Kind kind, double amount, String text) {

    /** The three forms. */
    enum Kind { ROWS, PERCENT, DURATION }

    /**
     * Parses the option value.
     *
     * @throws IllegalArgumentException with a user-facing message
     */
    static FitWindow parse(String text) {
        String s = text.trim();
        if (s.matches("\\d+")) {
            long rows = Long.parseLong(s);
            if (rows < 1 || rows > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a row count must be at least 1, got \"" + text + "\"");
            }
            return new FitWindow(Kind.ROWS, rows, text);
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
            return new FitWindow(Kind.PERCENT, pct, text);
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
        return new FitWindow(Kind.DURATION, ms, text);
    }

    /**
     * The number of leading rows of {@code series} this window covers, at least 1.
     *
     * @param source names the input in messages
     * @throws UserException when a row count exceeds the rows available
     */
    int rows(Series series, String source) {
        int n = series.size();
        switch (kind) {
            case ROWS:
                if (amount > n) {
                    throw new UserException("--fit-window " + text + " asks for " + (long) amount + " rows but " + source
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

    /** Picocli converter, so that a bad value is a usage error naming the option. */
    static final class Converter implements CommandLine.ITypeConverter<FitWindow> {
        @Override
        public FitWindow convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
