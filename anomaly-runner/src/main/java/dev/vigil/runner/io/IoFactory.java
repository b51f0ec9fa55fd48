package dev.vigil.runner.io;

import dev.vigil.runner.config.ReaderConfig;
import dev.vigil.runner.config.WriterConfig;
import java.io.IOException;

/** Builds the reader and writer named by the configuration ({@code vm} or {@code file}). */
public final class IoFactory {

    private IoFactory() {
    }

    /** The reader of a validated {@code reader} section. */
    public static SeriesReader reader(ReaderConfig c) {
        return "file".equals(c.kind()) ? new FileSeriesReader(c.path()) : new VmSeriesReader(c);
    }

    /** The writer of a validated {@code writer} section; a file writer truncates its file. */
    public static SeriesWriter writer(WriterConfig c) throws IOException {
        return "file".equals(c.kind()) ? new FileSeriesWriter(c.path()) : new VmSeriesWriter(c);
    }
}
