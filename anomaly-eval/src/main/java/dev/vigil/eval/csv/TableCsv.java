package dev.vigil.eval.csv;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A CSV file of several value columns: a header naming a {@code timestamp} column and the value
 * columns, then one row per timestamp, read for multivariate models (each value column is a channel)
 * and to tell a univariate command which column to use. Cells are read by {@link CsvCells} (an empty
 * cell is {@code NaN}); rows must be in increasing timestamp order.
 *
 * <p>Immutable once read; the arrays are owned by this object. O(rows · columns).
 *
 * @param columns        the value columns' names, in file order
 * @param timestamps     epoch milliseconds, one per row
 * @param values         row-major: column {@code c} of row {@code i} is {@code values[i · width() + c]}
 *                       (one array rather than one per row: no object per row)
 * @param timestampTexts each row's timestamp as written, or {@code null} where that was epoch seconds in
 *                       plain digits (no leading zero), which {@link #timestampText} writes again: no
 *                       {@code String} per row for the common form
 */
public record TableCsv(List<String> columns, long[] timestamps, double[] values, String[] timestampTexts) {

    /** Bytes read at a time (a line longer than that grows the buffer). */
    static final int CHUNK = 1 << 16;

    /** The number of value columns: the values per row. */
    public int width() {
        return columns.size();
    }

    /** Row {@code i}'s timestamp as written. */
    public String timestampText(int i) {
        String s = timestampTexts[i];
        return s != null ? s : Long.toString(timestamps[i] / 1000);
    }

    /** The rows as arrays, {@code rows()[i][c]} being column {@code c} at row {@code i}; a copy. */
    public double[][] rows() {
        int w = width();
        double[][] out = new double[timestamps.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(values, i * w, (i + 1) * w);
        }
        return out;
    }

    /** The value columns of {@code path}'s header: every column but {@code timestamp} (any case). */
    public static List<String> valueColumns(Path path) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                line = line.replace("\uFEFF", "");
                if (!line.isBlank()) {
                    List<String> cells = new ArrayList<>();
                    SeriesCsvReader.split(line, cells, path.toString(), 1);
                    if (cells.isEmpty() || CsvCells.isTimestamp(cells.get(0))) {
                        return List.of(); // no header
                    }
                    return cells.stream().map(String::trim)
                            .filter(c -> !c.toLowerCase(Locale.ROOT).equals("timestamp")).toList();
                }
            }
            return List.of();
        }
    }

    /**
     * Reads {@code path}: a header with a {@code timestamp} column and at least one value column.
     *
     * <p>Plain ASCII rows are split and parsed from the file's bytes ({@link AsciiNumbers}, exact:
     * the same doubles as {@link Double#parseDouble}), without a {@code String} per cell; a row with
     * quotes or other characters, and any cell that is not a plain decimal, takes the {@code String}
     * path of {@link CsvCells}, so the accepted forms and the messages are the same either way.
     *
     * @throws CsvInputException naming the file, line and text of a malformed row, a missing header or
     *                           a timestamp not after the previous one
     * @throws java.nio.charset.CharacterCodingException when the file is not UTF-8
     */
    public static TableCsv read(Path path) throws IOException {
        return read(path, CHUNK);
    }

    /** {@link #read(Path)} in chunks of {@code chunk} bytes (at least 1). */
    static TableCsv read(Path path, int chunk) throws IOException {
        Rows rows = new Rows(path.toString());
        try (InputStream in = Files.newInputStream(path)) {
            // The file is read in chunks, whole lines at a time, rather than into one array as large as
            // the file, which the collector would copy while the rows are parsed.
            byte[] b = new byte[chunk];
            int len = 0;
            int lineNo = 0;
            boolean eof = false;
            while (true) {
                if (!eof) {
                    int want = b.length - len;
                    int got = in.readNBytes(b, len, want);
                    eof = got < want;
                    len += got;
                }
                int pos = 0;
                while (pos < len) {
                    int end = pos;
                    while (end < len && b[end] != '\n' && b[end] != '\r') {
                        end++;
                    }
                    if (!eof && (end == len || end + 1 == len && b[end] == '\r')) {
                        break; // the rest of this line (or the \n of its \r\n) is in the next chunk
                    }
                    lineNo++;
                    if (lineNo == 1 || rows.columns == null || !rows.fastLine(b, pos, end, lineNo)) {
                        String line = UTF_8.newDecoder().decode(ByteBuffer.wrap(b, pos, end - pos)).toString();
                        rows.line(lineNo == 1 ? line.replace("\uFEFF", "") : line, lineNo);
                    }
                    // a line ends at \n, \r or \r\n, as BufferedReader.readLine reads it
                    pos = end < len && b[end] == '\r' && end + 1 < len && b[end + 1] == '\n' ? end + 2 : end + 1;
                }
                if (eof) {
                    break;
                }
                len -= pos;
                System.arraycopy(b, pos, b, 0, len);
                if (len == b.length) {
                    b = Arrays.copyOf(b, 2 * b.length); // a line longer than the buffer
                }
            }
        }
        if (rows.n == 0) {
            throw new CsvInputException(rows.file + ": no data rows", 0);
        }
        return new TableCsv(List.copyOf(rows.columns), Arrays.copyOf(rows.ts, rows.n),
                Arrays.copyOf(rows.values, rows.n * rows.valueCols.length), Arrays.copyOf(rows.texts, rows.n));
    }

    /** The rows read so far. Not thread-safe; one per read. */
    private static final class Rows {
        final String file;
        final List<String> cells = new ArrayList<>();
        List<String> columns;
        int tsCol = -1;
        int[] valueCols;
        int[] cellStart = new int[8];
        long[] ts = new long[1024];
        /** Row-major values; sized when the header is read. */
        double[] values;
        String[] texts = new String[1024];
        int n;

        Rows(String file) {
            this.file = file;
        }

        /**
         * Reads a data line of plain ASCII from {@code b[from, to)}; false (nothing read) when it needs
         * the {@code String} path: a blank line, quotes, other bytes, or a wrong number of cells.
         */
        boolean fastLine(byte[] b, int from, int to, int lineNo) {
            int width = valueCols.length + 1;
            if (cellStart.length < width + 1) {
                cellStart = new int[width + 1];
            }
            int cellCount = 1;
            cellStart[0] = from;
            for (int i = from; i < to; i++) {
                byte c = b[i];
                if (c == ',') {
                    if (cellCount == width) {
                        return false; // too many cells: the String path says so
                    }
                    cellStart[cellCount++] = i + 1;
                } else if (c == '"' || c < ' ') {
                    return false; // quotes, non-ASCII (negative) or control characters
                }
            }
            if (cellCount != width || to == from) {
                return false;
            }
            cellStart[width] = to + 1;
            int tsFrom = cellStart[tsCol];
            int tsTo = cellStart[tsCol + 1] - 1;
            long t = epochDigits(b, tsFrom, tsTo);
            String text;
            if (t < 0) {
                text = new String(b, tsFrom, tsTo - tsFrom, ISO_8859_1).trim();
                t = CsvCells.timestamp(text, file, lineNo);
            } else if (tsTo - tsFrom <= 11 && (b[tsFrom] != '0' || tsTo - tsFrom == 1)) {
                text = null; // plain epoch seconds: timestampText rewrites them, no String per row
            } else {
                text = new String(b, tsFrom, tsTo - tsFrom, ISO_8859_1);
            }
            int w = valueCols.length;
            int at = room();
            for (int c = 0; c < w; c++) {
                int s = cellStart[valueCols[c]];
                int e = cellStart[valueCols[c] + 1] - 1;
                double v = AsciiNumbers.parse(b, s, e);
                values[at + c] = AsciiNumbers.unparsed(v)
                        ? CsvCells.value(new String(b, s, e - s, ISO_8859_1), file, lineNo, columns.get(c)) : v;
            }
            add(t, text, lineNo);
            return true;
        }

        /** Reads one line as text: the header, or a data row the byte path left. */
        void line(String line, int lineNo) {
            if (line.isBlank()) {
                return;
            }
            SeriesCsvReader.split(line, cells, file, lineNo);
            if (columns == null) {
                header(line, lineNo);
                return;
            }
            if (cells.size() != valueCols.length + 1) {
                throw new CsvInputException(file + ":" + lineNo + ": expected " + (valueCols.length + 1)
                        + " columns as in the header, got " + cells.size() + " in \"" + line + "\"", lineNo);
            }
            String text = cells.get(tsCol).trim();
            long t = CsvCells.timestamp(text, file, lineNo);
            int at = room();
            for (int c = 0; c < valueCols.length; c++) {
                values[at + c] = CsvCells.value(cells.get(valueCols[c]), file, lineNo, columns.get(c));
            }
            add(t, text, lineNo);
        }

        private void header(String line, int lineNo) {
            for (int i = 0; i < cells.size(); i++) {
                if (cells.get(i).trim().equalsIgnoreCase("timestamp")) {
                    tsCol = i;
                }
            }
            if (tsCol < 0 || cells.size() < 2) {
                throw new CsvInputException(file + ":" + lineNo + ": a multi-column file needs a header with a"
                        + " 'timestamp' column and value columns, got \"" + line + "\"", lineNo);
            }
            columns = new ArrayList<>();
            valueCols = new int[cells.size() - 1];
            int k = 0;
            for (int i = 0; i < cells.size(); i++) {
                if (i != tsCol) {
                    columns.add(cells.get(i).trim());
                    valueCols[k++] = i;
                }
            }
            values = new double[ts.length * valueCols.length];
        }

        /** Makes room for row {@code n}; the offset of its values. */
        private int room() {
            if (n == ts.length) {
                ts = Arrays.copyOf(ts, 2 * n);
                values = Arrays.copyOf(values, 2 * n * valueCols.length);
                texts = Arrays.copyOf(texts, 2 * n);
            }
            return n * valueCols.length;
        }

        /** Adds row {@code n}, whose values {@link #room()} placed. */
        private void add(long t, String text, int lineNo) {
            if (n > 0 && t <= ts[n - 1]) {
                throw new CsvInputException(file + ":" + lineNo + ": timestamp "
                        + (text != null ? text : Long.toString(t / 1000)) + " is not after the previous row's; rows must be in increasing time order", lineNo);
            }
            ts[n] = t;
            texts[n] = text;
            n++;
        }
    }

    /**
     * The epoch milliseconds of a cell of 1 to 15 plain digits, read as {@link CsvCells#timestamp}
     * reads them (seconds below 10^11, milliseconds from there); -1 for any other text.
     */
    private static long epochDigits(byte[] b, int from, int to) {
        if (to <= from || to - from > 15) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            int c = b[i] - '0';
            if (c < 0 || c > 9) {
                return -1;
            }
            v = v * 10 + c;
        }
        return v < 100_000_000_000L ? v * 1000 : v;
    }
}
