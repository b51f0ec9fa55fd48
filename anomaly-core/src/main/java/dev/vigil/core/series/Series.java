package dev.vigil.core.series;

import java.util.Arrays;
import java.util.Objects;

/**
 * One time series: strictly increasing epoch-millisecond timestamps, {@code double} values with
 * {@code NaN} as the missing marker, and a {@link Labels} identity.
 *
 * <p>Immutable and thread-safe: the arrays are copied on the way in and never handed out; read them
 * with {@link #timestamp(int)} and {@link #value(int)} (no boxing, no copy) or copy them with
 * {@link #timestamps()} and {@link #values()}. Construction is O(n) (one validation pass and a copy).
 */
public final class Series {

    private static final long[] NO_TIMES = new long[0];
    private static final double[] NO_VALUES = new double[0];

    private final Labels labels;
    private final long[] timestamps;
    private final double[] values;

    private Series(Labels labels, long[] timestamps, double[] values) {
        this.labels = labels;
        this.timestamps = timestamps;
        this.values = values;
    }

    /**
     * A validated copy of the given columns.
     *
     * @param labels     the identity; {@link Labels#empty()} for none
     * @param timestamps epoch milliseconds, strictly increasing
     * @param values     one value per timestamp; {@code NaN} marks a missing point
     * @throws IllegalArgumentException when the lengths differ or the timestamps do not increase,
     *                                  naming the first offending index and its values
     */
    public static Series of(Labels labels, long[] timestamps, double[] values) {
        validate(labels, timestamps, values);
        return new Series(labels, timestamps.clone(), values.clone());
    }

    private static void validate(Labels labels, long[] timestamps, double[] values) {
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(values, "values");
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("series " + labels + ": " + timestamps.length
                    + " timestamps but " + values.length + " values; they must have equal lengths");
        }
        for (int i = 1; i < timestamps.length; i++) {
            if (timestamps[i] <= timestamps[i - 1]) {
                throw new IllegalArgumentException("series " + labels + ": timestamps must be strictly increasing, but"
                        + " timestamp[" + i + "] = " + timestamps[i] + " ms follows timestamp[" + (i - 1) + "] = "
                        + timestamps[i - 1] + " ms");
            }
        }
    }

    /**
     * Like {@link #of(Labels, long[], double[])}, validated the same way, but the series takes the arrays
     * over instead of copying them: for a reader that built the arrays for this series alone (a parsed
     * response), which saves a copy of every point read. The caller must not touch the arrays afterwards.
     *
     * @throws IllegalArgumentException as {@link #of(Labels, long[], double[])}
     */
    public static Series ofOwned(Labels labels, long[] timestamps, double[] values) {
        validate(labels, timestamps, values);
        return new Series(labels, timestamps, values);
    }

    /** A series with no labels. */
    public static Series of(long[] timestamps, double[] values) {
        return of(Labels.empty(), timestamps, values);
    }

    /** An empty series with the given labels. */
    public static Series empty(Labels labels) {
        return new Series(Objects.requireNonNull(labels, "labels"), NO_TIMES, NO_VALUES);
    }

    /** The identity of this series. */
    public Labels labels() {
        return labels;
    }

    /** A copy carrying other labels; the arrays are shared, which is safe because both are immutable. */
    public Series withLabels(Labels newLabels) {
        return new Series(Objects.requireNonNull(newLabels, "newLabels"), timestamps, values);
    }

    /** The number of points, missing ones included. */
    public int size() {
        return timestamps.length;
    }

    /** Whether the series has no points at all. */
    public boolean isEmpty() {
        return timestamps.length == 0;
    }

    /** The i-th timestamp in epoch milliseconds. */
    public long timestamp(int i) {
        return timestamps[i];
    }

    /** The i-th value; {@code NaN} when missing. */
    public double value(int i) {
        return values[i];
    }

    /** A copy of the timestamps. */
    public long[] timestamps() {
        return timestamps.clone();
    }

    /** A copy of the values. */
    public double[] values() {
        return values.clone();
    }

    /** The first timestamp. @throws IllegalStateException when empty */
    public long firstTimestamp() {
        requireNonEmpty();
        return timestamps[0];
    }

    /** The last timestamp. @throws IllegalStateException when empty */
    public long lastTimestamp() {
        requireNonEmpty();
        return timestamps[timestamps.length - 1];
    }

    /** The number of finite values (neither NaN nor infinite). */
    public int finiteCount() {
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                n++;
            }
        }
        return n;
    }

    /** Points with index in {@code [from, to)}; O(to - from). */
    public Series slice(int from, int to) {
        if (from < 0 || to > timestamps.length || from > to) {
            throw new IndexOutOfBoundsException("slice [" + from + ", " + to + ") of a series of " + timestamps.length);
        }
        if (from == 0 && to == timestamps.length) {
            return this;
        }
        return new Series(labels, Arrays.copyOfRange(timestamps, from, to), Arrays.copyOfRange(values, from, to));
    }

    /**
     * Points with timestamp in {@code [startMs, endMs)}, empty when {@code endMs <= startMs}; O(log n)
     * search plus the copy.
     */
    public Series between(long startMs, long endMs) {
        int from = indexAtOrAfter(startMs);
        return slice(from, Math.max(from, indexAtOrAfter(endMs)));
    }

    /** Points strictly newer than {@code lastSeenMs}. */
    public Series after(long lastSeenMs) {
        return slice(lastSeenMs == Long.MAX_VALUE ? timestamps.length : indexAtOrAfter(lastSeenMs + 1), timestamps.length);
    }

    /** The index of the first timestamp {@code >= t} (the size when none). */
    public int indexAtOrAfter(long t) {
        int i = Arrays.binarySearch(timestamps, t);
        return i >= 0 ? i : -i - 1;
    }

    private void requireNonEmpty() {
        if (timestamps.length == 0) {
            throw new IllegalStateException("series " + labels + " is empty");
        }
    }

    /** Equal when labels, timestamps and values are equal ({@code NaN} equals {@code NaN}). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Series)) {
            return false;
        }
        Series s = (Series) o;
        return labels.equals(s.labels) && Arrays.equals(timestamps, s.timestamps) && Arrays.equals(values, s.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * labels.hashCode() + Arrays.hashCode(timestamps)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "Series" + labels + "[" + timestamps.length + " points"
                + (timestamps.length > 0 ? ", " + timestamps[0] + ".." + timestamps[timestamps.length - 1] + " ms" : "")
                + "]";
    }
}
