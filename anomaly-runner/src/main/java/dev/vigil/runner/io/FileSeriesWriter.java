package dev.vigil.runner.io;

import dev.vigil.core.series.Series;
import dev.vigil.vm.OutputSeries;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Appends output series to a file: VictoriaMetrics JSON lines (importable with
 * {@code curl --data-binary @file http://vm:8428/api/v1/import}) when the name ends in
 * {@code .json}/{@code .jsonl}, else long CSV {@code timestamp,metric,value}. Labels follow
 * {@code metric_format} exactly as the VictoriaMetrics writer's ({@link OutputLabels}). The file is
 * truncated when the writer opens. Thread-safe (writes are serialised).
 */
final class FileSeriesWriter implements SeriesWriter {

    private final Path path;
    private final Map<String, String> metricFormat;
    private final boolean json;
    private final Writer out;
    private boolean headerDone;

    FileSeriesWriter(Path path, Map<String, String> metricFormat) throws IOException {
        this.path = path;
        this.metricFormat = metricFormat;
        this.json = SeriesFiles.isJsonLines(path);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    }

    @Override
    public synchronized Written write(List<OutputSeries> series) throws IOException {
        List<Series> named = new ArrayList<>(series.size());
        long points = 0;
        long sent = 0;
        for (OutputSeries s : series) {
            Series x = s.series().withLabels(OutputLabels.of(metricFormat, s));
            named.add(x);
            long finite = x.finiteCount();
            points += finite;
            sent += finite > 0 ? 1 : 0;
        }
        try {
            long t0 = System.nanoTime();
            long n = json ? SeriesFiles.writeJsonLines(named, out) : SeriesFiles.writeCsv(named, out, !headerDone);
            double serialize = (System.nanoTime() - t0) / 1e9;
            headerDone = true;
            out.flush();
            return new Written(sent, points, n, serialize);
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
