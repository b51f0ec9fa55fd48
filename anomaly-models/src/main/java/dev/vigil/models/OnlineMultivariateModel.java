package dev.vigil.models;

/**
 * A {@link MultivariateModel} that keeps learning, such as {@code temporal_envelope_multivariate}:
 * {@link #scoreAndUpdate} scores each row against the state built from all earlier rows, then folds
 * the row in (causal, row by row: a batch of n rows scores as n batches of one row). As an
 * {@link OnlineModel} it also runs a single series when it has one channel.
 *
 * <p>Not thread-safe for writes: one writer at a time. {@link #score} reads the state without
 * changing it; {@link #copy} gives an independent snapshot.
 */
public interface OnlineMultivariateModel extends MultivariateModel, OnlineModel {

    /**
     * The joint anomaly score of each row, learning each row right after scoring it: {@code NaN} for
     * a row holding a {@code NaN} or infinite value (its finite channels are still learnt).
     *
     * @param timestamps epoch milliseconds, one per row, ascending
     * @param rows       one array of {@link #channels()} values per timestamp
     * @throws IllegalArgumentException when the arrays are not aligned or a row has another channel count
     */
    double[] scoreAndUpdate(long[] timestamps, double[][] rows);

    /**
     * {@link #scoreAndUpdate(long[], double[][])}, also writing each channel's band and own score
     * into {@code bands} (the per-channel outputs, for callers that asked for them).
     *
     * @throws IllegalArgumentException also when {@code bands} holds fewer rows or channels than given
     */
    double[] scoreAndUpdate(long[] timestamps, double[][] rows, ChannelBands bands);

    /** Folds rows into the state without scoring them (as {@link #scoreAndUpdate}, without its output). */
    void update(long[] timestamps, double[][] rows);

    @Override
    OnlineMultivariateModel copy();
}
