package dev.vigil.runner.io;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.series.Series;
import dev.vigil.eval.csv.LongCsvWriter;
import dev.vigil.eval.InputException;
import dev.vigil.eval.nab.NabCorpus;
import dev.vigil.eval.report.ServiceReport;
import dev.vigil.vm.OutputSeries;
import dev.vigil.vm.VmCodec;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Appends output series to a file: VictoriaMetrics JSON lines (importable with
 * {@code curl --data-binary @file http://vm:8428/api/v1/import}) when the name ends in
 * {@code .json}/{@code .jsonl}/{@code .ndjson}, else long CSV {@code timestamp,metric,value}
 * ({@link LongCsvWriter}). Labels follow
 * {@code metric_format} exactly as the VictoriaMetrics writer's ({@link dev.vigil.vm.OutputSeries#labels}).
 * The file is truncated when the writer opens. Values read back exactly: JSON lines are written by the
 * VictoriaMetrics client's encoder ({@link dev.vigil.vm.VmCodec#encodeImport}, as sent to
 * {@code /api/v1/import}), CSV values as their shortest round-trip decimals. Thread-safe (writes are serialised).
 *
 * <p>With a report path, it also keeps what it wrote in a {@link ServiceReport} and renders it as one
 * self-contained HTML page: once when the writer opens (an empty page, so an unwritable path fails
 * at start-up), after the first job that wrote something, after later jobs when at least
 * {@code refresh} has passed since the last rendering, and when the service finishes. The page is
 * replaced atomically.
 *
 * <p>{@link #summary()} tells how many {@code anomaly_score} points were written, how many of them
 * are above 1 (anomalies), and where the scores file and the report are.
 */
final class FileSeriesWriter implements SeriesWriter {

    private final Path path;
    private final Map<String, String> metricFormat;
    private final boolean json;
    private final Writer out;
    private boolean headerDone;
    private final ServiceReport report;
    private final long refreshNanos;
    private long renderedAt;
    private boolean dirty;
    private boolean renderedData;
    private final Path reportPath;
    private long points;
    private long scored;
    private long anomalies;

    FileSeriesWriter(Path path, Map<String, String> metricFormat) throws IOException {
        this(path, metricFormat, null, Duration.ZERO);
    }

    /**
     * A writer to {@code path}, with an HTML report at {@code reportPath} unless it is {@code null}.
     *
     * @param refresh the least time between two renderings after jobs
     * @throws IOException naming the file when the output or the report cannot be created
     */
    FileSeriesWriter(Path path, Map<String, String> metricFormat, Path reportPath, Duration refresh) throws IOException {
        this(path, metricFormat, reportPath, null, refresh);
    }

    /**
     * A writer whose report also shades and counts the windows of {@code labels} (a NAB-style windows
     * JSON; {@code null} for none), matched to series as {@link ServiceReport#labelledWindows} says.
     *
     * @throws IOException naming the labels file when it cannot be read or is malformed
     */
    FileSeriesWriter(Path path, Map<String, String> metricFormat, Path reportPath, Path labels, Duration refresh)
            throws IOException {
        Map<String, long[]> windows = null;
        if (reportPath != null && labels != null) {
            try {
                windows = NabCorpus.readWindows(labels);
            } catch (InputException e) {
                throw new IOException("writer.report_labels: " + e.getMessage(), e);
            }
        }
        this.path = path;
        this.metricFormat = metricFormat;
        this.json = FileSeriesReader.isJsonLines(path);
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        this.refreshNanos = refresh.toNanos();
        this.reportPath = reportPath;
        if (reportPath == null) {
            this.report = null;
        } else {
            Map<String, String> overview = new LinkedHashMap<>();
            overview.put("scores file", path.toString());
            if (windows != null) {
                overview.put("labelled windows", labels.toString());
            }
            this.report = new ServiceReport(reportPath, "Vigil anomaly report", overview,
                    ServiceReport.DEFAULT_MAX_POINTS, ServiceReport.DEFAULT_MAX_SECTIONS);
            report.labelledWindows(windows);
            try {
                report.write();
            } catch (IOException e) {
                out.close();
                throw e;
            }
            renderedAt = System.nanoTime();
        }
    }

    @Override
    public synchronized Written write(List<OutputSeries> series) throws IOException {
        List<Series> named = new ArrayList<>(series.size());
        long points = 0;
        long sent = 0;
        for (OutputSeries s : series) {
            Series x = s.series().withLabels(s.labels(metricFormat));
            named.add(x);
            long finite = x.finiteCount();
            points += finite;
            sent += finite > 0 ? 1 : 0;
        }
        try {
            long t0 = System.nanoTime();
            long n = json ? writeJsonLines(named) : LongCsvWriter.write(named, out, !headerDone);
            double serialize = (System.nanoTime() - t0) / 1e9;
            headerDone = true;
            out.flush();
            this.points += points;
            count(series);
            if (report != null) {
                for (OutputSeries o : series) {
                    report.add(o.schedulerAlias(), o.modelAlias(), o.queryKey(), o.variable(), o.series());
                }
                dirty = true;
            }
            return new Written(sent, points, n, serialize);
        } catch (IOException e) {
            throw new IoFailure("io_error", "cannot write " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends series as VictoriaMetrics JSON lines (finite points only, series without one left out);
     * returns the bytes written (UTF-8).
     */
    private long writeJsonLines(List<Series> series) throws IOException {
        byte[] lines = VmCodec.encodeImport(series);
        out.write(new String(lines, StandardCharsets.UTF_8));
        return lines.length;
    }

    /** Counts the anomaly scores written and those above 1. */
    private void count(List<OutputSeries> series) {
        for (OutputSeries o : series) {
            if (o.variable().equals(Columns.ANOMALY_SCORE)) {
                for (double v : o.series().values()) {
                    if (Double.isFinite(v)) {
                        scored++;
                        anomalies += v > 1 ? 1 : 0;
                    }
                }
            }
        }
    }

    @Override
    public synchronized void afterJob() throws IOException {
        if (report != null && dirty && (!renderedData || System.nanoTime() - renderedAt >= refreshNanos)) {
            renderReport();
        }
    }

    @Override
    public synchronized void finish() throws IOException {
        if (report != null && dirty) {
            renderReport();
        }
    }

    private void renderReport() throws IOException {
        dirty = false;
        renderedData = true;
        renderedAt = System.nanoTime();
        report.write();
    }

    /**
     * E.g. {@code scored 20736 points, 115 anomalies (score > 1, 0.55 %); wrote target/vigil-scores.jsonl
     * and target/report.html}.
     */
    @Override
    public synchronized String summary() {
        String files = path + (reportPath == null ? "" : " and " + reportPath);
        if (scored == 0) {
            return "wrote " + points + " points, no anomaly_score (not in provide_series, or nothing inferred); wrote "
                    + files;
        }
        return String.format(Locale.ROOT, "scored %d points, %d anomalies (score > 1, %.2f %%); wrote %s", scored,
                anomalies, 100.0 * anomalies / scored, files);
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
