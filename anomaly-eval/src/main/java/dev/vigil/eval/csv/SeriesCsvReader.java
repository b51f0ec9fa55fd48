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
 *   <li>Timestamps: see {@link CsvTimestamps}; they must increase strictly from row to row, unless
 *       file order is asked for (see {@link #read(Path, Reader, boolean)}).</li>
 *   <li>Values: decimal numbers, {@code nan}, {@code inf}, {@code -inf}; an empty cell is a missing
 *       value ({@code NaN}).</li>
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
        return read(path, false);
    }

    /**
     * Reads {@code path}; with {@code fileOrder}, a row whose timestamp is not after the previous
     * row's is kept in file order instead of being an error (see {@link CsvSeries#outOfOrderRows()}).
     */
    public static CsvSeries read(Path path, boolean fileOrder) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(path, r, fileOrder);
        }
    }

    /**
     * Reads CSV text from {@code reader}; {@code path} only names the source in messages.
     *
     * @param fileOrder when {@code false}, timestamps must increase strictly; when {@code true}, a
     *                  row whose timestamp is not after the previous row's gets, in the series, the
     *                  previous series timestamp plus 1 ms (its text is kept as written), so that
     *                  real files with a repeated hour (daylight saving) or a duplicated row can
     *                  still be scored in file order
     */
    public static CsvSeries read(Path path, Reader reader, boolean fileOrder) throws IOException {
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
        int outOfOrder = 0;
        int firstOutOfOrder = 0;
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
                    valCol = cols[1];
                    continue;
                }
            }
            if (cells.size() <= Math.max(tsCol, valCol)) {
                throw new CsvInputException(file + ":" + lineNo + ": expected at least " + (Math.max(tsCol, valCol) + 1)
                        + " comma-separated columns (timestamp,value), got \"" + line + "\"", lineNo);
            }
            String tText = cells.get(tsCol).trim();
            long t;
            try {
                t = CsvTimestamps.parseMillis(tText);
            } catch (IllegalArgumentException e) {
                throw new CsvInputException(file + ":" + lineNo + ": bad timestamp \"" + tText + "\": " + e.getMessage()
                        + (e.getMessage().contains("expected YYYY") ? "" : " (" + CsvTimestamps.EXPECTED + ")"), lineNo);
            }
            String vText = cells.get(valCol);
            double v = parseValue(vText);
            if (Double.isNaN(v) && !isMissing(vText)) {
                throw new CsvInputException(file + ":" + lineNo + ": bad value \"" + vText.trim()
                        + "\" (expected a number, or an empty cell for a missing value)", lineNo);
            }
            if (n > 0 && t <= ts[n - 1] && fileOrder) {
                if (outOfOrder++ == 0) {
                    firstOutOfOrder = lineNo;
                }
                t = ts[n - 1] + 1;
            } else if (n > 0 && t <= ts[n - 1]) {
                throw new CsvInputException(file + ":" + lineNo + ": timestamp \"" + tText + "\" is "
                        + (t == ts[n - 1] ? "the same as" : "earlier than") + " \"" + texts[n - 1] + "\" on line "
                        + lines[n - 1] + "; rows must be in strictly increasing time order", lineNo);
            }
            if (n == cap) {
                cap = cap + (cap >> 1);
                ts = Arrays.copyOf(ts, cap);
                vs = Arrays.copyOf(vs, cap);
                texts = Arrays.copyOf(texts, cap);
                lines = Arrays.copyOf(lines, cap);
            }
            ts[n] = t;
            vs[n] = v;
            texts[n] = tText;
            lines[n] = lineNo;
            n++;
        }
        if (n == 0) {
            throw new CsvInputException(file + ": no data rows" + (header ? " after the header" : ""), 0);
        }
        Series series = Series.of(Labels.empty(), Arrays.copyOf(ts, n), Arrays.copyOf(vs, n));
        return new CsvSeries(path, series, Arrays.copyOf(texts, n), Arrays.copyOf(lines, n), header,
                outOfOrder, firstOutOfOrder);
    }

    private static boolean isHeader(List<String> cells) {
        if (cells.isEmpty() || CsvTimestamps.isTimestamp(cells.get(0))) {
            return false;
        }
        // "2013-13-45 10:00,1.5" is a data row with a bad timestamp, not a header.
        return cells.size() < 2 || isMissing(cells.get(1)) || Double.isNaN(parseValue(cells.get(1)));
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

    /** An empty cell or a literal {@code nan} (any case): a missing value. */
    private static boolean isMissing(String cell) {
        return cell.isBlank() || cell.trim().equalsIgnoreCase("nan");
    }

    /** The number in a value cell; {@code NaN} for an empty cell, {@code nan} or anything unparseable. */
    static double parseValue(String cell) {
        String s = cell.trim();
        if (s.isEmpty()) {
            return Double.NaN;
        }
        switch (s.toLowerCase(Locale.ROOT)) {
            case "nan": return Double.NaN;
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

    /** Splits one line into cells, honouring {@code "} quotes (a doubled {@code ""} is a quote). */
    private static void split(String line, List<String> cells, String file, int lineNo) {
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
