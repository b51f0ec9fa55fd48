package dev.vigil.eval.csv;

import dev.vigil.core.series.Series;
import java.util.Objects;

/**
 * A series read from a CSV file, with the timestamp of every row as it was written in the file (so
 * that output rows can repeat it verbatim) and the file line each row came from.
 *
 * <p>Immutable and thread-safe: the arrays are owned by this object and never handed out.
 */
public final class CsvSeries {

    private final Series series;
    private final String[] timestampTexts;
    private final int[] lines;
    private final boolean header;
    private final RowOrder.Summary rowOrder;

    CsvSeries(Series series, String[] timestampTexts, int[] lines, boolean header, RowOrder.Summary rowOrder) {
        this.series = Objects.requireNonNull(series, "series");
        this.timestampTexts = timestampTexts;
        this.lines = lines;
        this.header = header;
        this.rowOrder = Objects.requireNonNull(rowOrder, "rowOrder");
    }

    /**
     * The rows whose timestamp was not after every earlier row's, read in file order by the
     * {@link RowOrder} rule (their series timestamp is the previous one plus 1 ms).
     */
    public RowOrder.Summary rowOrder() {
        return rowOrder;
    }

    /** The values, with epoch-millisecond timestamps; empty cells are {@code NaN}. */
    public Series series() {
        return series;
    }

    /** The number of rows. */
    public int size() {
        return series.size();
    }

    /** The timestamp of row {@code i} exactly as written in the file (trimmed). */
    public String timestampText(int i) {
        return timestampTexts[i];
    }

    /** The 1-based file line of row {@code i}. */
    public int line(int i) {
        return lines[i];
    }

    /** Whether the file started with a header line. */
    boolean hasHeader() {
        return header;
    }
}
