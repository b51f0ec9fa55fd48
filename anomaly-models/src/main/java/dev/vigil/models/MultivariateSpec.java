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

    /**
     * {@link #fit(long[], double[][])} on the first {@code rows} rows of a row-major array: row
     * {@code i} is {@code values[i · channels, (i + 1) · channels)}. Models that work on such arrays
     * override it and fit without copying the rows; by default the rows are copied into arrays.
     *
     * @param timestamps epoch milliseconds, at least {@code rows}
     * @param values     at least {@code rows · channels} values
     * @throws IllegalArgumentException  when the arrays are shorter than that or {@code channels < 1}
     * @throws InsufficientDataException when too few rows are finite
     */
    default MultivariateModel fit(long[] timestamps, double[] values, int rows, int channels) {
        return fit(java.util.Arrays.copyOf(timestamps, rows), Rows.split(timestamps, values, rows, channels));
    }

    /** Row-major arrays of rows and their checks, for the default methods. */
    final class Rows {
        private Rows() {
        }

        /**
         * The first {@code rows} rows of {@code values} as arrays.
         *
         * @throws IllegalArgumentException when the arrays hold fewer rows or {@code channels < 1}
         */
        public static double[][] split(long[] timestamps, double[] values, int rows, int channels) {
            check(timestamps, values, rows, channels);
            double[][] out = new double[rows][];
            for (int i = 0; i < rows; i++) {
                out[i] = java.util.Arrays.copyOfRange(values, i * channels, (i + 1) * channels);
            }
            return out;
        }

        /** @throws IllegalArgumentException when the arrays hold fewer than {@code rows} rows or {@code channels < 1} */
        public static void check(long[] timestamps, double[] values, int rows, int channels) {
            if (channels < 1 || rows < 0 || timestamps.length < rows || (long) rows * channels > values.length) {
                throw new IllegalArgumentException(rows + " rows of " + channels + " channels do not fit "
                        + timestamps.length + " timestamps and " + values.length + " values");
            }
        }
    }
}
