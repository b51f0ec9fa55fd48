package dev.vigil.runner.io;

import dev.vigil.core.series.Series;
import java.io.IOException;
import java.util.List;

/**
 * Writes output series (name and labels already final; {@code NaN} points are skipped). Thread-safe:
 * concurrent writes never interleave within one series.
 */
public interface SeriesWriter extends AutoCloseable {

    /**
     * Writes every series; returns the number of bytes sent (0 when unknown).
     *
     * @throws IOException (usually an {@link IoFailure} with a metric code) when the write fails
     */
    long write(List<Series> series) throws IOException;

    /** A short description of the target for logs and the {@code url} metric label. */
    String url();

    @Override
    default void close() throws IOException {
    }
}
