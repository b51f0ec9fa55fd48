package dev.vigil.models.context;

import java.util.Arrays;

/**
 * The {@code vigil_online} engine as it was before its context table kept only membership (a {@code long}
 * key and an {@code int} count per context, every order's key at bit 58): the reference that
 * {@code ContextDetectorEquivalenceTest} holds the current {@link ContextDetector} to, score for score.
 * Test code only; not thread-safe.
 */
final class ReferenceContextDetector {

    /** {@code errorMode}: no prediction-error detector. */
    static final int ERROR_OFF = 0;
    /** {@code errorMode}: the error is measured from the level (yhat). */
    static final int ERROR_LEVEL = 1;
    /** {@code errorMode}: the error is measured from the previous value. */
    static final int ERROR_LAST = 2;
    /**
     * Errors count linearly up to about this share of the fit range and logarithmically beyond: one
     * huge jump then does not hold the window's mean error up for {@code short_window} points, and
     * the heavy tail of errors comes closer to the normal tail the z-score assumes (chosen on half A
     * of NAB among 0.003 to 0.1: 0.02 to 0.05 score alike).
     */
    static final double ERROR_SOFTNESS = 0.04;
    /** Cap of a normalised error (in fit-range widths): keeps the sums finite for values near ±MAX_VALUE. */
    private static final double MAX_ERROR = 1e9;

    private static final long EMPTY = 0L;
    private static final int MIN_CAPACITY = 64;
    /** Bits per quantised value in a context (levels <= 16). */
    private static final int BITS = 4;
    /** The context order is kept above the packed values: 13 values of 4 bits fit below bit 58. */
    private static final int ORDER_SHIFT = 58;
    /** Floor of the standard deviation of the mean novelty: novelty is a share, 1e-3 is far below any step of it. */
    private static final double MIN_SD = 1e-3;

    private final ContextDetector.Params p;
    private final double levelAlpha;
    private final double zAtOne;
    /** Quantisation range, fixed by the last fit (NaN: none yet, every value goes to the middle level). */
    private double lo = Double.NaN;
    private double hi = Double.NaN;
    /**
     * Range of the values seen (fit window and after) up to {@code short_window} points before the
     * current one: a value is judged against where the series was before its recent points, so that a
     * slide out of the range over several points is a range break too, not a range that follows it.
     */
    private double min = Double.NaN;
    private double max = Double.NaN;
    /** The last {@code short_window} finite values, at the ring's positions (NaN: none yet). */
    private final double[] recent;
    /** Exponentially weighted level of the values: yhat. */
    private double level = Double.NaN;
    /** The last quantised values, newest in the low bits; {@code histLen} of them are valid. */
    private long hist;
    private int histLen;
    private long[] keys = new long[MIN_CAPACITY];
    private int[] counts = new int[MIN_CAPACITY];
    private int size;
    private final double[] ring;
    private int ringPos;
    private double ringSum;
    /** Running mean and variance of the short mean of novelty. */
    private double mean;
    private double var;
    private int quiet;
    private long seen;
    /** The prediction-error detector: the last errors (fit-range widths), their sum, running mean and variance. */
    private final double[] errRing;
    private double errSum;
    private double errMean;
    private double errVar;
    /** The last finite value (for the error from the previous value). */
    private double last = Double.NaN;

    ReferenceContextDetector(ContextDetector.Params p) {
        this.p = p;
        this.ring = new double[p.shortWindow()];
        this.recent = new double[p.shortWindow()];
        Arrays.fill(recent, Double.NaN);
        this.levelAlpha = 2.0 / (p.shortWindow() + 1);
        this.errRing = new double[p.errorMode() == ERROR_OFF ? 0 : p.shortWindow()];
        // Two detectors: the smaller tail probability is doubled (Bonferroni) so that score 1 keeps its meaning.
        this.zAtOne = zAtOne(p.tailDigits(), p.errorMode() == ERROR_OFF ? 1 : 2);
    }

    /** Sets the quantisation range: the fit window's finite min and max. */
    void setRange(double lo, double hi) {
        this.lo = lo;
        this.hi = hi;
    }

    /** The expected value: the exponentially weighted level of the last values (NaN before any). */
    double level() {
        return level;
    }

    long seen() {
        return seen;
    }

    /** The score {@code y} gets from the current state, which is not changed; NaN for a non-finite y. */
    double score(double y) {
        if (!Double.isFinite(y)) {
            return Double.NaN;
        }
        return quiet > 0 ? 0.0 : unsilenced(y, novelty(bin(y)), error(y));
    }

