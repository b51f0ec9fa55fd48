package dev.vigil.eval.csv;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@code timestamp,value} CSV file into a {@link CsvSeries}.
 *
 * <ul>
 *   <li>The header is optional: the first non-blank line is a header when neither its timestamp
 *       cell parses as a timestamp nor its value cell as a number. With a header, the columns named
 *       {@code timestamp} and {@code value} (any case) are used when present, else the first two;
 *       without one, the first two columns. Other columns are ignored.</li>
 *   <li>Cells are read by {@link CsvCells}: timestamps as {@link dev.vigil.core.time.Timestamps}
 *       parses them; values are numbers, {@code nan}, {@code inf}, {@code -inf}, and an empty cell is
 *       a missing value ({@code NaN}).</li>
 *   <li>Rows are kept in file order; a row whose timestamp is not after every earlier row's follows
 *       {@link RowOrder} (see {@link CsvSeries#rowOrder()}).</li>
 *   <li>Blank lines are skipped; cells may be quoted with {@code "} (no line breaks inside).</li>
 * </ul>
 * Any other content is a {@link CsvInputException} naming the file, the line and the text.
 *
 * <p>Stateless and thread-safe; O(n) time, about 60 bytes of memory per row (the timestamp texts
 * are kept for the output).
 */
public final class SeriesCsvReader {

    private SeriesCsvReader() {
    }

    /**
     * Reads {@code path}.
     *
     * @throws CsvInputException on malformed content, or an empty file
     * @throws IOException       when the file cannot be read (e.g. {@link java.nio.file.NoSuchFileException})
     */
    public static CsvSeries read(Path path) throws IOException {
        return read(path, (String) null);
    }

    /**
     * Reads the value column named {@code column} of {@code path} (which then needs a header);
     * {@code null}: as {@link #read(Path)}.
     *
     * @throws CsvInputException as {@link #read(Path)}, or when the header has no such column
     */
    public static CsvSeries read(Path path, String column) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(path, r, column);
        }
    }

    /** Reads CSV text from {@code reader}; {@code path} only names the source in messages. */
    static CsvSeries read(Path path, Reader reader) throws IOException {
        return read(path, reader, null);
    }

    private static CsvSeries read(Path path, Reader reader, String column) throws IOException {
        BufferedReader r = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
        String file = path.toString();
        int cap = 1024;
        long[] ts = new long[cap];
        double[] vs = new double[cap];
        String[] texts = new String[cap];
        int[] lines = new int[cap];
        int n = 0;
        int tsCol = 0;
        int valCol = 1;
        boolean header = false;
        boolean first = true;
        int lineNo = 0;
        RowOrder order = new RowOrder(file);
        List<String> cells = new ArrayList<>(4);
        String line;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1); // a UTF-8 byte-order mark
            }
            if (line.isBlank()) {
                continue;
            }
            split(line, cells, file, lineNo);
            if (first) {
                first = false;
                if (isHeader(cells)) {
                    header = true;
                    int[] cols = headerColumns(cells);
                    tsCol = cols[0];
                    valCol = column == null ? cols[1] : named(cells, column, file, lineNo);
                    continue;
                }
                if (column != null) {
                    throw new CsvInputException(file + ":" + lineNo + ": a value column is chosen by name ('" + column
                            + "') but the file has no header line", lineNo);
                }
            }
            if (cells.size() <= Math.max(tsCol, valCol)) {
                throw new CsvInputException(file + ":" + lineNo + ": expected at least " + (Math.max(tsCol, valCol) + 1)
                        + " comma-separated columns (timestamp,value), got \"" + line + "\"", lineNo);
            }
            String tText = cells.get(tsCol).trim();
            long t = CsvCells.timestamp(tText, file, lineNo);
            double v = CsvCells.value(cells.get(valCol), file, lineNo);
            if (n == cap) {
                cap = cap + (cap >> 1);
                ts = Arrays.copyOf(ts, cap);
                vs = Arrays.copyOf(vs, cap);
                texts = Arrays.copyOf(texts, cap);
                lines = Arrays.copyOf(lines, cap);
            }
            ts[n] = order.next(t, tText, lineNo);
            vs[n] = v;
            texts[n] = tText;
            lines[n] = lineNo;
            n++;
        }
        if (n == 0) {
            throw new CsvInputException(file + ": no data rows" + (header ? " after the header" : ""), 0);
        }
        Series series = Series.of(Labels.empty(), Arrays.copyOf(ts, n), Arrays.copyOf(vs, n));
        return new CsvSeries(series, Arrays.copyOf(texts, n), Arrays.copyOf(lines, n), header, order.summary());
    }

    /** The index of header cell {@code column} (trimmed, exact). */
    private static int named(List<String> cells, String column, String file, int lineNo) {
        for (int i = 0; i < cells.size(); i++) {
            if (cells.get(i).trim().equals(column)) {
                return i;
            }
        }
        throw new CsvInputException(file + ":" + lineNo + ": no column '" + column + "' in the header; its columns: "
                + String.join(", ", cells.stream().map(String::trim).toList()), lineNo);
    }

    private static boolean isHeader(List<String> cells) {
        if (cells.isEmpty() || CsvCells.isTimestamp(cells.get(0))) {
            return false;
        }
        // "2013-13-45 10:00,1.5" is a data row with a bad timestamp, not a header.
        return cells.size() < 2 || !CsvCells.isNumber(cells.get(1));
    }

    private static int[] headerColumns(List<String> cells) {
        int t = -1;
        int v = -1;
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i).trim().toLowerCase(Locale.ROOT);
            if (t < 0 && c.equals("timestamp")) {
                t = i;
            } else if (v < 0 && c.equals("value")) {
                v = i;
            }
        }
        if (t < 0) {
            t = v == 0 ? 1 : 0;
        }
        if (v < 0) {
            v = t == 1 ? 0 : 1;
            if (v == t) {
                v = t + 1;
            }
        }
        return new int[] {t, v};
    }

    /** Splits one line into cells, honouring {@code "} quotes (a doubled {@code ""} is a quote). */
    static void split(String line, List<String> cells, String file, int lineNo) {
        cells.clear();
        if (line.indexOf('"') < 0) {
            int start = 0;
            int comma;
            while ((comma = line.indexOf(',', start)) >= 0) {
                cells.add(line.substring(start, comma));
                start = comma + 1;
            }
            cells.add(line.substring(start));
            return;
        }
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new CsvInputException(file + ":" + lineNo + ": unterminated quote in \"" + line + "\"", lineNo);
        }
        cells.add(cell.toString());
    }
}
