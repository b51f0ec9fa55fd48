package dev.vigil.core.decomposition;

/**
 * Settings of an STL decomposition, named and defaulted as in statsmodels' {@code STL} (which
 * follows the original Fortran): smoother widths are odd numbers of samples, degrees are 0 or 1.
 *
 * @param period        samples per season, {@code >= 2}
 * @param seasonal      width of the seasonal (cycle-subseries) smoother, odd, {@code >= 3}; default 7
 * @param trend         width of the trend smoother, odd, {@code >= 3}; default: the smallest odd
 *                      integer greater than {@code 1.5 period / (1 - 1.5 / seasonal)}
 * @param lowPass       width of the low-pass filter, odd, {@code >= 3}; default: the smallest odd
 *                      integer greater than {@code period}
 * @param seasonalDeg   degree of the seasonal LOESS (default 1)
 * @param trendDeg      degree of the trend LOESS (default 1)
 * @param lowPassDeg    degree of the low-pass LOESS (default 1)
 * @param robust        whether to down-weight outliers with bisquare robustness weights
 * @param innerIter     inner loop passes (default 2 when robust, else 5)
 * @param outerIter     robustness passes (default 15 when robust, else 0)
 */
public record StlConfig(int period, int seasonal, int trend, int lowPass, int seasonalDeg, int trendDeg,
        int lowPassDeg, boolean robust, int innerIter, int outerIter) {

    /** Validates every setting, naming the offending one. */
    public StlConfig {
        if (period < 2) {
            throw new IllegalArgumentException("STL period must be >= 2 samples, got " + period);
        }
        requireOddAtLeast3("seasonal", seasonal);
        requireOddAtLeast3("trend", trend);
        requireOddAtLeast3("low_pass", lowPass);
        requireDegree("seasonal_deg", seasonalDeg);
        requireDegree("trend_deg", trendDeg);
        requireDegree("low_pass_deg", lowPassDeg);
        if (innerIter < 1) {
            throw new IllegalArgumentException("STL inner_iter must be >= 1, got " + innerIter);
        }
        if (outerIter < 0) {
            throw new IllegalArgumentException("STL outer_iter must be >= 0, got " + outerIter);
        }
    }

    /** statsmodels' defaults for {@code period}, non-robust. */
    public static StlConfig of(int period) {
        return of(period, false);
    }

    /** statsmodels' defaults for {@code period} and the given robustness. */
    public static StlConfig of(int period, boolean robust) {
        return of(period, 7, robust);
    }

    /** statsmodels' defaults for {@code period} with a seasonal smoother of width {@code seasonal}. */
    public static StlConfig of(int period, int seasonal, boolean robust) {
        if (period < 2) {
            throw new IllegalArgumentException("STL period must be >= 2 samples, got " + period);
        }
        requireOddAtLeast3("seasonal", seasonal);
        int trend = nextOdd(1.5 * period / (1 - 1.5 / seasonal));
        int lowPass = nextOdd(period);
        return new StlConfig(period, seasonal, trend, lowPass, 1, 1, 1, robust, robust ? 2 : 5, robust ? 15 : 0);
    }

    /** The smallest odd integer strictly greater than {@code x} (and at least 3). */
    static int nextOdd(double x) {
        int k = (int) Math.floor(x) + 1;
        if (k % 2 == 0) {
            k++;
        }
        return Math.max(3, k);
    }

    private static void requireOddAtLeast3(String name, int w) {
        if (w < 3 || w % 2 == 0) {
            throw new IllegalArgumentException("STL " + name + " width must be an odd integer >= 3, got " + w);
        }
    }

    private static void requireDegree(String name, int d) {
        if (d != 0 && d != 1) {
            throw new IllegalArgumentException("STL " + name + " must be 0 or 1, got " + d);
        }
    }
}
