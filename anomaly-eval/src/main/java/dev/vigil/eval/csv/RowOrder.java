package dev.vigil.eval.csv;

import java.util.Objects;

/**
 * The one rule for CSV rows whose timestamp is not after every earlier row's, shared by every CSV
 * reader of the project ({@link SeriesCsvReader} for {@code vigil score} and the NAB corpus, and the
 * runner's file datasource). Real files sometimes repeat an hour (a daylight-saving change, or a
 * logger's glitch as in the bundled NAB example) or a row:
 * <ul>
 *   <li>such a row stays where it is, in file order, and loses no value: its series timestamp becomes
 *       the previous row's plus 1 ms (its text is kept as written), so the series stays strictly
 *       increasing;</li>
 *   <li>the rows are counted against the latest earlier timestamp: after one step back in time every
 *       row until the clock catches up counts, not just the first;</li>
 *   <li>a few such rows give a {@link Summary#warning() warning}; more than
 *       {@value #MAX_OUT_OF_ORDER_PERCENT} % of the rows mean the file is not sorted by time, an error
 *       ({@link Summary#requireSorted()}).</li>
 * </ul>
 * Not thread-safe: one instance per file being read. O(1) per row.
 */
public final class RowOrder {

    /** Above this share of rows out of time order, a file is taken as unsorted. */
    public static final int MAX_OUT_OF_ORDER_PERCENT = 1;

    private final String file;
    private long previous;
    private String previousText;
    private int rows;
    private int count;
    private int firstLine;
    private String firstText;
    private String firstAfter;

    /** A rule for the rows of {@code file} (which names it in messages). */
    public RowOrder(String file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * The series timestamp of the next row in file order: {@code t}, or the previous row's series
     * timestamp plus 1 ms when {@code t} is not after it.
     *
     * @param t    the row's timestamp, epoch ms
     * @param text the timestamp as written, for messages
     * @param line the row's 1-based line, for messages
     */
    public long next(long t, String text, int line) {
        long out = t;
        if (rows > 0 && t <= previous) {
            if (count++ == 0) {
                firstLine = line;
                firstText = text;
                firstAfter = previousText;
            }
            out = previous + 1;
        }
        previous = out;
        previousText = text;
        rows++;
        return out;
    }

    /** What was seen so far. */
    public Summary summary() {
        return new Summary(file, rows, count, firstLine, firstText, firstAfter);
    }

    /**
     * The rows of one file out of time order. Immutable and thread-safe.
     *
     * @param file         the file, as named in messages
     * @param rows         the number of rows read
     * @param count        how many of them had a timestamp not after every earlier row's
     * @param firstLine    the line of the first such row, 0 when none
     * @param firstText    its timestamp as written, {@code null} when none
     * @param previousText the timestamp of the row before it as written, {@code null} when none
     */
    public record Summary(String file, int rows, int count, int firstLine, String firstText, String previousText) {

        /** The warning to show when some rows were out of order; {@code null} when none was. */
        public String warning() {
            return count == 0 ? null : file + ": " + what() + "; they are kept in file order, each 1 ms after the row before";
        }

        /**
         * Checks that the file is sorted by time but for a few rows.
         *
         * @throws CsvInputException when more than {@value #MAX_OUT_OF_ORDER_PERCENT} % of the rows are out of order
         */
        public void requireSorted() {
            if (count * 100.0 > MAX_OUT_OF_ORDER_PERCENT * (double) rows) {
                throw new CsvInputException(file + ": " + what() + "; the file does not look sorted by time (sort it first)",
                        firstLine);
            }
        }

        private String what() {
            return count + " of " + rows + " rows (the first on line " + firstLine + ": \"" + firstText + "\" after \""
                    + previousText + "\") have a timestamp that is not after every earlier row's";
        }
    }
}
