package dev.vigil.core.decomposition;

/**
 * Splits a regularly sampled series into {@code y = trend + seasonal + resid}. Implementations are
 * immutable and thread-safe; one instance may decompose any number of series concurrently.
 */
public interface Decomposer {

    /** The number of samples per season. */
    int period();

    /**
     * Decomposes {@code values} (one value per grid step, {@code NaN} for a missing point).
     *
     * @throws IllegalArgumentException when the series has fewer than two full periods of points
     *                                  or no finite value at all, saying which
     */
    Decomposition decompose(double[] values);
}
