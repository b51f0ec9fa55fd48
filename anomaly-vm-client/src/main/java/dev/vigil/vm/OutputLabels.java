package dev.vigil.vm;

import dev.vigil.core.series.Labels;
import java.util.Map;
import java.util.Objects;

/**
 * The labels of the output series of one write ({@link OutputSeries#labels}), with the part they add to
 * their input's labels computed once per (variable, query key, model alias, scheduler alias) rather than
 * once per output series: a write of N input series with five outputs each resolves {@code metric_format}
 * five times, not 5N times.
 *
 * <p>Not thread-safe (one per write). {@link #of} is O(labels of the series) plus a scan of at most
 * {@value #CAPACITY} remembered combinations.
 */
final class OutputLabels {

    /** Combinations remembered: the five outputs of a model, times a few models or queries per write. */
    static final int CAPACITY = 32;

    private final Map<String, String> metricFormat;
    private final OutputSeries[] keys = new OutputSeries[CAPACITY];
    private final Labels[] generated = new Labels[CAPACITY];
    private int size;

    OutputLabels(Map<String, String> metricFormat) {
        this.metricFormat = Objects.requireNonNull(metricFormat, "metricFormat");
    }

    /** The labels {@code s} is written with, equal to {@code s.labels(metricFormat)}. */
    Labels of(OutputSeries s) {
        return s.series().labels().overlaidBy(generated(s));
    }

    private Labels generated(OutputSeries s) {
        for (int i = 0; i < size; i++) {
            OutputSeries k = keys[i];
            if (k.variable().equals(s.variable()) && k.queryKey().equals(s.queryKey())
                    && Objects.equals(k.modelAlias(), s.modelAlias())
                    && Objects.equals(k.schedulerAlias(), s.schedulerAlias())) {
                return generated[i];
            }
        }
        Labels g = s.generated(metricFormat);
        if (size == CAPACITY) {
            size = 0; // many combinations in one write: start over rather than search a long list
        }
        keys[size] = s;
        generated[size++] = g;
        return g;
    }
}
