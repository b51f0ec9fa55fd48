package dev.vigil.runner.cli;

import dev.vigil.core.series.Series;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * The leading window a model is fitted on, as given to {@code --fit-window}: a row count
 * ({@code 5000}), a percentage of the rows ({@code 20%}) or a duration from the first timestamp
 * ({@code 7d}, {@code 12h}, {@code 1h30m}, units {@code ms s m h d w}, or ISO-8601 {@code P7D}).
 *
 * @param kind   which of the three
 * @param amount rows, percent, or milliseconds
 * @param text   the text as given, for messages
 */
record FitWindow(Kind kind, double amount, String text) {

    /** The three forms. */
    enum Kind { ROWS, PERCENT, DURATION }

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d|w)");

    /**
     * Parses the option value.
     *
     * @throws IllegalArgumentException with a user-facing message
     */
    static FitWindow parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
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
        double ms = durationMillis(s, text);
        if (!(ms > 0)) {
            throw new IllegalArgumentException("a duration must be positive, got \"" + text + "\"");
        }
        return new FitWindow(Kind.DURATION, ms, text);
    }

    private static double durationMillis(String s, String text) {
        if (s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT)).toMillis();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new IllegalArgumentException("bad ISO-8601 duration \"" + text + "\"", e);
            }
        }
        Matcher m = PART.matcher(s);
        double total = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double v = Double.parseDouble(m.group(1));
            switch (m.group(2)) {
                case "ms": total += v; break;
                case "s": total += v * 1e3; break;
                case "m": total += v * 60e3; break;
                case "h": total += v * 3600e3; break;
                case "d": total += v * 86400e3; break;
                default: total += v * 7 * 86400e3; break;
            }
            end = m.end();
        }
        if (end == 0 || end != s.length()) {
            throw new IllegalArgumentException("expected a row count (5000), a percentage (20%) or a duration"
                    + " (7d, 12h, 1h30m, P7D), got \"" + text + "\"");
        }
        return total;
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
