package dev.vigil.runner.io;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.config.QueryConfig;
import dev.vigil.vm.DroppedPoints;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the series of one query over a time range, at the query's step. Implementations are
 * thread-safe, also for concurrent reads of the same query alias (backtesting windows with
 * {@code n_jobs > 1}).
 */
public interface SeriesReader extends AutoCloseable {

    /**
     * What one read returned.
     *
     * @param bytes payload bytes received (0 when unknown)
     * @param parseSeconds time spent parsing the payload, seconds (0 when unknown)
     * @param dropped the points of {@code series} no model will score (non-finite values) and the points
     *     the reader removed (timestamps going backwards or repeating), counted while reading
     */
    record Result(List<Series> series, long bytes, double parseSeconds, DroppedPoints dropped) {

        /**
         * A result whose non-finite points are counted here, in one pass over the values: for readers
         * that do not count them while parsing. Nothing is out of order (the series are increasing).
         */
        public Result(List<Series> series, long bytes, double parseSeconds) {
            this(series, bytes, parseSeconds, nonFinite(series));
        }

        private static DroppedPoints nonFinite(List<Series> series) {
            long points = 0;
            int affected = 0;
            for (Series s : series) {
                int n = s.size() - s.finiteCount();
                points += n;
                affected += n > 0 ? 1 : 0;
            }
            return new DroppedPoints(points, affected, 0, 0);
        }
    }

    /**
     * The series of {@code query} with points in {@code [start, end]}.
     *
     * @param lastSeen newest timestamp already processed per series (epoch ms); used only by readers
     *     honouring {@code query_from_last_seen_timestamp}
     * @throws IOException (usually an {@link IoFailure} with a metric code) when the read fails
     */
    Result read(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen) throws IOException;

    /**
     * Whether {@link #stream} hands series on as it parses them, so that a caller scoring them in
     * batches holds one batch rather than the whole answer. False unless the reader says otherwise.
     */
    default boolean streams() {
        return false;
    }

    /**
     * {@link #read}, handing each series to {@code sink} instead of returning it (each series once).
     * By default the whole answer is read, then handed on; a reader that {@link #streams()} holds
     * only the series being parsed. A failure after some series were handed on is thrown; those
     * series stay handed on.
     *
     * @return what the read returned, without its series ({@link Result#series()} is empty)
     * @throws IOException (usually an {@link IoFailure} with a metric code) when the read fails
     */
    default Result stream(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen,
                          Consumer<Series> sink) throws IOException {
        Result r = read(query, start, end, lastSeen);
        r.series().forEach(sink);
        return new Result(List.of(), r.bytes(), r.parseSeconds(), r.dropped());
    }

    /** A short description of the source for logs and the {@code url} metric label. */
    String url();

    @Override
    default void close() {
    }
}
