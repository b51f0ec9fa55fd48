package dev.vigil.vm;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Reads {@code /api/v1/query_range} from VictoriaMetrics (vmanomaly docs, Reader, v1.30).
 *
 * <p>A read of {@code [start, end]} asks for {@code [start - offset, end - offset]} at the query's step
 * (default {@code sampling_period}), narrowed to the multiples of the step inside it (epoch-based, as
 * VictoriaMetrics itself rounds longer ranges): VictoriaMetrics evaluates a range query at
 * {@code start, start + step, ...}, so unaligned reads of the same data would return the same raw
 * sample at different timestamps; aligned, every read returns a series on one grid and overlapping
 * reads agree point for point. When that is more than {@code max_points_per_query} points per
 * series, the range is cut into consecutive step-aligned chunks of at most that many points, fetched
 * concurrently ({@code workers} at a time) and stitched per series in time order; a timestamp seen in
 * an earlier chunk is never repeated. Points whose timestamp is not after the previous point of their
 * series (a source answering out of order) are dropped and counted in {@link QueryResult#dropped()},
 * as are non-finite values (kept as NaN). Connection errors, I/O errors and 5xx answers are retried with
 * exponential backoff (50 ms doubling to 2 s, jittered) until {@code timeout} has passed; 4xx answers and
 * {@code "status":"error"} bodies fail at once with VictoriaMetrics' {@code errorType} and {@code error}.
 *
 * <p>Thread-safe; reuse one instance (it owns an HTTP client and a small thread pool) and
 * {@link #close()} it at shutdown. Parsing is a single streaming pass, O(response bytes).
 */
public final class VmReader implements AutoCloseable {

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final String[] READ_HEADERS = {"Accept-Encoding", "gzip", "Accept", "application/json"};

    private final ReaderConfig config;
    private final Transport transport;
    private final ExecutorService pool;

    private VmReader(ReaderConfig config, VmListener listener, Clock clock, Random random) {
        this.config = Objects.requireNonNull(config, "config");
        this.transport = new Transport(config.http(), DEFAULT_TIMEOUT, Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(random, "random"), Objects.requireNonNull(listener, "listener"));
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.workers(), r -> {
            Thread t = new Thread(r, "vigil-vm-reader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A reader with the system clock, an unseeded jitter source and no listener. */
    public static VmReader create(ReaderConfig config) {
        return create(config, VmListener.NONE, Clock.systemUTC(), new Random());
    }

    /**
     * A reader reporting to {@code listener}, timing with {@code clock} (retry deadline) and drawing
     * retry jitter from {@code random} (seed it for reproducible tests).
     */
    public static VmReader create(ReaderConfig config, VmListener listener, Clock clock, Random random) {
        return new VmReader(config, listener, clock, random);
    }

    /** The configuration. */
    public ReaderConfig config() {
        return config;
    }

    /** Reads {@code query} over {@code [start, end]}, see the class documentation. */
    public QueryResult read(QueryConfig query, Instant start, Instant end) {
        return read(query, start, end, Map.of());
    }

    /**
     * Reads {@code query} over {@code [start, end]}. With {@code query_from_last_seen_timestamp}, the
     * window starts right after the oldest of {@code lastSeenMs} when that is earlier than {@code start}
     * (recovering skipped runs), and each series listed there keeps only points newer than its entry.
     *
     * @param lastSeenMs last timestamp already processed, per series (epoch ms); ignored unless the flag is on
     * @throws VmRequestException when a request fails for good
     */
    public QueryResult read(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeenMs) {
        Request r = request(query, start, end, lastSeenMs);
        if (r.chunks() == 0) {
            return r.result(Map.of(), DroppedPoints.NONE);
        }
        Stitched st = stitch(fetchChunks(r), r.lastSeen(), r.floor());
        return r.result(st.series(), st.dropped());
    }

    /** The parsed answers of every chunk of {@code r}, fetched concurrently, in chunk order. */
    private List<QueryRangeParser.Result> fetchChunks(Request r) {
        List<Future<QueryRangeParser.Result>> futures = new ArrayList<>(r.chunks());
        for (int c = 0; c < r.chunks(); c++) {
            URI uri = chunkUri(r, c);
            futures.add(pool.submit(() -> fetch(r, uri)));
        }
        return await(r, futures);
    }

    /** What {@code futures} computed, in order; the first failure cancels the rest and is thrown as it was. */
    private static <T> List<T> await(Request r, List<Future<T>> futures) {
        List<T> parts = new ArrayList<>(futures.size());
        try {
            for (Future<T> f : futures) {
                parts.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            futures.forEach(f -> f.cancel(true));
            throw new VmRequestException("io_error", r.url(), r.what() + ": interrupted", e);
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new VmRequestException("io_error", r.url(), r.what() + ": " + cause, cause);
        }
        return parts;
    }

    /**
     * The streamed read of a range split into chunks, each chunk parked in a {@link ChunkSpill} under
     * {@link ReaderConfig#spillDir()} as it is parsed, then handed on series by series.
     *
     * @return what was dropped; {@code null} when the chunks could not be parked (nothing was handed on,
     *     a warning says why, and the caller reads them into memory instead)
     */
    private DroppedPoints streamSpilled(Request r, Consumer<Series> sink) {
        ChunkSpill spill;
        try {
            spill = ChunkSpill.open(config.spillDir(), r.chunks());
        } catch (IOException | RuntimeException e) {
            spillFailed(r, e);
            return null;
        }
        try (spill) {
            List<Future<Integer>> futures = new ArrayList<>(r.chunks());
            for (int c = 0; c < r.chunks(); c++) {
                URI uri = chunkUri(r, c);
                ChunkSpill.Chunk chunk = spill.chunk(c);
                futures.add(pool.submit(() -> fetchInto(r, uri, chunk)));
            }
            try {
                await(r, futures);
            } catch (ChunkSpill.WriteFailure e) {
                spillFailed(r, e.getCause());
                return null;
            }
            int[] handed = {0};
            try {
                return spill.drain(r.lastSeen(), r.floor(), s -> {
                    handed[0]++;
                    sink.accept(s);
                });
            } catch (ChunkSpill.ReadFailure e) {
                throw new VmRequestException("io_error", r.url(), r.what() + ": cannot read back the chunks parked in "
                        + spill.dir() + " (after " + handed[0] + " series were handed on): " + e.getCause(), e);
            }
        }
    }

    private void spillFailed(Request r, Throwable e) {
        transport.warn("reader", r.what() + ": cannot park the " + r.chunks() + " chunks of the read in "
                + config.spillDir() + " (" + e + "); holding them in memory instead");
    }

    /** Fetches one chunk into {@code chunk}; returns how many series it had. */
    private int fetchInto(Request r, URI uri, ChunkSpill.Chunk chunk) {
        return get(r, uri, (InputStream in, Transport.Stats stats) -> {
            long t0 = System.nanoTime();
            QueryRangeParser.Result res;
            try {
                res = QueryRangeParser.parse(in, r.what(), r.url(), c -> {
                    chunk.add(c);
                    stats.series++;
                });
            } catch (QueryRangeParser.SinkFailure e) {
                throw e.getCause(); // the chunk's file failed
            }
            chunk.finish();
            stats.codecNanos = System.nanoTime() - t0;
            stats.points = res.points;
            return stats.series;
        });
    }

    /**
     * {@link #read(QueryConfig, Instant, Instant, Map)}, handing each series to {@code sink} as it is
     * parsed instead of gathering them: a range answered by one request (at most
     * {@code max_points_per_query} points per series) is parsed on the calling thread straight from
     * the connection, so only the series being parsed is held here and the sink sees the series in the
     * order VictoriaMetrics sent them. A range split into several requests needs every chunk of a
     * series before the series is complete: its chunks are fetched concurrently as {@link #read} does and
     * parked on disk under {@link ReaderConfig#spillDir()} as they are parsed, then each series is read
     * back, stitched and handed over in {@link Labels} order, so that what is held here is each series'
     * labels and file positions and the one series being handed over. Without a spill directory, or when
     * its files cannot be written (a warning says so), the parsed chunks are held in memory instead and
     * released series by series as they are handed over. Each series is handed over once: a connection
     * that breaks after the first series was handed over is not retried (the failure is thrown; what the
     * sink had is kept).
     *
     * @return the read's summary: its range, requests and dropped points; its series map is empty
     * @throws VmRequestException when a request fails for good
     * @throws RuntimeException   what the sink threw, as it threw it
     */
    public QueryResult stream(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeenMs,
                              Consumer<Series> sink) {
        Objects.requireNonNull(sink, "sink");
        Request r = request(query, start, end, lastSeenMs);
        if (r.chunks() > 1) {
            DroppedPoints spilled = config.spillDir() == null ? null : streamSpilled(r, sink);
            return r.result(Map.of(), spilled != null ? spilled
                    : streamChunks(fetchChunks(r), r.lastSeen(), r.floor(), sink));
        }
        if (r.chunks() == 0) {
            return r.result(Map.of(), DroppedPoints.NONE);
        }
        long[] dropped = new long[4];
        int[] handed = {0};
        try {
            get(r, chunkUri(r, 0), (InputStream in, Transport.Stats stats) -> {
                long t0 = System.nanoTime();
                long[] sinkNanos = {0};
                Arrays.fill(dropped, 0);
                QueryRangeParser.Result res;
                try {
                    res = QueryRangeParser.parse(in, r.what(), r.url(), c -> {
                        Series s = stitchSeries(c.labels, List.of(c), r.lastSeen(), r.floor(), dropped);
                        long s0 = System.nanoTime();
                        handed[0]++;
                        sink.accept(s);
                        sinkNanos[0] += System.nanoTime() - s0;
                        stats.series++;
                    });
                } catch (VmRequestException e) {
                    if (handed[0] > 0) {
                        // not retried: the series handed over would be handed over again
                        throw new VmRequestException(e.code().equals("bad_response") ? "io_error" : e.code(),
                                r.url(), e.getMessage() + " (after " + handed[0] + " series were handed on)",
                                e);
                    }
                    throw e;
                }
                stats.codecNanos = System.nanoTime() - t0 - sinkNanos[0];
                stats.points = res.points;
                return res;
            });
        } catch (QueryRangeParser.SinkFailure e) {
            throw e.getCause();
        }
        return r.result(Map.of(), new DroppedPoints(dropped[0], (int) dropped[1], dropped[2], (int) dropped[3]));
    }

    /**
     * The requests of one read: the step-aligned range, its chunks and the catch-up filter.
     *
     * @param floor the start of the read before the catch-up moved it ({@link Long#MIN_VALUE}: no catch-up)
     */
    private record Request(QueryConfig query, String path, String url, String what, long from, long to,
                           long stepMs, int maxPoints, int chunks, ZoneId tz, DataRange range,
                           Map<Labels, Long> lastSeen, long floor) {

        QueryResult result(Map<Labels, Series> series, DroppedPoints dropped) {
            return new QueryResult(query.alias(), series, from, to, stepMs, tz, range, chunks, dropped);
        }
    }

    /**
     * How many requests a read of {@code query} over {@code [start, end]} sends (0 when no multiple of
     * the step lies in the range; more than 1 when {@code max_points_per_query} splits it); sends none.
     *
     * @throws IllegalArgumentException when {@code end} is before {@code start}
     * @throws VmConfigException        when the query's tenant cannot be used
     */
    public int requests(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeenMs) {
        return request(query, start, end, lastSeenMs, false).chunks();
    }

    private Request request(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeenMs) {
        return request(query, start, end, lastSeenMs, true);
    }

    private Request request(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeenMs,
                            boolean warn) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Duration offset = query.offset() != null ? query.offset() : config.offset();
        long stepMs = (query.step() != null ? query.step() : config.samplingPeriod()).toMillis();
        int maxPoints = query.maxPointsPerQuery() != null ? query.maxPointsPerQuery() : config.maxPointsPerQuery();
        Tenant tenant = config.http().tenant();
        if (query.tenant() != null) {
            if (tenant.isSingle()) {
                throw new VmConfigException("query '" + query.alias() + "': 'tenant_id' needs a reader-level 'tenant_id'");
            }
            tenant = query.tenant();
        }
        long from = start.toEpochMilli() - offset.toMillis();
        long to = end.toEpochMilli() - offset.toMillis();
        long floor = from;
        boolean fromLastSeen = config.queryFromLastSeenTimestamp() && !lastSeenMs.isEmpty();
        if (fromLastSeen) {
            long oldest = Collections.min(lastSeenMs.values());
            if (oldest + 1 < from) {
                from = oldest + 1;
            }
        }
        if (to < from) {
            throw new IllegalArgumentException("query '" + query.alias() + "': end " + end + " is before start " + start);
        }
        from = Math.floorDiv(from + stepMs - 1, stepMs) * stepMs;
        to = Math.floorDiv(to, stepMs) * stepMs;
        ZoneId tz = query.tz() != null ? query.tz() : config.tz();
        DataRange range = query.dataRange() != null ? query.dataRange() : config.dataRange();
        String path = tenant.selectPrefix() + config.queryRangePath();
        String url = config.http().safeUrl(path);
        String what = "query '" + query.alias() + "'";
        int chunks = 0; // none when no multiple of the step lies in the range: nothing to ask for
        if (to >= from) {
            long n = (to - from) / stepMs + 1;
            chunks = (int) ((n + maxPoints - 1) / maxPoints);
            if (chunks > 1 && warn) {
                transport.warn("reader", "query '" + query.alias() + "': " + n + " points per series exceed"
                        + " max_points_per_query=" + maxPoints + "; the range is split into " + chunks + " requests"
                        + " (use a shorter range or a larger step to avoid this)");
            }
        }
        return new Request(query, path, url, what, from, to, stepMs, maxPoints, chunks, tz, range,
                fromLastSeen ? lastSeenMs : Map.of(), fromLastSeen ? floor : Long.MIN_VALUE);
    }

    private URI chunkUri(Request r, int c) {
        long cs = r.from() + (long) c * r.maxPoints() * r.stepMs();
        long ce = Math.min(r.to(), cs + (long) (r.maxPoints() - 1) * r.stepMs());
        return URI.create(config.http().datasourceUrl() + r.path() + "?" + queryString(r.query().expr(), cs, ce,
                r.stepMs()));
    }

    /** One chunk of {@code r}, parsed whole. */
    private QueryRangeParser.Result fetch(Request r, URI uri) {
        return get(r, uri, (InputStream in, Transport.Stats stats) -> {
            long t0 = System.nanoTime();
            QueryRangeParser.Result res = QueryRangeParser.parse(in, r.what(), r.url());
            stats.codecNanos = System.nanoTime() - t0;
            stats.series = res.series.size();
            stats.points = res.points;
            return res;
        });
    }

    /**
     * A GET of {@code uri} for read {@code r} (gzip accepted, retried until the timeout), its 2xx body
     * handed to {@code handler}: the one request every read sends.
     */
    private <T> T get(Request r, URI uri, Transport.BodyHandler<T> handler) {
        return transport.execute(RequestEvent.Kind.READ, r.query().alias(), r.what(), r.url(), uri, "GET",
                HttpRequest.BodyPublishers.noBody(), 0, READ_HEADERS, new Transport.Policy(Integer.MAX_VALUE, true,
                        true), handler);
    }

    private String queryString(String expr, long startMs, long endMs, long stepMs) {
        StringBuilder sb = new StringBuilder(expr.length() + 128);
        sb.append("query=").append(enc(expr))
                .append("&start=").append(seconds(startMs))
                .append("&end=").append(seconds(endMs))
                .append("&step=").append(seconds(stepMs));
        if (config.latencyOffset() != null) {
            sb.append("&latency_offset=").append(config.latencyOffset().toMillis()).append("ms");
        }
        for (String f : config.extraFilters()) {
            sb.append("&extra_filters%5B%5D=").append(enc(f));
        }
        return sb.toString();
    }

    /** Epoch ms as decimal seconds, exactly: {@code 1600000000.5} is 1600000000500 ms, {@code -0.25} is -250 ms. */
    static String seconds(long ms) {
        String sign = ms < 0 ? "-" : "";
        long abs = Math.abs(ms);
        long frac = abs % 1000;
        return sign + (abs / 1000) + (frac == 0 ? "" : "." + String.format(java.util.Locale.ROOT, "%03d", frac));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The series of a read and what was dropped from them. */
    record Stitched(Map<Labels, Series> series, DroppedPoints dropped) {
    }

    /**
     * Stitches the series of {@code parts} one at a time in {@link Labels} order and hands each to
     * {@code sink}, dropping the references to its chunk columns first so that what is handed over
     * is released as the sink releases it; {@code parts} is emptied. Drops and counts as
     * {@link #stitch} does. O(points) plus O(series log series) for the order.
     */
    static DroppedPoints streamChunks(List<QueryRangeParser.Result> parts, Map<Labels, Long> lastSeen, long floorMs,
                                      Consumer<Series> sink) {
        TreeMap<Labels, List<QueryRangeParser.Columns>> byLabels = new TreeMap<>();
        for (QueryRangeParser.Result part : parts) {
            for (QueryRangeParser.Columns c : part.series) {
                byLabels.computeIfAbsent(c.labels, k -> new ArrayList<>(parts.size())).add(c);
            }
        }
        parts.clear();
        long[] dropped = new long[4];
        for (Map.Entry<Labels, List<QueryRangeParser.Columns>> e = byLabels.pollFirstEntry(); e != null;
             e = byLabels.pollFirstEntry()) {
            Series s = stitchSeries(e.getKey(), e.getValue(), lastSeen, floorMs, dropped);
            e = null; // the chunk columns of this series go with it
            sink.accept(s);
        }
        return new DroppedPoints(dropped[0], (int) dropped[1], dropped[2], (int) dropped[3]);
    }

    /**
     * Concatenates chunk results per series in chunk order, dropping timestamps not after the
     * previous one of the series (counted as out of order) and, without counting them, points at or
     * before the series' {@code lastSeen} entry (else before {@code floorMs}). Counts the non-finite
     * values kept. One pass over the points; none at all for a series answered in one increasing chunk.
     */
    static Stitched stitch(List<QueryRangeParser.Result> parts, Map<Labels, Long> lastSeen, long floorMs) {
        Map<Labels, Series> out = new TreeMap<>();
        // the streamed stitch, gathered: one grouping and one drop rule for both (it empties its list, not parts)
        DroppedPoints dropped = streamChunks(new ArrayList<>(parts), lastSeen, floorMs, s -> out.put(s.labels(), s));
        return new Stitched(Collections.unmodifiableMap(out), dropped);
    }

    /**
     * One series of {@link #stitch}, from its chunks in order; adds to {@code dropped} its non-finite
     * points, 1 if it has any, its points out of order, 1 if it has any.
     */
    static Series stitchSeries(Labels labels, List<QueryRangeParser.Columns> chunks, Map<Labels, Long> lastSeen,
                               long floorMs, long[] dropped) {
        Long seen = lastSeen.isEmpty() ? null : lastSeen.get(labels);
        long after = seen != null ? seen : floorMs == Long.MIN_VALUE ? Long.MIN_VALUE : floorMs - 1;
        if (chunks.size() == 1 && chunks.get(0).notIncreasing == 0) {
            // the common case, one chunk in time order: no stitching, and no copy unless points at or
            // before `after` are left out (the parsed columns are handed over; the parser sizes them from
            // the previous series, so they are usually exact already)
            QueryRangeParser.Columns c = chunks.get(0);
            int from = 0;
            while (from < c.size && c.ts[from] <= after) {
                from++;
            }
            long nan = 0;
            if (from == 0) {
                nan = c.nonFinite;
            } else {
                for (int i = from; i < c.size; i++) {
                    nan += Double.isFinite(c.vs[i]) ? 0 : 1;
                }
            }
            dropped[0] += nan;
            dropped[1] += nan > 0 ? 1 : 0;
            if (from == 0) {
                return Series.ofOwned(labels, c.size == c.ts.length ? c.ts : Arrays.copyOf(c.ts, c.size),
                        c.size == c.vs.length ? c.vs : Arrays.copyOf(c.vs, c.size));
            }
            return Series.ofOwned(labels, Arrays.copyOfRange(c.ts, from, c.size), Arrays.copyOfRange(c.vs, from, c.size));
        }
        int total = 0;
        for (QueryRangeParser.Columns c : chunks) {
            total += c.size;
        }
        long[] ts = new long[total];
        double[] vs = new double[total];
        int n = 0;
        long last = Long.MIN_VALUE;
        long backwards = 0;
        long nan = 0;
        for (QueryRangeParser.Columns c : chunks) {
            for (int i = 0; i < c.size; i++) {
                long t = c.ts[i];
                if (t <= last) {
                    backwards++;
                } else {
                    last = t;
                    if (t > after) {
                        ts[n] = t;
                        vs[n] = c.vs[i];
                        nan += Double.isFinite(c.vs[i]) ? 0 : 1;
                        n++;
                    }
                }
            }
        }
        dropped[0] += nan;
        dropped[1] += nan > 0 ? 1 : 0;
        dropped[2] += backwards;
        dropped[3] += backwards > 0 ? 1 : 0;
        return Series.ofOwned(labels, n == total ? ts : Arrays.copyOf(ts, n), n == total ? vs : Arrays.copyOf(vs, n));
    }

    /** Probes {@code /health} of the datasource; never throws for a network failure. */
    public HealthStatus health() {
        String url = config.http().safeUrl("/health");
        URI uri = URI.create(config.http().datasourceUrl() + "/health");
        long t0 = System.nanoTime();
        try {
            String body = transport.execute(RequestEvent.Kind.HEALTH, null, "health probe", url, uri, "GET",
                    HttpRequest.BodyPublishers.noBody(), 0, new String[0], new Transport.Policy(1, false, true),
                    (in, stats) -> new String(in.readNBytes(256), StandardCharsets.UTF_8).strip());
            return new HealthStatus(true, "200", body.isEmpty() ? "OK" : body, System.nanoTime() - t0);
        } catch (VmRequestException e) {
            return new HealthStatus(false, e.code(), e.getMessage(), System.nanoTime() - t0);
        }
    }

    /** Stops the worker threads; in-flight reads are interrupted. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
