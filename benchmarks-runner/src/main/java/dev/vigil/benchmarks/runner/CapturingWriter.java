package dev.vigil.benchmarks.runner;

import dev.vigil.core.series.Labels;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.vm.OutputSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Passes writes through, counting the points written since the last {@link #take()}; while
 * {@link #capture} is on, also appends each output's name, input labels and values to a file, which
 * {@link #load} reads back (for {@link ScaleCycle}'s client to write the runner's own values).
 * Thread-safe (the runner writes from its write thread).
 */
final class CapturingWriter implements SeriesWriter {

    /** The outputs the runner writes per input series (its {@code provide_series}), in this order. */
    static final List<String> OUTPUTS = List.of("anomaly_score", "y", "yhat", "yhat_lower", "yhat_upper");
    private final SeriesWriter delegate;
    private long points;
    private java.io.DataOutputStream capture;

    CapturingWriter(SeriesWriter delegate) {
        this.delegate = delegate;
    }

    @Override
    public synchronized Written write(List<OutputSeries> series) throws IOException {
        Written w = delegate.write(series);
        points += w.points();
        if (capture != null) {
            for (OutputSeries o : series) {
                capture.writeUTF(o.variable());
                Map<String, String> labels = o.series().labels().asMap();
                capture.writeInt(labels.size());
                for (Map.Entry<String, String> e : labels.entrySet()) {
                    capture.writeUTF(e.getKey());
                    capture.writeUTF(e.getValue());
                }
                capture.writeInt(o.series().size());
                for (double v : o.series().values()) {
                    capture.writeDouble(v);
                }
            }
        }
        return w;
    }

    /** Captures what is written next into {@code file} (emptied); {@code null} stops and closes. */
    synchronized void capture(Path file) throws IOException {
        if (capture != null) {
            capture.close();
            capture = null;
        }
        if (file != null) {
            capture = new java.io.DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file),
                    1 << 16));
        }
    }

    /** What {@link #capture} wrote: per input series, the values of each of {@link #OUTPUTS}. */
    static Map<Labels, double[][]> load(Path file) throws IOException {
        Map<Labels, double[][]> out = new java.util.HashMap<>();
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.BufferedInputStream(
                Files.newInputStream(file), 1 << 16))) {
            while (in.available() > 0) {
                int k = OUTPUTS.indexOf(in.readUTF());
                Map<String, String> labels = new java.util.LinkedHashMap<>();
                for (int i = in.readInt(); i > 0; i--) {
                    labels.put(in.readUTF(), in.readUTF());
                }
                double[] v = new double[in.readInt()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = in.readDouble();
                }
                if (k >= 0) {
                    out.computeIfAbsent(Labels.of(labels), l -> new double[OUTPUTS.size()][])[k] = v;
                }
            }
        }
        return out;
    }

    synchronized long take() {
        long p = points;
        points = 0;
        return p;
    }

    @Override
    public String url() {
        return delegate.url();
    }
}
