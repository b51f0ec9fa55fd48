package dev.vigil.models.prophet;

import dev.vigil.core.stats.RobustStats;
import org.apache.commons.math3.special.Erf;

/**
 * The two type-7 quantiles {@code pLo ≤ pHi} of {@code n} simulated draws, per predicted row, exactly
 * as {@link RobustStats#quantileInPlace} would give them, for less work. Not thread-safe (owns its
 * buffers: one instance per prediction call); allocates nothing per row.
 *
 * <p>Why it is cheaper: the draws of a row are nearly normal around a known centre with a known
 * scale (the trend plus noise of the draws without a new changepoint). {@link #normalGuess} brackets
 * each wanted rank between two thresholds taken from that normal law, widened by 3.5 standard errors
 * of a sample quantile, counts the draws below the bracket and copies the few inside it (about 7 % of
 * the draws with 1 000 samples) in one pass, and selects the rank among those. When a bracket misses
 * (a wrong guess, a heavy changepoint tail) it falls back to selecting among all draws
 * ({@link RobustStats#quantilePairInPlace}); either way the result is the exact order statistic.
 * {@link #withRepeats} serves the trend bounds, where most draws are the same value.
 */
final class DrawQuantiles {

    private final int n;
    private final int kLo;
    private final double fLo;
    private final int kLo2;
    private final int kHi;
    private final double fHi;
    private final int kHi2;
    private final double pLo;
    private final double pHi;
    /** Standard-normal thresholds of the brackets: lower rank in [zLoA, zLoB), upper in [zHiA, zHiB). */
    private final double zLoA;
    private final double zLoB;
    private final double zHiA;
    private final double zHiB;
    private final double[] bufLo;
    private final double[] bufHi;
    /** The standard-normal bracket thresholds of n draws and two probabilities (erfInv is not free). */
    private record Brackets(int n, double pLo, double pHi, double loA, double loB, double hiA, double hiB) {
    }

    /** The last brackets computed, shared by all threads (an immutable record; a stale read only recomputes). */
    private static volatile Brackets brackets = new Brackets(-1, 0, 0, 0, 0, 0, 0);

    /** How many rows needed the full selection (for tests). */
    int fallbacks;

    /**
     * @param n   number of draws per row (≥ 1)
     * @param pLo lower probability in [0, 1]
     * @param pHi upper probability in [pLo, 1]
     */
    DrawQuantiles(int n, double pLo, double pHi) {
        this.n = n;
        this.pLo = pLo;
        this.pHi = pHi;
        double hLo = (n - 1) * pLo;
        double hHi = (n - 1) * pHi;
        kLo = (int) Math.floor(hLo);
        fLo = hLo - kLo;
        kLo2 = fLo > 0 && kLo + 1 < n ? kLo + 1 : kLo;
        kHi = (int) Math.floor(hHi);
        fHi = hHi - kHi;
        kHi2 = fHi > 0 && kHi + 1 < n ? kHi + 1 : kHi;
        Brackets z = brackets;
        if (z.n != n || z.pLo != pLo || z.pHi != pHi) {
            // One model's options ask for the same brackets at every call: keep the last ones.
            z = new Brackets(n, pLo, pHi, normalQuantile(pLo - margin(pLo, n)), normalQuantile(pLo + margin(pLo, n)),
                    normalQuantile(pHi - margin(pHi, n)), normalQuantile(pHi + margin(pHi, n)));
            brackets = z;
        }
        zLoA = z.loA;
        zLoB = z.loB;
        zHiA = z.hiA;
        zHiB = z.hiB;
        bufLo = new double[n];
        bufHi = new double[n];
    }

    /**
     * 3.5 standard errors of the sample p-quantile's probability, plus two ranks: a row of normal draws misses
     * one of its two brackets about once in 1 000 (each miss costs a full selection), and holds about 7 % of 1 000
     * draws at p = 0.1.
     */
    private static double margin(double p, int n) {
        return 3.5 * Math.sqrt(p * (1 - p) / n) + 2.0 / n;
    }

    private static double normalQuantile(double p) {
        if (p <= 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (p >= 1) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.sqrt(2) * Erf.erfInv(2 * p - 1);
    }

    /**
     * The quantiles of {@code v[0..n)} (no NaN), guessing that most values are about
     * {@code N(center, scale²)}; reorders {@code v} only when the guess misses. O(n).
     *
     * @param out receives the lower quantile at {@code out[0]} and the upper at {@code out[1]}
     */
    void normalGuess(double[] v, double center, double scale, double[] out) {
        double aLo = center + scale * zLoA;
        double bLo = center + scale * zLoB;
        double aHi = center + scale * zHiA;
        double bHi = center + scale * zHiB;
        int cLo = 0;
        int nLo = 0;
        int cHi = 0;
        int nHi = 0;
        for (int i = 0; i < n; i++) {
            double x = v[i];
            if (x < aLo) {
                cLo++;
            } else if (x < bLo) {
                bufLo[nLo++] = x;
            }
            if (x < aHi) {
                cHi++;
            } else if (x < bHi) {
                bufHi[nHi++] = x;
            }
        }
        if (cLo <= kLo && kLo2 < cLo + nLo && cHi <= kHi && kHi2 < cHi + nHi) {
            out[0] = inBuffer(bufLo, nLo, cLo, kLo, kLo2, fLo);
            out[1] = inBuffer(bufHi, nHi, cHi, kHi, kHi2, fHi);
        } else {
            fallbacks++;
            RobustStats.quantilePairInPlace(v, n, pLo, pHi, out);
        }
    }

    /** Ranks k ≤ k2 of the whole sample from a buffer holding its ranks [below, below + m). */
    private static double inBuffer(double[] buf, int m, int below, int k, int k2, double frac) {
        int r = k - below;
        double a = RobustStats.orderStatisticInPlace(buf, 0, m, r);
        if (k2 == k) {
            return a;
        }
        double b = buf[r + 1];
        for (int i = r + 2; i < m; i++) {
            b = Math.min(b, buf[i]);
        }
        return RobustStats.interpolate(a, b, frac);
    }

    /**
     * The quantiles of the multiset of {@code vals[0..m)} (no NaN) and {@code n − m} copies of
     * {@code rep}; reorders {@code vals}. O(m).
     */
    void withRepeats(double[] vals, int m, double rep, double[] out) {
        // Values below rep to the left: the sorted multiset is (left sorted) rep… (right sorted).
        int nl = 0;
        for (int i = 0; i < m; i++) {
            if (vals[i] < rep) {
                double t = vals[nl];
                vals[nl++] = vals[i];
                vals[i] = t;
            }
        }
        int z = n - m;
        double a = rank(vals, m, nl, z, rep, kLo);
        out[0] = kLo2 == kLo ? a : RobustStats.interpolate(a, rank(vals, m, nl, z, rep, kLo2), fLo);
        double c = rank(vals, m, nl, z, rep, kHi);
        out[1] = kHi2 == kHi ? c : RobustStats.interpolate(c, rank(vals, m, nl, z, rep, kHi2), fHi);
    }

    private static double rank(double[] vals, int m, int nl, int z, double rep, int k) {
        if (k < nl) {
            return RobustStats.orderStatisticInPlace(vals, 0, nl, k);
        }
        if (k < nl + z) {
            return rep;
        }
        return RobustStats.orderStatisticInPlace(vals, nl, m, k - z);
    }
}
