package dev.vigil.core.stats;

import java.util.Arrays;

/**
 * Order statistics over {@code double[]}: quantiles, median and median absolute deviation (MAD).
 * {@code NaN} values are skipped (as numpy's {@code nanquantile}/{@code nanmedian}); infinite values
 * are kept. With no value left the result is {@code NaN}.
 *
 * <p>Quantiles use numpy's default "linear" method (Hyndman and Fan 1996, definition 7): for
 * {@code n} sorted values {@code x[0..n-1]} and {@code h = (n - 1) q}, the quantile is
 * {@code x[floor(h)] + (h - floor(h)) (x[floor(h) + 1] - x[floor(h)])}.
 *
 * <p>Complexity: the array methods copy the finite values once (O(n) memory) and select with
 * Hoare's quickselect (median-of-three pivot), O(n) expected per quantile; the {@code ...InPlace}
 * variants reorder a caller-owned buffer and allocate nothing. Stateless and thread-safe.
 */
public final class RobustStats {

    /**
     * The quantile of the absolute deviations from the centre that the models' tail floor uses
     * ({@link #tailSigmaInPlace}): the 99.5th percentile.
     */
    public static final double TAIL_QUANTILE = 0.995;

    /** {@code 1 / Φ⁻¹(0.9975) ≈ 1 / 2.8070}: the 99.5th percentile of {@code |x - centre|} of normal data is 2.807 σ. */
    public static final double TAIL_TO_SIGMA = 1 / 2.807033768343811;

    private RobustStats() {
    }

