package dev.vigil.runner.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.eval.csv.CsvCells;
import dev.vigil.eval.csv.CsvInputException;
import dev.vigil.eval.csv.RowOrder;
import dev.vigil.vm.VmCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes series files. Two formats:
 * <ul>
 *   <li>CSV (wide): a header {@code timestamp,<series>[,<series>...]}; each value column is one series
 *       whose header is a metric name ({@code cpu}) or a name with labels in Prometheus notation
 *       ({@code cpu{host="a",mode="idle"}}, read by {@link Labels#parse}); a plain name is the label
 *       {@code __name__} only, which the writer replaces, so columns meant to be told apart in the
 *       output need labels. Cells are read by the rules every CSV reader shares ({@link CsvCells}):
 *       timestamps as {@link dev.vigil.core.time.Timestamps} parses them (ISO-8601 with naive = UTC,
 *       {@code T} or space, epoch seconds, or epoch milliseconds from 10<sup>11</sup> up); an empty
 *       cell or {@code NaN} is missing; anything else is an error naming the file, line and text. Rows
 *       out of time order follow {@link RowOrder}: a few are kept in file order with a warning, more
 *       than 1 % are an error. Written CSV is long: {@code timestamp,metric,value} with {@code metric}
 *       in Prometheus notation.</li>
 *   <li>JSON lines: VictoriaMetrics' export/import format, one object per series,
 *       {@code {"metric":{"__name__":..,..},"values":[..],"timestamps":[..]}} (epoch ms), written by
 *       the client's encoder ({@link VmCodec#encodeImport}); lines of the same series are merged.</li>
 * </ul>
 * Stateless and thread-safe; O(file size).
 */
public final class SeriesFiles {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesFiles.class);

    /** Jackson's mapper, created on first use: building it costs a noticeable part of the start-up. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private SeriesFiles() {
    }

    /** Whether the path names a JSON-lines file ({@code .json}, {@code .jsonl}, {@code .ndjson}). */
    public static boolean isJsonLines(Path p) {
        String s = p.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return s.endsWith(".json") || s.endsWith(".jsonl") || s.endsWith(".ndjson");
    }

    /** Reads every series of a file. */
    public static List<Series> read(Path p) throws IOException {
        return isJsonLines(p) ? readJsonLines(p) : readCsv(p);
    }

    static List<Series> readJsonLines(Path p) throws IOException {
        String file = p.toString();
        Map<Labels, TreeMap<Long, Double>> acc = new LinkedHashMap<>();
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(p)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode n = Json.MAPPER.readTree(line);
                    Map<String, String> labels = new LinkedHashMap<>();
                    n.path("metric").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                    JsonNode vs = n.path("values");
                    JsonNode ts = n.path("timestamps");
                    if (!vs.isArray() || !ts.isArray() || vs.size() != ts.size()) {
                        throw new IOException("needs arrays 'values' and 'timestamps' of equal length");
                    }
                    TreeMap<Long, Double> pts = acc.computeIfAbsent(Labels.of(labels), k -> new TreeMap<>());
                    for (int i = 0; i < vs.size(); i++) {
                        JsonNode v = vs.get(i);
                        pts.put(ts.get(i).asLong(), v.isNumber() ? v.asDouble() : CsvCells.value(v.asText(), file, lineNo));
                    }
                } catch (CsvInputException e) {
                    throw new IoFailure("io_error", e.getMessage(), e);
                } catch (IOException | RuntimeException e) {
                    throw new IoFailure("io_error", p + ":" + lineNo + ": not a VictoriaMetrics JSON line: "
                            + e.getMessage(), e);
                }
            }
        }
        List<Series> out = new ArrayList<>();
        acc.forEach((l, pts) -> out.add(toSeries(l, pts)));
        return out;
    }

    static List<Series> readCsv(Path p) throws IOException {
        String file = p.toString();
        try (BufferedReader r = Files.newBufferedReader(p)) {
            String header = r.readLine();
            if (header == null) {
                return List.of();
            }
            String[] cols = splitHeader(header);
            if (cols.length < 2 || !cols[0].trim().equalsIgnoreCase("timestamp")) {
                throw new IoFailure("io_error", p + ":1: the CSV header must be timestamp,<series>[,<series>...], got \""
                        + header + "\"", null);
            }
            int width = cols.length - 1;
            Labels[] labels = new Labels[width];
            for (int c = 0; c < width; c++) {
                try {
                    labels[c] = Labels.parse(cols[c + 1].trim());
                } catch (IllegalArgumentException e) {
                    throw new IoFailure("io_error", p + ":1: column " + (c + 1) + ": " + e.getMessage(), e);
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
            if (summary.warning() != null) {
                LOG.warn("{}", summary.warning());
            }
            List<Series> out = new ArrayList<>(width);
            for (int c = 0; c < width; c++) {
                out.add(Series.of(labels[c], Arrays.copyOf(ts, n), Arrays.copyOf(vs[c], n)));
            }
            return out;
        } catch (CsvInputException e) {
            throw new IoFailure("io_error", e.getMessage(), e);
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

    private static Series toSeries(Labels l, TreeMap<Long, Double> pts) {
        long[] ts = new long[pts.size()];
        double[] vs = new double[pts.size()];
        int i = 0;
        for (Map.Entry<Long, Double> e : pts.entrySet()) {
            ts[i] = e.getKey();
            vs[i++] = e.getValue();
        }
        return Series.of(l, ts, vs);
    }

    /**
     * Appends series as VictoriaMetrics JSON lines (finite points only, series without one left out);
     * returns the bytes written (UTF-8).
     */
    public static long writeJsonLines(List<Series> series, Writer w) throws IOException {
        byte[] lines = VmCodec.encodeImport(series);
        w.write(new String(lines, StandardCharsets.UTF_8));
        return lines.length;
    }

    /** Appends series as long CSV rows {@code timestamp,metric,value} (finite points only). */
    public static long writeCsv(List<Series> series, Writer w, boolean header) throws IOException {
        long n = 0;
        StringBuilder sb = new StringBuilder();
        if (header) {
            sb.append("timestamp,metric,value\n");
        }
        for (Series s : series) {
            String metric = "\"" + s.labels().toString().replace("\"", "\"\"") + "\"";
            for (int i = 0; i < s.size(); i++) {
                double v = s.value(i);
                if (Double.isFinite(v)) {
                    sb.append(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(s.timestamp(i)))).append(',')
                            .append(metric).append(',').append(v).append('\n');
                }
            }
            n += sb.length();
            w.write(sb.toString());
            sb.setLength(0);
        }
        return n;
    }
}
