package dev.vigil.runner.io;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.ReaderConfig;
import dev.vigil.vm.UrlCredentials;
import dev.vigil.vm.QueryResult;
import dev.vigil.vm.RequestEvent;
import dev.vigil.vm.VmListener;
import dev.vigil.vm.VmReader;
import dev.vigil.vm.VmRequestException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code /api/v1/query_range} through the anomaly-vm-client {@link VmReader} (range splitting,
 * retries, tenants, auth and TLS live there). Bytes and parsing time of each read are gathered from
 * the client's per-attempt events. A streamed read answered by one request runs that request on the
 * calling thread, so its events are tallied for the calling thread and such reads of one alias run
 * concurrently (backtesting windows with {@code n_jobs > 1} score while they read). The requests of a
 * whole read, and of a read split by {@code max_points_per_query}, run on the client's threads: their
 * events are tallied per query alias, and such reads of one alias are serialised so that the tally
 * belongs to exactly one read. Reads of different aliases run concurrently. Thread-safe.
 */
final class VmSeriesReader implements SeriesReader {

    private static final Logger LOG = LoggerFactory.getLogger("reader.vm");

    private final VmReader reader;
    private final String url;
    private final Map<String, LongAdder[]> tallies = new ConcurrentHashMap<>();
    /** The tally of the one-request streamed read running on this thread, if any. */
    private final ThreadLocal<LongAdder[]> streaming = new ThreadLocal<>();

    /** @throws dev.vigil.vm.VmConfigException when the TLS files cannot be used */
    VmSeriesReader(ReaderConfig config) {
        this.url = UrlCredentials.removed(config.datasourceUrl());
        this.reader = VmReader.create(config.client(), new VmListener() {
            @Override
            public void onRequest(RequestEvent e) {
                LongAdder[] own = streaming.get();
                if (own != null) {
                    own[0].add(e.bytes());
                    own[1].add(e.codecNanos());
                } else if (e.queryKey() != null) {
                    LongAdder[] t = tallies.computeIfAbsent(e.queryKey(), k -> new LongAdder[] {new LongAdder(),
                        new LongAdder()});
                    t[0].add(e.bytes());
                    t[1].add(e.codecNanos());
                }
                if (!e.ok()) {
                    LOG.warn("request for query_key '{}' to {} failed with code {} (attempt {})", e.queryKey(), e.url(),
                            e.code(), e.attempt());
                }
            }

            @Override
            public void onWarning(String component, String message) {
                LOG.warn("{}", message);
            }
        }, Clock.systemUTC(), new Random());
    }

    @Override
    public Result read(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen) throws IOException {
        LongAdder[] t = tallies.computeIfAbsent(query.alias(), k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        synchronized (t) {
            return read(query, start, end, lastSeen, t);
        }
    }

    private Result read(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen, LongAdder[] t)
            throws IOException {
        t[0].reset();
        t[1].reset();
        QueryResult r;
        try {
            r = reader.read(query.client(), start, end, lastSeen);
        } catch (VmRequestException e) {
            throw new IoFailure(e.code(), e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IoFailure("io_error", "query '" + query.alias() + "': " + e.getMessage(), e);
        }
        return new Result(new ArrayList<Series>(r.series().values()), t[0].sum(), t[1].sum() / 1e9, r.dropped());
    }

    /** Streams a read answered by one request straight from the connection ({@link VmReader#stream}). */
    @Override
    public boolean streams() {
        return true;
    }

    @Override
    public Result stream(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen,
                         Consumer<Series> sink) throws IOException {
        int requests;
        try {
            requests = reader.requests(query.client(), start, end, lastSeen);
        } catch (IllegalArgumentException e) {
            throw new IoFailure("io_error", "query '" + query.alias() + "': " + e.getMessage(), e);
        }
        if (requests <= 1) {
            LongAdder[] own = {new LongAdder(), new LongAdder()};
            streaming.set(own);
            try {
                return stream(query, start, end, lastSeen, sink, own);
            } finally {
                streaming.remove();
            }
        }
        LongAdder[] t = tallies.computeIfAbsent(query.alias(), k -> new LongAdder[] {new LongAdder(), new LongAdder()});
        synchronized (t) {
            t[0].reset();
            t[1].reset();
            return stream(query, start, end, lastSeen, sink, t);
        }
    }

    private Result stream(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen,
                          Consumer<Series> sink, LongAdder[] t) throws IOException {
        QueryResult r;
        try {
            r = reader.stream(query.client(), start, end, lastSeen, sink);
        } catch (VmRequestException e) {
            throw new IoFailure(e.code(), e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IoFailure("io_error", "query '" + query.alias() + "': " + e.getMessage(), e);
        }
        return new Result(List.of(), t[0].sum(), t[1].sum() / 1e9, r.dropped());
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void close() {
        reader.close();
    }
}
