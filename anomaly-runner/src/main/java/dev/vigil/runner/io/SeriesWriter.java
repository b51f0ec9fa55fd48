package dev.vigil.runner.io;

import dev.vigil.vm.OutputSeries;
import java.io.IOException;
import java.util.List;

/**
 * Writes output series, named and labelled per the writer's {@code metric_format} (see
 * {@link dev.vigil.vm.OutputSeries#labels}); non-finite points are skipped. Thread-safe: concurrent writes never
 * interleave within one series.
 */
public interface SeriesWriter extends AutoCloseable {

    /**
     * What one write sent. {@code bytes} is 0 when unknown; {@code serializeSeconds} is the time spent
     * encoding (and compressing) the payload, 0 when unknown.
     */
    record Written(long series, long points, long bytes, double serializeSeconds) {

        /** A write whose serialisation time is unknown. */
        public Written(long series, long points, long bytes) {
            this(series, points, bytes, 0);
        }
    }

    /**
     * Writes every series.
     *
     * @throws IOException (usually an {@link IoFailure} with a metric code) when the write fails
     */
    Written write(List<OutputSeries> series) throws IOException;

    /**
     * Called after every job, e.g. to refresh a report; the default does nothing.
     *
     * @throws IOException when that refresh fails (the scores are not affected)
     */
    default void afterJob() throws IOException {
    }

    /**
     * Called once when the service has stopped, before {@link #close()}, e.g. to write the final
     * report; the default does nothing.
     *
     * @throws IOException when that fails (the scores are not affected)
     */
    default void finish() throws IOException {
    }

    /**
     * One line on everything written, logged when the service stops (e.g. how many points were scored
     * and where the files are); {@code null} (the default) for none. Called after {@link #finish()}.
     */
    default String summary() {
        return null;
    }

    /** A short description of the target for logs and the {@code url} metric label. */
    String url();

    @Override
    default void close() throws IOException {
    }
}
