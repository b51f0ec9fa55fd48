package dev.vigil.runner.io;

import dev.vigil.runner.config.ReaderConfig;
import dev.vigil.runner.config.WriterConfig;
import dev.vigil.vm.VmConfigException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Builds the reader and writer named by the configuration ({@code vm} or {@code file}). */
public final class IoFactory {

    /** The file writer refreshes its HTML report after a job at most this often (and always at the end). */
    static final java.time.Duration REPORT_REFRESH = java.time.Duration.ofSeconds(5);

    private IoFactory() {
    }

    /**
     * The reader of a validated {@code reader} section.
     *
     * @throws VmConfigException when a connection key is invalid (the message names it)
     */
    public static SeriesReader reader(ReaderConfig c) {
        return "file".equals(c.kind()) ? new FileSeriesReader(c.path()) : new VmSeriesReader(c);
    }

    /**
     * The writer of a validated {@code writer} section; a file writer truncates its file.
     *
     * @throws VmConfigException when a connection key is invalid (the message names it)
     */
    public static SeriesWriter writer(WriterConfig c) throws IOException {
        return "file".equals(c.kind()) ? new FileSeriesWriter(c.path(), c.metricFormat(), c.report(), REPORT_REFRESH)
                : new VmSeriesWriter(c);
    }

    /**
     * Checks the connection keys of the VictoriaMetrics reader and writer without connecting (for
     * {@code --dryRun}); returns one message per problem.
     */
    public static List<String> check(ReaderConfig r, WriterConfig w) {
        List<String> errors = new ArrayList<>();
        if (!"file".equals(r.kind())) {
            try {
                VmSettings.reader(r);
                r.queries().values().forEach(VmSettings::query);
            } catch (VmConfigException e) {
                errors.add("reader: " + e.getMessage());
            }
        }
        if (!"file".equals(w.kind())) {
            try {
                VmSettings.writer(w);
            } catch (VmConfigException e) {
                errors.add("writer: " + e.getMessage());
            }
        }
        return errors;
    }
}
