package dev.vigil.models;

/**
 * Per-channel outputs of a multivariate model with bands, written on request next to its joint
 * score: {@code yhat[i][c]}, {@code lower[i][c]}, {@code upper[i][c]} and {@code score[i][c]} are
 * channel c's prediction, bounds and own anomaly score at row i ({@code NaN} where the channel's
 * value is not finite). Mutable arrays, filled by the model; not thread-safe.
 *
 * @param yhat  per row and channel the prediction
 * @param lower per row and channel the lower bound
 * @param upper per row and channel the upper bound
 * @param score per row and channel the channel's own score (1 on its band's edge)
 */
public record ChannelBands(double[][] yhat, double[][] lower, double[][] upper, double[][] score) {

    /** Arrays for {@code rows} rows of {@code channels} channels. */
    public static ChannelBands allocate(int rows, int channels) {
        return new ChannelBands(new double[rows][channels], new double[rows][channels], new double[rows][channels],
                new double[rows][channels]);
    }

    /** The number of rows the arrays hold. */
    public int rows() {
        return yhat.length;
    }
}
