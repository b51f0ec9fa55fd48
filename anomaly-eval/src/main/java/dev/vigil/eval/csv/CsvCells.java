package dev.vigil.eval.csv;

import dev.vigil.core.time.Timestamps;
import java.util.Locale;

/**
 * The one reading of CSV cells, shared by every CSV reader of the project ({@link SeriesCsvReader}
 * for {@code vigil score} and the NAB corpus, and the runner's file datasource):
 * <ul>
 *   <li>a value cell is a decimal number ({@code 1.5}, {@code -2e-3}), {@code inf}, {@code +inf},
 *       {@code -inf} or {@code infinity} (any case), or missing: an empty cell, {@code nan} or
 *       {@code null} (any case) is {@code NaN}. Anything else, including Java-only forms such as
 *       {@code 1.5d} or {@code 0x10}, is a {@link CsvInputException} naming the file, the line and the
 *       text: bad input is never read as a missing value;</li>
 *   <li>a timestamp cell is anything {@link Timestamps#parseMillis(String)} accepts (naive times are
 *       UTC); anything else is a {@link CsvInputException} naming the file, the line and the text.</li>
 * </ul>
 * Stateless and thread-safe; O(length of the cell).
 */
public final class CsvCells {

    private CsvCells() {
    }

    /**
     * The number in a value cell; {@code NaN} for a missing value.
     *
     * @param file names the file in the message
     * @param line the 1-based line, for the message
     * @throws CsvInputException when the cell is neither a number nor missing
     */
    public static double value(String cell, String file, int line) {
        return value(cell, file, line, null);
    }

    /**
     * As {@link #value(String, String, int)}, naming the column in the message when it is not
     * {@code null} (for files with several value columns).
     */
    public static double value(String cell, String file, int line, String column) {
        double v = number(cell);
        if (Double.isNaN(v) && !isMissing(cell)) {
            throw new CsvInputException(file + ":" + line + ": bad value \"" + cell.trim() + "\""
                    + (column == null ? "" : " in column '" + column + "'")
                    + " (expected a number, or an empty cell for a missing value)", line);
        }
        return v;
    }

    /**
     * The epoch milliseconds of a timestamp cell.
     *
     * @throws CsvInputException quoting the text, with the reason and the accepted forms
     */
    public static long timestamp(String cell, String file, int line) {
        try {
            return Timestamps.parseMillis(cell.trim());
        } catch (IllegalArgumentException e) {
            throw new CsvInputException(file + ":" + line + ": " + e.getMessage(), line);
        }
    }

    /** Whether {@code cell} is a timestamp (for telling a header line from data). */
    static boolean isTimestamp(String cell) {
        try {
            Timestamps.parseMillis(cell.trim());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code cell} holds a number, infinities included (for telling a header line from data). */
    static boolean isNumber(String cell) {
        return !Double.isNaN(number(cell));
    }

    /** An empty cell, {@code nan} or {@code null} (any case): a missing value. */
    private static boolean isMissing(String cell) {
        String s = cell.trim();
        return s.isEmpty() || s.equalsIgnoreCase("nan") || s.equalsIgnoreCase("null");
    }

    /** The number in a cell; {@code NaN} for a missing value and for anything that is not a number. */
    private static double number(String cell) {
        String s = cell.trim();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        switch (s.toLowerCase(Locale.ROOT)) {
            case "inf": case "+inf": case "infinity": case "+infinity": return Double.POSITIVE_INFINITY;
            case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        char c0 = s.charAt(0);
        if (!(c0 >= '0' && c0 <= '9' || c0 == '-' || c0 == '+' || c0 == '.')) {
            return Double.NaN; // Double.parseDouble would accept "NaN"-like words and hex; we do not
        }
        char last = s.charAt(s.length() - 1);
        if (!(last >= '0' && last <= '9' || last == '.')) {
            return Double.NaN; // rejects Java's "1.5d" / "2f" suffixes
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
