package dev.vigil.eval.csv;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a wide CSV file of several series: a header {@code timestamp,<series>[,<series>...]}, then
 * one row per timestamp with a cell per series.
 *
 * <ul>
 *   <li>Each value column is one series whose header is a metric name ({@code cpu}) or a name with
 *       labels in Prometheus notation ({@code cpu{host="a",mode="idle"}}, read by
 *       {@link Labels#parse}; commas inside the braces do not split the header). A plain name is the
 *       label {@code __name__} only.</li>
 *   <li>Cells are read by the rules every CSV reader shares ({@link CsvCells}): timestamps as
 *       {@link dev.vigil.core.time.Timestamps} parses them (ISO-8601 with naive = UTC, {@code T} or
 *       space, epoch seconds, or epoch milliseconds from 10<sup>11</sup> up); an empty cell or
 *       {@code NaN} is missing; a row with fewer cells than columns misses the rest.</li>
 *   <li>Rows out of time order follow {@link RowOrder}: a few are kept in file order (see
 *       {@link Result#rowOrder()} for the warning), more than
 *       {@value RowOrder#MAX_OUT_OF_ORDER_PERCENT} % are an error.</li>
 *   <li>Blank lines are skipped; an empty file has no series.</li>
 * </ul>
 * Anything else is a {@link CsvInputException} naming the file, the line and the text.
 *
 * <p>Stateless and thread-safe; O(file size).
 */
public final class WideCsvReader {

    private WideCsvReader() {
    }

    /**
     * The series of one file, in column order, and how its rows were ordered.
     *
     * @param series   one series per value column, all with the file's timestamps
     * @param rowOrder the rows out of time order (a few at most), for a warning
     */
    public record Result(List<Series> series, RowOrder.Summary rowOrder) {

        /** Copies the list. */
        public Result {
            series = List.copyOf(series);
        }
    }

    /**
     * Reads {@code p}.
     *
     * @throws CsvInputException on a malformed header or cell, or a file not sorted by time
     * @throws IOException       when the file cannot be read
     */
    public static Result read(Path p) throws IOException {
        String file = p.toString();
        try (BufferedReader r = Files.newBufferedReader(p)) {
            String header = r.readLine();
            if (header == null) {
                return new Result(List.of(), new RowOrder(file).summary());
            }
            String[] cols = splitHeader(header);
            if (cols.length < 2 || !cols[0].trim().equalsIgnoreCase("timestamp")) {
                throw new CsvInputException(p + ":1: the CSV header must be timestamp,<series>[,<series>...], got \""
                        + header + "\"", 1);
            }
            int width = cols.length - 1;
            Labels[] labels = new Labels[width];
            for (int c = 0; c < width; c++) {
                try {
                    labels[c] = Labels.parse(cols[c + 1].trim());
                } catch (IllegalArgumentException e) {
                    throw new CsvInputException(p + ":1: column " + (c + 1) + ": " + e.getMessage(), 1);
                }
            }
            RowOrder order = new RowOrder(file);
            long[] ts = new long[256];
            double[][] vs = new double[width][256];
            int n = 0;
            int lineNo = 1;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                String tText = cells[0].trim();
                long t = CsvCells.timestamp(tText, file, lineNo);
                if (n == ts.length) {
                    ts = Arrays.copyOf(ts, n * 2);
                    for (int c = 0; c < width; c++) {
                        vs[c] = Arrays.copyOf(vs[c], n * 2);
                    }
                }
                for (int c = 0; c < width; c++) {
                    vs[c][n] = CsvCells.value(c + 1 < cells.length ? cells[c + 1] : "", file, lineNo, cols[c + 1].trim());
                }
                ts[n++] = order.next(t, tText, lineNo);
            }
            RowOrder.Summary summary = order.summary();
            summary.requireSorted();
            List<Series> out = new ArrayList<>(width);
            for (int c = 0; c < width; c++) {
                out.add(Series.of(labels[c], Arrays.copyOf(ts, n), Arrays.copyOf(vs[c], n)));
            }
            return new Result(out, summary);
        }
    }

    /** Splits a header on commas outside {@code {...}}, so {@code cpu{host="a",mode="b"}} is one column. */
    static String[] splitHeader(String line) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '{') {
                depth++;
            } else if (ch == '}') {
                depth = Math.max(0, depth - 1);
            } else if (ch == ',' && depth == 0) {
                out.add(line.substring(start, i));
                start = i + 1;
            }
        }
        out.add(line.substring(start));
        return out.toArray(new String[0]);
    }
}