    /** Folds a finite {@code y} in (scoring it first, for the rest period); non-finite values are ignored. */
    void learn(double y) {
        if (!Double.isFinite(y)) {
            return;
        }
        int b = bin(y);
        // Count the novel contexts while adding them: one probe per order.
        int orders = Math.min(histLen, p.contextLength());
        int novel = 0;
        long ctx = b;
        for (int k = 1; k <= orders; k++) {
            ctx = ctx << BITS | (hist >>> (BITS * (k - 1)) & 0xF);
            novel += add(key(k, ctx)) ? 1 : 0;
        }
        double raw = orders == 0 ? 0.0 : novel / (double) orders;
        double e = error(y);
        // The rest period runs until rest_period points in a row would not have been detections: an
        // incident longer than the rest period still gives one detection.
        if (detects(y, raw, e)) {
            quiet = p.restPeriod();
        } else if (quiet > 0) {
            quiet--;
        }
        hist = hist << BITS | b;
        histLen = Math.min(histLen + 1, p.contextLength());
        ringSum += raw - ring[ringPos];
        ring[ringPos] = raw;
        // The value leaving the recent ring joins the range (NaN: the ring is not full yet).
        double old = recent[ringPos];
        if (!Double.isNaN(old)) {
            min = Double.isNaN(min) ? old : Math.min(min, old);
            max = Double.isNaN(max) ? old : Math.max(max, old);
        }
        recent[ringPos] = y;
        boolean errors = errRing.length > 0;
        if (errors) {
            errSum += e - errRing[ringPos];
            errRing[ringPos] = e;
        }
        ringPos++;
        if (ringPos == ring.length) {
            // Resum once per lap so that rounding cannot accumulate (O(1) amortised).
            ringPos = 0;
            ringSum = sum(ring);
            errSum = sum(errRing);
        }
        double avg = ringSum / ring.length;
        double a = 1.0 / Math.min(seen + 1, p.longWindow());
        double d = avg - mean;
        mean += a * d;
        var = (1 - a) * (var + a * d * d);
        if (errors) {
            double de = errSum / ring.length - errMean;
            errMean += a * de;
            errVar = (1 - a) * (errVar + a * de * de);
        }
        last = y;
        if (seen == 0) {
            level = y;
        } else {
            // a convex combination, clamped: values near the double maximum cannot overflow it
            level = Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, (1 - levelAlpha) * level + levelAlpha * y));
        }
        seen++;
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    /**
     * The prediction error of {@code y} in widths of the fit range (capped): from the level or the
     * previous value; 0 without a fit range or a previous value, or with the detector off.
     */
    private double error(double y) {
        double ref = p.errorMode() == ERROR_LEVEL ? level : last;
        double w = 0.5 * hi - 0.5 * lo;
        if (p.errorMode() == ERROR_OFF || !(w > 0) || Double.isNaN(ref)) {
            return 0.0;
        }
        return Math.log1p(Math.min(Math.abs(0.5 * y - 0.5 * ref) / w, MAX_ERROR) / ERROR_SOFTNESS);
    }

    /** The standardised short mean of errors if the next error is {@code e}. */
    private double zError(double e) {
        double avg = (errSum - errRing[ringPos] + e) / ring.length;
        return (avg - errMean) / Math.max(Math.sqrt(errVar), MIN_SD);
    }

    /**
     * The score before the rest period: the likelihood score of the mean novelty (and of the mean
     * prediction error, the smaller tail probability doubled), raised by a range break.
     */
    private double unsilenced(double y, double raw, double e) {
        double s = 0.0;
        if (seen > 0) {
            double tail = upperTail(z(raw));
            if (errRing.length > 0) {
                tail = Math.min(1.0, 2 * Math.min(tail, upperTail(zError(e))));
            }
            s = -Math.log10(Math.max(tail, Double.MIN_NORMAL)) / p.tailDigits();
        }
        double r = rangeBreak(y);
        if (r > p.rangeTolerance()) {
            s = Math.max(s, 1.0 + r - p.rangeTolerance());
        }
        return s;
    }

    /**
     * Whether {@link #unsilenced} is at least 1, without its logarithms: a range break, or a z at
     * least {@link #zAtOne} (the score is increasing in z).
     */
    private boolean detects(double y, double raw, double e) {
        return rangeBreak(y) > p.rangeTolerance()
                || seen > 0 && (z(raw) >= zAtOne || errRing.length > 0 && zError(e) >= zAtOne);
    }

    /** The standardised short mean of novelty if the next novelty is {@code raw}. */
    private double z(double raw) {
        double avg = (ringSum - ring[ringPos] + raw) / ring.length;
        return (avg - mean) / Math.max(Math.sqrt(var), MIN_SD);
    }

    /**
     * How far {@code y} lies outside the range seen before the last {@code short_window} points, in
     * widths of it; 0 inside, or with no range yet.
     */
    private double rangeBreak(double y) {
        if (!(max > min)) {
            return 0.0;
        }
        // on halves, as in bin
        double out = y > max ? 0.5 * y - 0.5 * max : 0.5 * min - 0.5 * y;
        return out > 0 ? out / (0.5 * max - 0.5 * min) : 0.0;
    }

    /** The smallest z whose likelihood score is at least 1 (bisection on the monotone score). */
    private static double zAtOne(double tailDigits, int detectors) {
        double lo = -40;
        double hi = 40;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (-Math.log10(Math.max(Math.min(1.0, detectors * upperTail(mid)), Double.MIN_NORMAL)) / tailDigits >= 1.0) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    private int bin(double y) {
        int levels = p.levels();
        // On halves: a range from -MAX_VALUE to MAX_VALUE stays finite (halving is exact, so the level
        // of a value does not change).
        double w = 0.5 * hi - 0.5 * lo;
        if (!(w > 0)) {
            // No (or a flat) fit range: one level for the fitted value, the extremes for the rest.
            return Double.isNaN(w) || y == hi ? levels / 2 : (y > hi ? levels - 1 : 0);
        }
        double f = (0.5 * y - 0.5 * lo) / w * levels;
        if (f <= 0) {
            return 0;
        }
        return f >= levels ? levels - 1 : (int) f;
    }

    /** The share of the context orders 1..K after which {@code b} was never seen, in [0, 1]. */
    private double novelty(int b) {
        int orders = Math.min(histLen, p.contextLength());
        if (orders == 0) {
            return 0.0;
        }
        int novel = 0;
        long ctx = b;
        for (int k = 1; k <= orders; k++) {
            ctx = ctx << BITS | (hist >>> (BITS * (k - 1)) & 0xF);
            if (keys[find(key(k, ctx))] == EMPTY) {
                novel++;
            }
        }
        return novel / (double) orders;
    }

    private static long key(int order, long ctx) {
        // +1 keeps 0 free as the empty-slot marker
        return ((long) order << ORDER_SHIFT | ctx) + 1;
    }

    private int find(long k) {
        int mask = keys.length - 1;
        int i = (int) mix(k) & mask;
        while (keys[i] != k && keys[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** A 64-bit finaliser (MurmurHash3's fmix64 constants) spreading packed contexts over the table. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /** Counts context {@code k}; true when it is new. */
    private boolean add(long k) {
        int i = find(k);
        if (keys[i] == EMPTY) {
            keys[i] = k;
            counts[i] = 1;
            size++;
            if (size * 2 > keys.length) {
                grow();
            }
            return true;
        }
        if (counts[i] < Integer.MAX_VALUE) {
            counts[i]++;
        }
        return false;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new int[oldKeys.length * 2];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = find(oldKeys[j]);
                keys[i] = oldKeys[j];
                counts[i] = oldCounts[j];
            }
        }
    }

    /**
     * Upper tail of the standard normal, P(Z > z): erfc by the Chebyshev fit of Numerical Recipes
     * (relative error below 2.2e-6 for every z, so also far in the tail, where the score lives).
     */
    static double upperTail(double z) {
        if (z < 0) {
            return 1.0 - upperTail(-z);
        }
        double x = z / Math.sqrt(2);
        double t = 1.0 / (1.0 + 0.5 * x);
        double poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215438 + t * 0.17087277))))))));
        return 0.5 * t * Math.exp(poly);
    }

    /** A deep copy, as a save and restore of the state gives. */
    ReferenceContextDetector copy() {
        ReferenceContextDetector d = new ReferenceContextDetector(p);
        d.lo = lo;
        d.hi = hi;
        d.min = min;
        d.max = max;
        System.arraycopy(recent, 0, d.recent, 0, recent.length);
        d.level = level;
        d.hist = hist;
        d.histLen = histLen;
        d.keys = keys.clone();
        d.counts = counts.clone();
        d.size = size;
        System.arraycopy(ring, 0, d.ring, 0, ring.length);
        d.ringPos = ringPos;
        d.ringSum = ringSum;
        d.mean = mean;
        d.var = var;
        d.quiet = quiet;
        d.seen = seen;
        System.arraycopy(errRing, 0, d.errRing, 0, errRing.length);
        d.errSum = errSum;
        d.errMean = errMean;
        d.errVar = errVar;
        d.last = last;
        return d;
    }

    int contexts() {
        return size;
    }

    /** The payload the version 3 codec wrote for this state (big-endian, LEB128 varints). */
    byte[] payloadV3() {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
            for (double v : new double[] {lo, hi, min, max, level}) {
                out.writeLong(Double.doubleToRawLongBits(v));
            }
            out.writeLong(hist);
            varint(out, histLen);
            varint(out, keys.length);
            varint(out, size);
            int lastSlot = -1;
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != 0) {
                    varint(out, i - lastSlot - 1);
                    out.writeLong(keys[i]);
                    varint(out, counts[i]);
                    lastSlot = i;
                }
            }
            doubles(out, ring);
            varint(out, ringPos);
            out.writeLong(Double.doubleToRawLongBits(ringSum));
            out.writeLong(Double.doubleToRawLongBits(mean));
            out.writeLong(Double.doubleToRawLongBits(var));
            varint(out, quiet);
            varint(out, seen);
            doubles(out, errRing);
            for (double v : new double[] {errSum, errMean, errVar, last}) {
                out.writeLong(Double.doubleToRawLongBits(v));
            }
            doubles(out, recent);
            return bytes.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void doubles(java.io.DataOutputStream out, double[] a) throws java.io.IOException {
        varint(out, a.length);
        for (double v : a) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
    }

    private static void varint(java.io.DataOutputStream out, long v) throws java.io.IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }
}
