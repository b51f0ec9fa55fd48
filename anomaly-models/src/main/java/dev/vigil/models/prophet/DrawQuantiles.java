package dev.vigil.models.prophet;

import dev.vigil.core.stats.RobustStats;
import org.apache.commons.math3.special.Erf;

/**
 * The two type-7 quantiles {@code pLo ≤ pHi} of {@code n} simulated draws, per predicted row, exactly
 * as {@link RobustStats#quantileInPlace} would give them, for less work. Not thread-safe (owns its
 * buffers: one instance per thread, reused across calls); allocates nothing per row.
 *
 * <p>Why it is cheaper: each wanted rank is bracketed between two thresholds; one pass counts the
 * draws below the bracket and copies the few inside it, and the rank is selected among those. The
 * thresholds come from a guess: {@link #normalGuess} takes them from a normal law with a known centre
 * and scale (the draws without a new changepoint), widened by 3.5 standard errors of a sample quantile
 * (the bracket holds about 7 % of 1 000 draws); {@link #pilotGuess}, for draws whose spread is not
 * known (many draws with new changepoints), from the order statistics of a pilot subsample (every fourth
 * draw), widened by 3.5 standard errors of the pilot's quantile
 * (about 13 % of 1 000 draws); {@link #followGuess}, for the next rows of the same call, from the last
 * row's quantiles (consecutive rows differ by fresh noise and slightly longer trend paths). When a
 * bracket misses, the normal and follow guesses fall back to the pilot, the pilot to a full selection
 * ({@link RobustStats#quantilePairInPlace}); either way the result is the exact order statistic. Inside
 * a bracket the ranks are found by counting into equal-width buckets and sorting the few values of the
 * right ones. {@link #withRepeats} serves the trend bounds, where most draws are the same value.
 */
final class DrawQuantiles {

    /** Buckets of {@link #inBucketedBuffer}: about 100 buffered draws give some 6 per bucket. */
    private static final int BUCKETS = 16;
    /**
     * The first bracket of {@link #followWithin} as a share of the follow bracket (about ±7 of its ±49 ranks
     * of 1 000 draws): the rows of a call share their draws' noise, so a quantile moves from row to row by
     * little more than its draws' trends do. JMH `scaleInferLate`: 15.1 µs with the follow bracket alone,
     * 13.2 at 0.15, 13.5 at 0.1, 14.4 at 0.3, 16.3 at 0.05 (more misses).
     */
    private static final double NARROW = 0.15;
    /** Fewest draws for which a pilot is worth it (below, a full selection is as cheap). */
    private static final int MIN_PILOT_DRAWS = 128;

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
    /** The normal law's quantiles at pLo and pHi, the brackets' centres. */
    private final double zLo;
    private final double zHi;
    /** Pilot size (0: no pilot) and its ranks bracketing the two quantiles, ascending, -1 / pilot: open end. */
    private final int pilot;
    private final int[] pilotRanks;
    /** The indices of pilotRanks by ascending rank (the two brackets may overlap). */
    private final int[] pilotOrder;
    private final double[] bufLo;
    private final double[] bufHi;
    private final double[] pilotBuf;
    private final double[] pilotAt = new double[4];
    private final int[] bucketCount = new int[BUCKETS];
    private final double[] sub;

