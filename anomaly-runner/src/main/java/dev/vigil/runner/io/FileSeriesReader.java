package dev.vigil.runner.io;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.runner.config.QueryConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves queries from a file (see {@link SeriesFiles} for the formats) as if it were the datasource:
 * a query's {@code expr} is a series selector; a read returns the matching series' points in
 * {@code [start, end]}. The file is re-read when its modification time changes, so a growing file
 * behaves like a live source. With {@code lastSeen} (from {@code query_from_last_seen_timestamp}) it
 * behaves like the VictoriaMetrics reader: the window starts right after the oldest last-seen
 * timestamp when that is earlier than {@code start}, and each listed series keeps only newer points.
 * Thread-safe.
 */
final class FileSeriesReader implements SeriesReader {

    private final Path path;
    private final Map<String, Selector> selectors = new ConcurrentHashMap<>();
    private volatile FileTime loadedAt;
    private volatile List<Series> all = List.of();
    private volatile long size;

    FileSeriesReader(Path path) {
        this.path = path;
    }

    @Override
    public Result read(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen) throws IOException {
        Selector sel;
        try {
            sel = selectors.computeIfAbsent(query.expr(), Selector::parse);
        } catch (IllegalArgumentException e) {
            throw new IoFailure("io_error", "query '" + query.alias() + "': " + e.getMessage(), e);
        }
        List<Series> data = load();
        List<Series> out = new ArrayList<>();
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
                    out.add(cut);
                    bytes += 16L * cut.size();
                }
            }
        }
        return new Result(out, bytes, 0);
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
            all = SeriesFiles.read(path);
            loadedAt = t;
            size = sz;
        }
        return all;
    }

    @Override
    public String url() {
        return path.toUri().toString();
    }
}
