package dev.vigil.runner.io;

import dev.vigil.core.series.Series;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends output series to a file: VictoriaMetrics JSON lines (importable with
 * {@code curl --data-binary @file http://vm:8428/api/v1/import}) when the name ends in
 * {@code .json}/{@code .jsonl}, else long CSV {@code timestamp,metric,value}. The file is truncated
 * when the writer opens. Thread-safe (writes are serialised).
 */
final class FileSeriesWriter implements SeriesWriter {

    private final Path path;
    private final boolean json;
    private final Writer out;
    private boolean headerDone;

    FileSeriesWriter(Path path) throws IOException {
        this.path = path;
        this.json = SeriesFiles.isJsonLines(path);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    @Override
    public synchronized long write(List<Series> series) throws IOException {
        try {
            long n = json ? SeriesFiles.writeJsonLines(series, out) : SeriesFiles.writeCsv(series, out, !headerDone);
            headerDone = true;
            out.flush();
            return n;
        } catch (IOException e) {
            throw new IoFailure("io_error", "cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String url() {
        return path.toUri().toString();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
