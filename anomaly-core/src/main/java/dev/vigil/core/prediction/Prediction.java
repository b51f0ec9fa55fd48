package dev.vigil.core.prediction;

import dev.vigil.core.series.Labels;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A model's output for a batch of points, column-wise: timestamps (epoch ms), {@code y},
 * {@code yhat}, {@code yhat_lower}, {@code yhat_upper}, {@code anomaly_score}, and optional named
 * extras such as {@code trend}, {@code seasonal} or {@code resid}. {@code NaN} marks a missing value.
 *
 * <p>Immutable and thread-safe. Built with {@link #builder(Labels, long[])}, whose arrays are filled
 * in place and handed over without a copy; read back with the indexed accessors (no copy) or
 * {@link #column(String)} (a copy).
 */
public final class Prediction {

    private final Labels labels;
    private final long[] timestamps;
    private final double[] y;
    private final double[] yhat;
    private final double[] lower;
    private final double[] upper;
    private final double[] score;
    private final Map<String, double[]> extras;

    private Prediction(Builder b) {
        this.labels = b.labels;
        this.timestamps = b.timestamps;
        this.y = b.y;
        this.yhat = b.yhat;
        this.lower = b.lower;
        this.upper = b.upper;
        this.score = b.score;
        this.extras = Collections.unmodifiableMap(new LinkedHashMap<>(b.extras));
    }

    /**
     * A builder over {@code timestamps.length} rows with every column filled with {@code NaN}. The
     * timestamps array is taken as is (not copied): do not change it afterwards.
     */
    public static Builder builder(Labels labels, long[] timestamps) {
        return new Builder(labels, timestamps);
    }

    /** An empty prediction for the given labels. */
    public static Prediction empty(Labels labels) {
        return builder(labels, new long[0]).build();
    }

    /** The labels of the series this prediction is for. */
    public Labels labels() {
        return labels;
    }

    /** The number of rows. */
    public int size() {
        return timestamps.length;
    }

    /** The i-th timestamp (epoch ms). */
    public long timestamp(int i) {
        return timestamps[i];
    }

    /** The i-th observed value. */
    public double y(int i) {
        return y[i];
    }

    /** The i-th expected value. */
    public double yhat(int i) {
        return yhat[i];
    }

    /** The i-th lower bound. */
    public double yhatLower(int i) {
        return lower[i];
    }

    /** The i-th upper bound. */
    public double yhatUpper(int i) {
        return upper[i];
    }

    /** The i-th anomaly score. */
    public double anomalyScore(int i) {
        return score[i];
    }

    /** The names of the extra columns, in the order the model added them. */
    public List<String> extraNames() {
        return List.copyOf(extras.keySet());
    }

    /** A copy of the timestamps. */
    public long[] timestamps() {
        return timestamps.clone();
    }

    /** Whether a column of this name exists (standard or extra). */
    public boolean hasColumn(String name) {
        return Columns.STANDARD.contains(name) || extras.containsKey(name);
    }

    /**
     * A copy of a column by its output name ({@code anomaly_score}, {@code y}, {@code yhat},
     * {@code yhat_lower}, {@code yhat_upper} or an extra).
     *
     * @throws IllegalArgumentException naming the column and the known ones when it does not exist
     */
    public double[] column(String name) {
        return raw(name).clone();
    }

    /** The i-th value of a column by name. */
    public double value(String name, int i) {
        return raw(name)[i];
    }

    private double[] raw(String name) {
        switch (name) {
            case Columns.ANOMALY_SCORE: return score;
            case Columns.Y: return y;
            case Columns.YHAT: return yhat;
            case Columns.YHAT_LOWER: return lower;
            case Columns.YHAT_UPPER: return upper;
            default:
                double[] extra = extras.get(name);
                if (extra == null) {
                    throw new IllegalArgumentException("no column '" + name + "' in this prediction; it has "
                            + Columns.STANDARD + (extras.isEmpty() ? "" : " and " + extras.keySet()));
                }
                return extra;
        }
    }

    @Override
    public String toString() {
        return "Prediction" + labels + "[" + timestamps.length + " rows, extras " + extras.keySet() + "]";
    }

    /**
     * Fills a {@link Prediction}. The column arrays it returns are live: write into them, then call
     * {@link #build()}, after which the builder must not be used. Not thread-safe.
     */
    public static final class Builder {
        private final Labels labels;
        private final long[] timestamps;
        private final double[] y;
        private final double[] yhat;
        private final double[] lower;
        private final double[] upper;
        private final double[] score;
        private final Map<String, double[]> extras = new LinkedHashMap<>();
        private boolean built;

        private Builder(Labels labels, long[] timestamps) {
            this.labels = Objects.requireNonNull(labels, "labels");
            this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
            int n = timestamps.length;
            this.y = nans(n);
            this.yhat = nans(n);
            this.lower = nans(n);
            this.upper = nans(n);
            this.score = nans(n);
        }

        private static double[] nans(int n) {
            double[] a = new double[n];
            Arrays.fill(a, Double.NaN);
            return a;
        }

        /** The number of rows. */
        public int size() {
            return timestamps.length;
        }

        /** The live {@code y} column. */
        public double[] y() {
            return y;
        }

        /** The live {@code yhat} column. */
        public double[] yhat() {
            return yhat;
        }

        /** The live {@code yhat_lower} column. */
        public double[] yhatLower() {
            return lower;
        }

        /** The live {@code yhat_upper} column. */
        public double[] yhatUpper() {
            return upper;
        }

        /** The live {@code anomaly_score} column. */
        public double[] anomalyScore() {
            return score;
        }

        /** The live extra column of this name, created filled with {@code NaN} on first use. */
        public double[] extra(String name) {
            Objects.requireNonNull(name, "name");
            if (Columns.STANDARD.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is a standard column, not an extra");
            }
            return extras.computeIfAbsent(name, k -> nans(timestamps.length));
        }

        /** Sets the row's standard values in one call. */
        public Builder set(int i, double yv, double yhatv, double lowerv, double upperv) {
            y[i] = yv;
            yhat[i] = yhatv;
            lower[i] = lowerv;
            upper[i] = upperv;
            return this;
        }

        /** The finished, immutable prediction. */
        public Prediction build() {
            if (built) {
                throw new IllegalStateException("build() was already called on this builder");
            }
            built = true;
            return new Prediction(this);
        }
    }
}