    /**
     * The tail estimate of a standard deviation: {@code q_0.995(|x - centre|) / 2.807} of the finite values
     * of {@code buf[0..n)}, which it overwrites with the absolute deviations (reordered); NaN when there is
     * none. For normal data it estimates σ like the standard deviation and {@code 1.4826 · MAD}; for
     * heavier-tailed data it is the larger, and it ignores outliers in less than 0.5 % of the values. The
     * band models use it as a floor of their scale, so that at most about 0.5 % of a fit window's routine
     * deviations lie beyond a band of 2.5 σ̂. O(n) expected, allocates nothing.
     */
    public static double tailSigmaInPlace(double[] buf, int n, double centre) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.abs(buf[i] - centre);
            if (!Double.isNaN(d) && !Double.isInfinite(buf[i])) {
                buf[k++] = d;
            }
        }
        return k == 0 ? Double.NaN : TAIL_TO_SIGMA * quantileInPlace(buf, k, TAIL_QUANTILE);
    }

    /** The finite-or-infinite (non-NaN) values of {@code data}, in order, as a new array. */
    public static double[] withoutNaN(double[] data) {
        double[] out = new double[data.length];
        int n = 0;
        for (double v : data) {
            if (!Double.isNaN(v)) {
                out[n++] = v;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /**
     * The q-quantile of the non-NaN values, numpy "linear" interpolation.
     *
     * @throws IllegalArgumentException when q is not in [0, 1]
     */
    public static double quantile(double[] data, double q) {
        double[] buf = withoutNaN(data);
        return quantileInPlace(buf, buf.length, q);
    }

    /** Several quantiles of the non-NaN values, in the order of {@code qs}. */
    public static double[] quantiles(double[] data, double... qs) {
        double[] buf = withoutNaN(data);
        double[] out = new double[qs.length];
        for (int i = 0; i < qs.length; i++) {
            out[i] = quantileInPlace(buf, buf.length, qs[i]);
        }
        return out;
    }

    /** The median of the non-NaN values (numpy {@code nanmedian}). */
    public static double median(double[] data) {
        return quantile(data, 0.5);
    }

    /**
     * The raw median absolute deviation {@code median(|x - median(x)|)} of the non-NaN values, without
     * any consistency constant (multiply by {@code 1.4826} to estimate a normal standard deviation).
     */
    public static double mad(double[] data) {
        double[] buf = withoutNaN(data);
        return madInPlace(buf, buf.length);
    }

    /**
     * The mean absolute deviation {@code mean(|x - center|)} of the non-NaN values ({@code NaN} when
     * there is none). About the median it is the smallest mean absolute deviation; for normal data
     * {@code sqrt(pi/2) · meanAbsoluteDeviation ≈ 1.2533 ·} it estimates the standard deviation, which
     * makes it the customary scale of robust z-scores when the MAD is 0 (Iglewicz and Hoaglin 1993).
     * O(n), allocates nothing.
     */
    public static double meanAbsoluteDeviation(double[] data, double center) {
        double sum = 0;
        int n = 0;
        for (double v : data) {
            if (!Double.isNaN(v)) {
                sum += Math.abs(v - center);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * The q-quantile of {@code buf[0..n)}, which must hold no NaN; reorders the buffer, allocates
     * nothing. O(n) expected.
     */
    public static double quantileInPlace(double[] buf, int n, double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be in [0, 1], got " + q);
        }
        if (n == 0) {
            return Double.NaN;
        }
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        return typeSeven(buf, n, h, lo, select(buf, 0, n - 1, lo));
    }

    /**
     * Two quantiles {@code qLo ≤ qHi} of {@code buf[0..n)} (no NaN), each equal to
     * {@link #quantileInPlace}'s, in one reordering: the upper one is selected only among the values
     * right of the lower one's rank. Reorders the buffer, allocates nothing; O(n) expected, about
     * {@code 1 + (1 − qLo)} quickselects' work instead of two.
     *
     * @param out receives the lower quantile at {@code out[0]} and the upper at {@code out[1]}
     * @throws IllegalArgumentException when the quantiles are not in [0, 1] or {@code qLo > qHi}
     */
    public static void quantilePairInPlace(double[] buf, int n, double qLo, double qHi, double[] out) {
        if (!(qLo >= 0 && qLo <= qHi && qHi <= 1)) {
            throw new IllegalArgumentException("quantiles must satisfy 0 <= low <= high <= 1, got " + qLo + " and "
                    + qHi);
        }
        if (n == 0) {
            out[0] = Double.NaN;
            out[1] = Double.NaN;
            return;
        }
        double hLo = (n - 1) * qLo;
        int lo = (int) Math.floor(hLo);
        double hHi = (n - 1) * qHi;
        int hi = (int) Math.floor(hHi);
        double a = select(buf, 0, n - 1, lo);
        out[0] = typeSeven(buf, n, hLo, lo, a);
        // Every value right of lo is >= buf[lo], so the upper ranks are selected among them only.
        double c = hi == lo ? a : select(buf, lo + 1, n - 1, hi);
        out[1] = typeSeven(buf, n, hHi, hi, c);
    }

    /**
     * The {@code k}-th smallest (0-based) of {@code buf[from..to)} (no NaN), {@code from ≤ k < to}: it
     * ends at index k, the smaller values left of it and the larger right (within the range). O(to −
     * from) expected, allocates nothing.
     */
    public static double orderStatisticInPlace(double[] buf, int from, int to, int k) {
        if (k < from || k >= to) {
            throw new IllegalArgumentException("rank " + k + " is outside [" + from + ", " + to + ")");
        }
        return select(buf, from, to - 1, k);
    }

    /**
     * The type-7 interpolation between two adjacent order statistics {@code a ≤ b} at fraction
     * {@code frac} of the way, exactly as {@link #quantileInPlace} does it.
     */
    public static double interpolate(double a, double b, double frac) {
        return frac == 0.0 ? a : lerp(a, b, frac);
    }

    /**
     * The type-7 quantile at position {@code h} of {@code buf[0..n)} once its order statistic {@code k =
     * floor(h)}, of value {@code a}, was selected into place: every value right of k is then {@code >= a},
     * and the next order statistic is their minimum.
     */
    private static double typeSeven(double[] buf, int n, double h, int k, double a) {
        double frac = h - k;
        return frac == 0.0 || k + 1 >= n ? a : lerp(a, minOf(buf, k + 1, n), frac);
    }

    private static double minOf(double[] buf, int from, int to) {
        double b = buf[from];
        for (int i = from + 1; i < to; i++) {
            if (buf[i] < b) {
                b = buf[i];
            }
        }
        return b;
    }

    /** The raw MAD of {@code buf[0..n)} (no NaN); overwrites the buffer with absolute deviations. */
    public static double madInPlace(double[] buf, int n) {
        if (n == 0) {
            return Double.NaN;
        }
        double med = quantileInPlace(buf, n, 0.5);
        for (int i = 0; i < n; i++) {
            buf[i] = Math.abs(buf[i] - med);
        }
        return quantileInPlace(buf, n, 0.5);
    }

    /** The q-quantile of an ascending-sorted {@code sorted[0..n)}; O(1). */
    public static double quantileSorted(double[] sorted, int n, double q) {
        if (n == 0) {
            return Double.NaN;
        }
        double h = (n - 1) * q;
        int lo = (int) Math.floor(h);
        if (lo + 1 >= n) {
            return sorted[n - 1];
        }
        return lerp(sorted[lo], sorted[lo + 1], h - lo);
    }

    /** numpy's lerp: exact at both ends even for large or infinite operands. */
    private static double lerp(double a, double b, double t) {
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /** Puts the k-th smallest of buf[lo..hi] at index k, smaller ones left, larger ones right. */
    private static double select(double[] a, int lo, int hi, int k) {
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // Median of three as pivot, moved to a[lo].
            if (a[mid] < a[lo]) {
                swap(a, mid, lo);
            }
            if (a[hi] < a[lo]) {
                swap(a, hi, lo);
            }
            if (a[hi] < a[mid]) {
                swap(a, hi, mid);
            }
            swap(a, lo, mid);
            double pivot = a[lo];
            int i = lo;
            int j = hi + 1;
            while (true) {
                do {
                    i++;
                } while (i <= hi && a[i] < pivot);
                do {
                    j--;
                } while (a[j] > pivot);
                if (i >= j) {
                    break;
                }
                swap(a, i, j);
            }
            swap(a, lo, j);
            if (j == k) {
                return a[k];
            } else if (j < k) {
                lo = j + 1;
            } else {
                hi = j - 1;
            }
        }
        return a[k];
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
