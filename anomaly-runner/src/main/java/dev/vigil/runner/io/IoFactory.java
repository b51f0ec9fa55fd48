package dev.vigil.runner.io;

import dev.vigil.config.ReaderConfig;
import dev.vigil.config.WriterConfig;
import java.io.IOException;

/** Builds the reader and writer named by the configuration ({@code vm} or {@code file}). Stateless and thread-safe. */
public final class IoFactory {

    /** The file writer refreshes its HTML report after a job at most this often (and always at the end). */
    static final java.time.Duration REPORT_REFRESH = java.time.Duration.ofSeconds(5);

    private IoFactory() {
    }

    /**
     * The reader of a validated {@code reader} section.
     *
     * @throws dev.vigil.vm.VmConfigException when the TLS files cannot be used (the message names the key)
     */
    public static SeriesReader reader(ReaderConfig c) {
        return "file".equals(c.kind()) ? new FileSeriesReader(c.path()) : new VmSeriesReader(c);
    }

    /**
     * The writer of a validated {@code writer} section; a file writer truncates its file.
     *
     * @throws dev.vigil.vm.VmConfigException when the TLS files cannot be used (the message names the key)
     */
    public static SeriesWriter writer(WriterConfig c) throws IOException {
        return writer(c, BufferingSeriesWriter.Listener.NONE);
    }

    /**
     * The writer of a validated {@code writer} section; a file writer truncates its file. A VictoriaMetrics
     * writer holds what it failed to send in a {@link BufferingSeriesWriter} of
     * {@link BufferingSeriesWriter#DEFAULT_MAX_POINTS} points, reporting to {@code faults}.
     *
     * @throws dev.vigil.vm.VmConfigException when the TLS files cannot be used (the message names the key)
     */
    public static SeriesWriter writer(WriterConfig c, BufferingSeriesWriter.Listener faults) throws IOException {
        return "file".equals(c.kind()) ? new FileSeriesWriter(c.path(), c.metricFormat(), c.report(), c.reportLabels(),
                REPORT_REFRESH)
                : new BufferingSeriesWriter(new VmSeriesWriter(c), BufferingSeriesWriter.DEFAULT_MAX_POINTS, faults);
    }
}
