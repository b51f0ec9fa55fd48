package dev.vigil.models;

/**
 * A model fitted by a {@link MultivariateSpec} on aligned rows of several channels. As a
 * {@link FittedModel}, {@link #infer} scores a single series when the model has one channel and
 * refuses otherwise. Offline multivariate models are immutable and thread-safe.
 */
public interface MultivariateModel extends FittedModel {

    /** The number of channels every row must hold, as at fit time. */
    int channels();

    /**
     * The joint anomaly score of each row (above 1: anomalous): {@code NaN} for a row holding a
     * {@code NaN} or infinite value, never an exception for such a row.
     *
     * @param timestamps epoch milliseconds, one per row
     * @param rows       one array of {@link #channels()} values per timestamp
     * @throws IllegalArgumentException when the arrays are not aligned or a row has another channel count
     */
    double[] score(long[] timestamps, double[][] rows);

    /**
     * {@link #score(long[], double[][])} of the first {@code rows} rows of a row-major array of
     * {@link #channels()} values per row (see {@link MultivariateSpec#fit(long[], double[], int, int)}).
     * Models that work on such arrays override it and score without copying the rows.
     *
     * @throws IllegalArgumentException when the arrays hold fewer than {@code rows} rows
     */
    default double[] score(long[] timestamps, double[] values, int rows) {
        return score(java.util.Arrays.copyOf(timestamps, rows),
                MultivariateSpec.Rows.split(timestamps, values, rows, channels()));
    }
}