    /**
     * A sorted tail (see {@link #sortedTail}): positions [tailFrom, n) of the values are
     * {@code tailShift + tailScale · tail[k]}, not written in the caller's array; tailFrom == n: none.
     */
    private int tailFrom;
    private double[] tail;
    private double tailShift;
    private double tailScale;
    /** How many rows needed the full selection (for tests). */
    int fallbacks;
    /** How many rows used the pilot's brackets (for tests). */
    int pilots;
    /** How many rows the last row's brackets served (for tests). */
    int follows;
    /** How many rows carried brackets served (for tests). */
    int carried;
    /** How many rows the narrow brackets of {@link #followWithin} served (for tests). */
    int narrowed;
    /** How many draws the brackets that held their ranks copied, both bounds (for tests). */
    long buffered;
    /** The last row's quantiles relative to its centre, and the half-widths of the next brackets (NaN: none). */
    private double relLo;
    private double relHi;
    private double hwLo = Double.NaN;
    private double hwHi = Double.NaN;

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
        zLoA = normalQuantile(pLo - margin(pLo, n));
        zLoB = normalQuantile(pLo + margin(pLo, n));
        zHiA = normalQuantile(pHi - margin(pHi, n));
        zHiB = normalQuantile(pHi + margin(pHi, n));
        zLo = normalQuantile(pLo);
        zHi = normalQuantile(pHi);
        pilot = n >= MIN_PILOT_DRAWS ? n / 4 : 0;
        pilotRanks = new int[] {pilotRank(pLo, -1), pilotRank(pLo, 1), pilotRank(pHi, -1), pilotRank(pHi, 1)};
        pilotOrder = pilotRanks[1] <= pilotRanks[2] ? new int[] {0, 1, 2, 3} : new int[] {0, 2, 1, 3};
        bufLo = new double[n];
        bufHi = new double[n];
        pilotBuf = new double[pilot];
        sub = new double[n];
        tailFrom = n;
    }

    /**
     * Declares that the next call's values at positions {@code [from, n)} are {@code shift + scale · sorted[k]},
     * with {@code sorted[from..n)} ascending, {@code shift} finite and {@code scale} positive and finite, and
     * are not written in the array it is given: the brackets then count and copy them by binary search,
     * O(log n + those inside) instead of O(n − from); they are written into the array only when a pilot or
     * a full selection needs every value. Holds until {@link #noTail}.
     */
    void sortedTail(int from, double[] sorted, double shift, double scale) {
        tailFrom = from;
        tail = sorted;
        tailShift = shift;
        tailScale = scale;
    }

    /** Ends {@link #sortedTail}: every value is in the caller's array again. */
    void noTail() {
        tailFrom = n;
        tail = null;
    }

    /** Writes the sorted tail's values into {@code v} (they are needed one by one). */
    private void materialize(double[] v) {
        for (int k = tailFrom; k < n; k++) {
            v[k] = tailShift + tailScale * tail[k];
        }
        noTail();
    }

    /** The first position k in [tailFrom, n) whose tail value is not below {@code a} (or, {@code orEqual}, above it). */
    int tailSearch(double a, boolean orEqual) {
        int lo = tailFrom;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            double x = tailShift + tailScale * tail[mid];
            if (x < a || orEqual && x == a) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Copies the sorted tail's values at positions [from, to) to {@code buf} from {@code at} and returns
     * the new end of {@code buf}. Exact with {@link #tailSearch}: the tail's values do not decrease with k
     * (rounding is monotone), so each comparison splits it where a search finds.
     */
    private int copyTail(int from, int to, double[] buf, int at) {
        for (int k = from; k < to; k++) {
            buf[at++] = tailShift + tailScale * tail[k];
        }
        return at;
    }

    /** Whether this instance serves {@code n} draws and these two probabilities. */
    boolean serves(int draws, double lo, double hi) {
        return n == draws && pLo == lo && pHi == hi;
    }

    /**
     * The pilot's rank of one end of the bracket of p: the pilot's p-quantile moved by 3.5 standard errors of
     * the population share below it (a subsample of {@code pilot} of {@code n}: variance p(1 − p)(1/pilot −
     * 1/n)) and two pilot ranks; -1 or {@code pilot} when the bracket is open at that end.
     */
    private int pilotRank(double p, int side) {
        if (pilot == 0) {
            return 0;
        }
        double m = 3.5 * Math.sqrt(p * (1 - p) * (1.0 / pilot - 1.0 / n)) + 2.0 / pilot;
        double q = p + side * m;
        if (q <= 0) {
            return -1;
        }
        if (q >= 1) {
            return pilot;
        }
        double h = q * (pilot - 1);
        return side < 0 ? (int) Math.floor(h) : Math.min(pilot - 1, (int) Math.ceil(h));
    }

    /**
     * 3.5 standard errors of the sample p-quantile's probability, plus two ranks: a row of normal draws misses
     * one of its two brackets about once in 1 000 (each miss costs a pilot), and holds about 7 % of 1 000
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
     * {@code N(center, scale²)}; when the guess misses, {@link #pilotGuess}. Reorders {@code v} only when
     * both miss. O(n).
     *
     * @param out receives the lower quantile at {@code out[0]} and the upper at {@code out[1]}
     * @return whether the normal guess's brackets held the ranks
     */
    boolean normalGuess(double[] v, double center, double scale, double[] out) {
        return normalGuess(v, center, scale, zLo, zHi, out);
    }

    /**
     * As {@link #normalGuess(double[], double, double, double[])}, with the brackets centred on given
     * quantiles of the standard noise ({@code qLo}, {@code qHi}: those of a fixed noise sample the draws
     * share) instead of the normal law's.
     */
    boolean normalGuess(double[] v, double center, double scale, double qLo, double qHi, double[] out) {
        // An infinite normal quantile (p = 0 or 1): its bracket is open at that end anyway.
        double lo = Double.isInfinite(zLo) ? 0 : qLo - zLo;
        double hi = Double.isInfinite(zHi) ? 0 : qHi - zHi;
        if (bracketed(v, center, center + scale * (zLoA + lo), center + scale * (zLoB + lo),
                center + scale * (zHiA + hi), center + scale * (zHiB + hi), out)) {
            return true;
        }
        pilotGuess(v, center, out);
        return false;
    }

    /**
     * The quantiles of {@code v[0..n)} (no NaN), bracketed around the last row's quantiles relative to its
     * centre, moved to {@code center}: the draws of consecutive rows differ by fresh noise and slightly
     * larger trend changes. The brackets are ±3.5 standard errors of the difference of two sample quantiles
     * (the density estimated from the last row's bracket) plus the last relative quantile times
     * {@code growth − 1} (how much the spread may have grown). When there is no last row or a bracket
     * misses, {@link #pilotGuess}. O(n).
     *
     * @param growth at least 1: the ratio of this row's horizon to the last row's
     * @return whether the last row's brackets held the ranks
     */
    boolean followGuess(double[] v, double center, double growth, double[] out) {
        if (Double.isNaN(hwLo) || Double.isNaN(hwHi)) {
            pilotGuess(v, center, out);
            return false;
        }
        double wLo = hwLo + Math.abs(relLo) * (growth - 1);
        double wHi = hwHi + Math.abs(relHi) * (growth - 1);
        if (bracketed(v, center, center + relLo - wLo, center + relLo + wLo, center + relHi - wHi,
                center + relHi + wHi, out)) {
            follows++;
            return true;
        }
        pilotGuess(v, center, out);
        return false;
    }

    /**
     * The quantiles of {@code v[0..n)} (no NaN), bracketed by {@code center + rLo ± wLo} and
     * {@code center + rHi ± wHi} (e.g. the same row's quantiles of the last series on the same draws);
     * when a bracket misses, {@link #pilotGuess}. O(n).
     *
     * @return whether the brackets held the ranks
     */
    boolean carriedGuess(double[] v, double center, double rLo, double wLo, double rHi, double wHi,
            double[] out) {
        if (bracketed(v, center, center + rLo - wLo, center + rLo + wLo, center + rHi - wHi, center + rHi + wHi,
                out)) {
            carried++;
            return true;
        }
        pilotGuess(v, center, out);
        return false;
    }

    /** The last bracketed row's lower quantile relative to its centre (after a guess that held). */
    double relativeLower() {
        return relLo;
    }

    /** The last bracketed row's upper quantile relative to its centre (after a guess that held). */
    double relativeUpper() {
        return relHi;
    }

    /** The half-width of the next lower bracket {@link #followGuess} would take (NaN: none). */
    double halfWidthLower() {
        return hwLo;
    }

    /** The half-width of the next upper bracket {@link #followGuess} would take (NaN: none). */
    double halfWidthUpper() {
        return hwHi;
    }

    /** Forgets the last row (a new series). */
    void forget() {
        hwLo = Double.NaN;
        hwHi = Double.NaN;
    }

    /**
     * The quantiles of {@code v[0..n)} (no NaN), from a pilot of every fourth draw (a fair subsample of i.i.d.
     * draws; of draws laid out in some order, one spread over it),
     * bracketed by the order statistics of that pilot; reorders {@code v} only when a bracket misses
     * (a full selection then). O(n).
     *
     * @param center where the row's draws are centred (kept for {@link #followGuess})
     */
    void pilotGuess(double[] v, double center, double[] out) {
        if (pilot == 0) {
            full(v, out);
            return;
        }
        pilots++;
        materialize(v);
        // Every stride-th draw: a fair subsample of i.i.d. draws, and a spread one of draws laid out by some order.
        int stride = n / pilot;
        for (int i = 0; i < pilot; i++) {
            pilotBuf[i] = v[i * stride];
        }
        // In ascending rank order each rank is selected right of the previous one, as quantilePairInPlace does.
        int from = 0;
        for (int j : pilotOrder) {
            int r = pilotRanks[j];
            if (r < 0) {
                pilotAt[j] = Double.NEGATIVE_INFINITY;
            } else if (r >= pilot) {
                pilotAt[j] = Double.POSITIVE_INFINITY;
            } else if (r < from) {
                // The rank selected just before: already in place.
                pilotAt[j] = pilotBuf[r];
            } else {
                pilotAt[j] = RobustStats.orderStatisticInPlace(pilotBuf, from, pilot, r);
                from = r + 1;
            }
        }
        if (!bracketed(v, center, pilotAt[0], pilotAt[1], pilotAt[2], pilotAt[3], out)) {
            full(v, out);
        }
    }

    private void full(double[] v, double[] out) {
        materialize(v);
        fallbacks++;
        forget();
        RobustStats.quantilePairInPlace(v, n, pLo, pHi, out);
    }

    /**
     * One pass (binary searches over a sorted tail): counts the values below each bracket {@code [a, b]}
     * (closed, so that ties at an end stay inside), copies those inside, and when each bracket holds its ranks selects them there and remembers
     * the row for {@link #followGuess}. Leaves {@code v} as it was.
     */
    private boolean bracketed(double[] v, double center, double aLo, double bLo, double aHi, double bHi,
            double[] out) {
        int cLo = 0;
        int nLo = 0;
        int cHi = 0;
        int nHi = 0;
        int end = tailFrom;
        for (int i = 0; i < end; i++) {
            double x = v[i];
            if (x < aLo) {
                cLo++;
            } else if (x <= bLo) {
                bufLo[nLo++] = x;
            }
            if (x < aHi) {
                cHi++;
            } else if (x <= bHi) {
                bufHi[nHi++] = x;
            }
        }
        return finish(cLo, nLo, cHi, nHi, center, aLo, bLo, aHi, bHi, out);
    }

    /**
     * As {@link #followGuess}, when the caller knows which draws can fall near each quantile in this row:
     * the lower bracket is searched among {@code vLo[0..mLo)} and the tail only, with {@code belowLo} more
     * draws known to be below it, and the same for the upper one. The brackets are the follow brackets,
     * first {@link #NARROW} as wide, cut to their windows ({@code [wLoA, wLoB]}, {@code [wHiA, wHiB]}): every
     * other draw is known to be below or above its window. When there is no last row, or both tries miss
     * their ranks, returns false and the row is the caller's to do in full. O(mLo + mHi + log n).
     */
    boolean followWithin(double[] vLo, int mLo, int belowLo, double[] vHi, int mHi, int belowHi, double center,
            double growth, double wLoA, double wLoB, double wHiA, double wHiB, double[] out) {
        if (Double.isNaN(hwLo) || Double.isNaN(hwHi)) {
            return false;
        }
        double wLo = hwLo + Math.abs(relLo) * (growth - 1);
        double wHi = hwHi + Math.abs(relHi) * (growth - 1);
        // First a narrow bracket: consecutive rows share their draws' noise, so a quantile moves by little more
        // than its draws' trends do; then the follow brackets. Each cut to its window.
        double nLo = NARROW * wLo;
        double nHi = NARROW * wHi;
        if (within(vLo, mLo, belowLo, vHi, mHi, belowHi, center, Math.max(center + relLo - nLo, wLoA),
                Math.min(center + relLo + nLo, wLoB), Math.max(center + relHi - nHi, wHiA),
                Math.min(center + relHi + nHi, wHiB), out)) {
            narrowed++;
            return true;
        }
        return within(vLo, mLo, belowLo, vHi, mHi, belowHi, center, Math.max(center + relLo - wLo, wLoA),
                Math.min(center + relLo + wLo, wLoB), Math.max(center + relHi - wHi, wHiA),
                Math.min(center + relHi + wHi, wHiB), out);
    }

    /** One pass of {@link #followWithin} with the brackets [aLo, bLo] and [aHi, bHi]. */
    private boolean within(double[] vLo, int mLo, int belowLo, double[] vHi, int mHi, int belowHi, double center,
            double aLo, double bLo, double aHi, double bHi, double[] out) {
        if (!(aLo <= bLo && aHi <= bHi)) {
            return false;
        }
        int cLo = belowLo;
        int nLo = 0;
        for (int i = 0; i < mLo; i++) {
            double x = vLo[i];
            if (x < aLo) {
                cLo++;
            } else if (x <= bLo) {
                bufLo[nLo++] = x;
            }
        }
        int cHi = belowHi;
        int nHi = 0;
        for (int i = 0; i < mHi; i++) {
            double x = vHi[i];
            if (x < aHi) {
                cHi++;
            } else if (x <= bHi) {
                bufHi[nHi++] = x;
            }
        }
        if (finish(cLo, nLo, cHi, nHi, center, aLo, bLo, aHi, bHi, out)) {
            follows++;
            return true;
        }
        return false;
    }

    /**
     * Adds the sorted tail's counts and values to a pass's, and when each bracket holds its ranks selects
     * them and remembers the row for {@link #followGuess}.
     */
    private boolean finish(int cLo, int nLo, int cHi, int nHi, double center, double aLo, double bLo, double aHi,
            double bHi, double[] out) {
        int end = tailFrom;
        if (end < n) {
            int firstLo = tailSearch(aLo, false);
            cLo += firstLo - end;
            nLo = copyTail(firstLo, tailSearch(bLo, true), bufLo, nLo);
            int firstHi = tailSearch(aHi, false);
            cHi += firstHi - end;
            nHi = copyTail(firstHi, tailSearch(bHi, true), bufHi, nHi);
        }
        if (!(cLo <= kLo && kLo2 < cLo + nLo && cHi <= kHi && kHi2 < cHi + nHi)) {
            return false;
        }
        buffered += nLo + nHi;
        out[0] = inBucketedBuffer(bufLo, nLo, cLo, kLo, kLo2, fLo, aLo, bLo);
        out[1] = inBucketedBuffer(bufHi, nHi, cHi, kHi, kHi2, fHi, aHi, bHi);
        relLo = out[0] - center;
        relHi = out[1] - center;
        hwLo = halfWidth(pLo, bLo - aLo, nLo);
        hwHi = halfWidth(pHi, bHi - aHi, nHi);
        return true;
    }

    /**
     * 3.5 standard errors of the difference of two independent sample p-quantiles, plus two ranks, in value
     * units, the density taken as {@code m} of the n draws over a bracket {@code width} wide; NaN when that
     * says nothing (an open or empty bracket).
     */
    private double halfWidth(double p, double width, int m) {
        if (!(width > 0 && width < Double.POSITIVE_INFINITY) || m < 2) {
            return Double.NaN;
        }
        double perRank = width / m;
        return (3.5 * Math.sqrt(2 * p * (1 - p) * n) + 2) * perRank;
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
     * As {@link #inBuffer}, for a buffer of values within {@code [lo, hi]}: the values inside a narrow bracket
     * are spread nearly evenly, so counting them into {@value #BUCKETS} equal-width buckets (an index that
     * does not decrease with the value) finds the few buckets holding ranks k and k2, and only those values
     * are sorted. Two branch-free passes instead of a quickselect, whose partitioning branches mispredict.
     */
    private double inBucketedBuffer(double[] buf, int m, int below, int k, int k2, double frac, double lo,
            double hi) {
        double scale = BUCKETS / (hi - lo);
        if (m < 2 * BUCKETS || !(scale > 0 && scale < Double.POSITIVE_INFINITY)) {
            return inBuffer(buf, m, below, k, k2, frac);
        }
        int[] count = bucketCount;
        java.util.Arrays.fill(count, 0);
        for (int i = 0; i < m; i++) {
            count[bucket(buf[i], lo, scale)]++;
        }
        int r = k - below;
        int r2 = k2 - below;
        // Buckets [first, last] hold ranks r and r2; base is the rank of the first value of bucket first.
        int first = 0;
        int base = 0;
        while (base + count[first] <= r) {
            base += count[first++];
        }
        int last = first;
        int through = base + count[first];
        while (through <= r2) {
            through += count[++last];
        }
        int c = 0;
        for (int i = 0; i < m; i++) {
            double x = buf[i];
            int j = bucket(x, lo, scale);
            sub[c] = x;
            c += j >= first & j <= last ? 1 : 0;
        }
        java.util.Arrays.sort(sub, 0, c);
        double a = sub[r - base];
        return k2 == k ? a : RobustStats.interpolate(a, sub[r2 - base], frac);
    }

    private static int bucket(double x, double lo, double scale) {
        return Math.min(BUCKETS - 1, (int) ((x - lo) * scale));
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
