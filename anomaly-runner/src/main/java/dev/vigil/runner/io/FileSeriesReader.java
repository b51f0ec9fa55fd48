package dev.vigil.runner.io;

import dev.vigil.core.series.LabelMatcher;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.core.series.SeriesSelector;
import dev.vigil.eval.csv.CsvInputException;
import dev.vigil.eval.csv.WideCsvReader;
import dev.vigil.config.QueryConfig;
import dev.vigil.vm.DroppedPoints;
import dev.vigil.vm.VmCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves queries from a file as if it were the datasource. Two formats, by the file name:
 * VictoriaMetrics JSON lines ({@code .json}, {@code .jsonl}, {@code .ndjson}; the export/import format,
 * read by {@link VmCodec#parseImport}), else a wide CSV {@code timestamp,<series>[,<series>...]} with
 * Prometheus-notation headers (read by {@link WideCsvReader}, whose warning about rows out of time order
 * is logged). A malformed file is an {@link IoFailure} {@code io_error} naming the file and the line.
 *
 * <p>A query's {@code expr} is a series selector; a read returns the matching series' points in
 * {@code [start, end]}. The file is re-read when its modification time changes, so a growing file
 * behaves like a live source. With {@code lastSeen} (from {@code query_from_last_seen_timestamp}) it
 * behaves like the VictoriaMetrics reader: the window starts right after the oldest last-seen
 * timestamp when that is earlier than {@code start}, and each listed series keeps only newer points.
 * The file's series stay in the heap between reads; a {@linkplain #stream streamed} read hands the
 * window of each matching series on as it is cut, without gathering them. Thread-safe.
 */
final class FileSeriesReader implements SeriesReader {

    private static final Logger LOG = LoggerFactory.getLogger(FileSeriesReader.class);

    private final Path path;
    private final Map<String, SeriesSelector> selectors = new ConcurrentHashMap<>();
    private volatile FileTime loadedAt;
    private volatile List<Series> all = List.of();
    private volatile long size;

    FileSeriesReader(Path path) {
        this.path = path;
    }

    @Override
    public Result read(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen) throws IOException {
        List<Series> out = new ArrayList<>();
        long bytes = cut(query, start, end, lastSeen, out::add);
        return new Result(out, bytes, 0);
    }

    /**
     * Hands on the matching series' points one series at a time: the file's series are in the heap
     * anyway (they are kept between reads), but the copies cut out of them for the window are not
     * gathered, so a query over a large file holds one cut series here.
     */
    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public Result stream(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen,
                         Consumer<Series> sink) throws IOException {
        long[] nonFinite = new long[2]; // points, series
        long bytes = cut(query, start, end, lastSeen, s -> {
            int n = s.size() - s.finiteCount();
            nonFinite[0] += n;
            nonFinite[1] += n > 0 ? 1 : 0;
            sink.accept(s);
        });
        return new Result(List.of(), bytes, 0, new DroppedPoints(nonFinite[0], (int) nonFinite[1], 0, 0));
    }

    /** Hands each matching series' points in the window to {@code sink}; returns the bytes they take. */
    private long cut(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen, Consumer<Series> sink)
            throws IOException {
        SeriesSelector sel;
        try {
            sel = selectors.computeIfAbsent(query.expr(), FileSeriesReader::selector);
        } catch (IllegalArgumentException e) {
            throw new IoFailure("io_error", "query '" + query.alias() + "': " + e.getMessage(), e);
        }
        List<Series> data = load();
        long bytes = 0;
        long from = start.toEpochMilli();
        for (long t : lastSeen.values()) {
            from = Math.min(from, t + 1);
        }
        for (Series s : data) {
            if (sel.matches(s.labels())) {
                Long seen = lastSeen.get(s.labels());
                long a = seen == null ? from : seen + 1;
                Series cut = s.between(a, end.toEpochMilli() + 1);
                if (!cut.isEmpty()) {
                    bytes += 16L * cut.size();
                    sink.accept(cut);
                }
            }
        }
        return bytes;
    }

    /**
     * The selector of a query's {@code expr}.
     *
     * @throws IllegalArgumentException naming the expression when it is not a plain selector
     */
    static SeriesSelector selector(String expr) {
        List<LabelMatcher> ms;
        try {
            ms = Labels.parseSelector(expr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the file reader understands series selectors only, such as"
                    + " cpu_usage or cpu_usage{mode=\"idle\"}: " + e.getMessage(), e);
        }
        return SeriesSelector.of(ms);
    }

    private synchronized List<Series> load() throws IOException {
        FileTime t;
        try {
            t = Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new IoFailure("io_error", "cannot read " + path + ": " + e.getMessage(), e);
        }
        long sz = Files.size(path);
        if (!t.equals(loadedAt) || sz != size) {
            all = readAll(path);
            loadedAt = t;
            size = sz;
        }
        return all;
    }

    /** Whether the path names a JSON-lines file ({@code .json}, {@code .jsonl}, {@code .ndjson}). */
    static boolean isJsonLines(Path p) {
        String s = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return s.endsWith(".json") || s.endsWith(".jsonl") || s.endsWith(".ndjson");
    }

    /** Every series of a file, in the format its name tells. */
    static List<Series> readAll(Path p) throws IOException {
        if (isJsonLines(p)) {
            try (BufferedReader r = Files.newBufferedReader(p)) {
                return new ArrayList<>(VmCodec.parseImport(r, p.toString()).values());
            } catch (IllegalArgumentException e) {
                throw new IoFailure("io_error", e.getMessage(), e);
            }
        }
        try {
            WideCsvReader.Result csv = WideCsvReader.read(p);
            if (csv.rowOrder().warning() != null) {
                LOG.warn("{}", csv.rowOrder().warning());
            }
            return csv.series();
        } catch (CsvInputException e) {
            throw new IoFailure("io_error", e.getMessage(), e);
        }
    }

    @Override
    public String url() {
        return path.toUri().toString();
    }
}
