package dev.vigil.core.decomposition;

import java.util.Objects;

/**
 * The result of a seasonal decomposition: for every sample {@code i},
 * {@code observed[i] = trend[i] + seasonal[i] + resid[i]} wherever {@code observed[i]} and
 * {@code trend[i]} are finite.
 * At a missing sample ({@code NaN} in the input) {@code resid} is {@code NaN}; {@code trend} and
 * {@code seasonal} hold the decomposer's estimate there ({@link Stl}: from the gap-filled series),
 * or {@code NaN} where it has none (the first samples of a {@link Classical} trend).
 *
 * <p>The arrays are owned by this record and must not be modified; the record is thus immutable and
 * thread-safe by convention (no defensive copies, to keep large decompositions cheap).
 *
 * @param period   samples per season
 * @param observed the input values, {@code NaN} where missing
 * @param trend    the trend component
 * @param seasonal the seasonal component
 * @param resid    the remainder, {@code NaN} where the input was missing or the trend undefined
 */
public record Decomposition(int period, double[] observed, double[] trend, double[] seasonal, double[] resid) {

    /** Checks that every component has the same length. */
    public Decomposition {
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(trend, "trend");
        Objects.requireNonNull(seasonal, "seasonal");
        Objects.requireNonNull(resid, "resid");
        int n = observed.length;
        if (trend.length != n || seasonal.length != n || resid.length != n) {
            throw new IllegalArgumentException("decomposition components must have equal lengths, got observed " + n
                    + ", trend " + trend.length + ", seasonal " + seasonal.length + ", resid " + resid.length);
        }
        if (period < 2) {
            throw new IllegalArgumentException("period must be >= 2, got " + period);
        }
    }

    /** The number of samples. */
    public int size() {
        return observed.length;
    }
}
