package dev.vigil.runner.io;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.config.QueryConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

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
     */
    record Result(List<Series> series, long bytes, double parseSeconds) {
    }

    /**
     * The series of {@code query} with points in {@code [start, end]}.
     *
     * @param lastSeen newest timestamp already processed per series (epoch ms); used only by readers
     *     honouring {@code query_from_last_seen_timestamp}
     * @throws IOException (usually an {@link IoFailure} with a metric code) when the read fails
     */
    Result read(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen) throws IOException;

    /** A short description of the source for logs and the {@code url} metric label. */
    String url();

    @Override
    default void close() {
    }
}
