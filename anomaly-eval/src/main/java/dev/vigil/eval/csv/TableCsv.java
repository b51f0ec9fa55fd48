package dev.vigil.eval.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * @param rows           {@code rows[i][c]}: column {@code c} at row {@code i}
 * @param timestampTexts each row's timestamp as written
 */
public record TableCsv(List<String> columns, long[] timestamps, double[][] rows, String[] timestampTexts) {

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
     * @throws CsvInputException naming the file, line and text of a malformed row, a missing header or
     *                           a timestamp not after the previous one
     */
    public static TableCsv read(Path path) throws IOException {
        String file = path.toString();
        List<String> columns = null;
        int tsCol = -1;
        int[] valueCols = null;
        List<Long> ts = new ArrayList<>();
        List<double[]> rows = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                line = lineNo == 1 ? line.replace("\uFEFF", "") : line;
                if (line.isBlank()) {
                    continue;
                }
                SeriesCsvReader.split(line, cells, file, lineNo);
                if (columns == null) {
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
                    continue;
                }
                if (cells.size() != valueCols.length + 1) {
                    throw new CsvInputException(file + ":" + lineNo + ": expected " + (valueCols.length + 1)
                            + " columns as in the header, got " + cells.size() + " in \"" + line + "\"", lineNo);
                }
                String text = cells.get(tsCol).trim();
                long t = CsvCells.timestamp(text, file, lineNo);
                if (!ts.isEmpty() && t <= ts.get(ts.size() - 1)) {
                    throw new CsvInputException(file + ":" + lineNo + ": timestamp " + text
                            + " is not after the previous row's; rows must be in increasing time order", lineNo);
                }
                double[] row = new double[valueCols.length];
                for (int c = 0; c < row.length; c++) {
                    row[c] = CsvCells.value(cells.get(valueCols[c]), file, lineNo, columns.get(c));
                }
                ts.add(t);
                rows.add(row);
                texts.add(text);
            }
        }
        if (rows.isEmpty()) {
            throw new CsvInputException(file + ": no data rows", 0);
        }
        return new TableCsv(List.copyOf(columns), ts.stream().mapToLong(Long::longValue).toArray(),
                rows.toArray(new double[0][]), texts.toArray(new String[0]));
    }
}
