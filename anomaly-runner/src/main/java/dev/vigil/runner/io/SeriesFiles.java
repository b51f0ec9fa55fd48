package dev.vigil.runner.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes series files. Two formats:
 * <ul>
 *   <li>CSV (wide): a header {@code timestamp,<series>[,<series>...]}; each value column is one series
 *       whose header is a metric name ({@code cpu}) or a name with labels in Prometheus notation
 *       ({@code cpu{host="a",mode="idle"}}); a plain name is the label {@code __name__} only, which the
 *       writer replaces, so columns meant to be told apart in the output need labels; timestamps are ISO-8601 (naive = UTC, {@code T} or space), Unix
 *       seconds, or Unix milliseconds (values above 10^11); an empty cell or {@code NaN} is missing.
 *       Written CSV is long: {@code timestamp,metric,value} with {@code metric} in Prometheus
 *       notation.</li>
 *   <li>JSON lines: VictoriaMetrics' export/import format, one object per series,
 *       {@code {"metric":{"__name__":..,..},"values":[..],"timestamps":[..]}} (epoch ms).</li>
 * </ul>
 * Stateless and thread-safe; O(file size).
 */
public final class SeriesFiles {

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
                        pts.put(ts.get(i).asLong(), v.isNumber() ? v.asDouble() : parseValue(v.asText()));
                    }
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
            List<TreeMap<Long, Double>> acc = new ArrayList<>();
            for (int c = 1; c < cols.length; c++) {
                acc.add(new TreeMap<>());
            }
            int lineNo = 1;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = split(line);
                long t;
                try {
                    t = parseTimestamp(cells[0]);
                } catch (IllegalArgumentException e) {
                    throw new IoFailure("io_error", p + ":" + lineNo + ": " + e.getMessage(), e);
                }
                for (int c = 1; c < cols.length; c++) {
                    String cell = c < cells.length ? cells[c] : "";
                    try {
                        acc.get(c - 1).put(t, parseValue(cell));
                    } catch (NumberFormatException e) {
                        throw new IoFailure("io_error", p + ":" + lineNo + ": column '" + cols[c].trim()
                                + "' holds \"" + cell + "\", not a number", e);
                    }
                }
            }
            List<Series> out = new ArrayList<>();
            for (int c = 1; c < cols.length; c++) {
                Labels l;
                try {
                    l = Selector.labelsOf(cols[c].trim());
                } catch (IllegalArgumentException e) {
                    throw new IoFailure("io_error", p + ":1: column " + c + ": " + e.getMessage(), e);
                }
                out.add(toSeries(l, acc.get(c - 1)));
            }
            return out;
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

    private static String[] split(String line) {
        return line.split(",", -1);
    }

    private static double parseValue(String s) {
        String t = s.trim();
        return t.isEmpty() || t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("null") ? Double.NaN : Double.parseDouble(t);
    }

    /** ISO-8601 (naive = UTC), Unix seconds, or Unix milliseconds (above 10^11). */
    static long parseTimestamp(String s) {
        String t = s.trim();
        if (t.matches("-?\\d+(\\.\\d+)?")) {
            double d = Double.parseDouble(t);
            return Math.abs(d) > 1e11 ? (long) d : Math.round(d * 1000);
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e2) {
                try {
                    return java.time.OffsetDateTime.parse(t.replace(' ', 'T')).toInstant().toEpochMilli();
                } catch (DateTimeParseException e3) {
                    throw new IllegalArgumentException("\"" + s + "\" is not a timestamp (ISO-8601, Unix seconds or ms)");
                }
            }
        }
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

    /** Appends series as VictoriaMetrics JSON lines (finite points only); returns the characters written. */
    public static long writeJsonLines(List<Series> series, Writer w) throws IOException {
        long n = 0;
        for (Series s : series) {
            String line = jsonLine(s);
            if (line != null) {
                w.write(line);
                w.write('\n');
                n += line.length() + 1;
            }
        }
        return n;
    }

    /** One series as a VictoriaMetrics JSON line, or {@code null} when it has no finite point. */
    public static String jsonLine(Series s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        ObjectNode m = o.putObject("metric");
        s.labels().asMap().forEach(m::put);
        ArrayNode vs = o.putArray("values");
        ArrayNode ts = o.putArray("timestamps");
        for (int i = 0; i < s.size(); i++) {
            double v = s.value(i);
            if (Double.isFinite(v)) {
                vs.add(v);
                ts.add(s.timestamp(i));
            }
        }
        return ts.isEmpty() ? null : o.toString();
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
