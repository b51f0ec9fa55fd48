package dev.vigil.runner.io;

import dev.vigil.core.series.Series;
import dev.vigil.runner.config.QueryConfig;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Reads the series of one query over a time range, at the query's step. Implementations are
 * thread-safe: the runner may read several queries concurrently.
 */
public interface SeriesReader extends AutoCloseable {

    /** What one read returned. {@code bytes} is the payload size (0 when unknown). */
    record Result(List<Series> series, long bytes) {
    }

    /**
     * The series of {@code query} with points in {@code [start, end]}.
     *
     * @throws IOException (usually an {@link IoFailure} with a metric code) when the read fails
     */
    Result read(QueryConfig query, Instant start, Instant end) throws IOException;

    /** A short description of the source for logs and the {@code url} metric label. */
    String url();

    @Override
    default void close() {
    }
}
