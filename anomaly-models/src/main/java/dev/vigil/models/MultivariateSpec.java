package dev.vigil.models;

/**
 * A spec of a multivariate (many-to-one) model, such as {@code isolation_forest_multivariate}: one
 * model fitted on several aligned series at once, giving one joint anomaly score per timestamp. As a
 * {@link ModelSpec} it also fits a single series (one channel), so that the univariate paths can run
 * it; the runner feeds it the aligned series of all its queries, one model per {@code groupby} group.
 *
 * <p>Rows are aligned: {@code rows[i][c]} is channel {@code c} at {@code timestamps[i]}, every row has
 * the same number of channels, in the same order at fit and inference time. Immutable and thread-safe.
 */
public interface MultivariateSpec extends ModelSpec {

    /**
     * Fits a model on aligned rows. Rows holding a {@code NaN} or infinite value are ignored.
     *
     * @param timestamps epoch milliseconds, one per row
     * @param rows       one array of channel values per timestamp, all of the same length (at least 1)
     * @throws IllegalArgumentException  when the arrays are not aligned
     * @throws InsufficientDataException when too few rows are finite
     */
    MultivariateModel fit(long[] timestamps, double[][] rows);
}
