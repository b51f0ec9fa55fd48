package dev.vigil.models.context;

import java.util.Arrays;

/**
 * The engine of {@code vigil_online}: contextual novelty of quantised values, turned into a tail
 * probability against the series' own history of novelty, with range breaks flagged at once and
 * one detection per incident. See {@code package-info.java} for the method.
 *
 * <p>Not thread-safe (single writer). {@link #score} only reads; {@link #learn} updates. Both are O(K)
 * per point (K = {@code contextLength}) amortised, allocation-free.
 */
final class ContextDetector {

    /** Parameters (validated by the spec). */
    record Params(int levels, int contextLength, int restPeriod, int shortWindow, int longWindow,
            double spatialTolerance, double tailDigits, double jumpTolerance, double orderWeight, int novelBelow) {
    }

    private static final long EMPTY = 0L;
    private static final int MIN_CAPACITY = 256;

    final Params p;
    /** Quantisation range, fixed by the last fit. */
    double lo;
    double hi;
    /** Range of every value seen (fit window and after). */
    double min = Double.NaN;
    double max = Double.NaN;
    double prev = Double.NaN;
    double maxJump;
    /** The last bins, 4 bits each, newest in the low bits; {@code histLen} of them valid. */
    long hist;
    int histLen;
    /** Open-addressed table of context counts; key 0 = empty slot. */
    long[] keys = new long[MIN_CAPACITY];
    int[] counts = new int[MIN_CAPACITY];
    int size;
    /** Ring of the last raw novelty scores. */
    double[] ring;
    int ringPos;
    double ringSum;
    /** Exponentially weighted mean and variance of the short average of novelty. */
    double mean;
    double var;
    double weight;
    /** Points still silenced after a detection. */
    int quiet;
    long seen;

    ContextDetector(Params p) {
        this.p = p;
        this.ring = new double[p.shortWindow()];
    }

    /** Sets the quantisation range from the fit window (its finite min and max); NaN range when empty. */
    void setRange(double lo, double hi) {
        this.lo = lo;
        this.hi = hi;
    }

    private int bin(double y) {
        int levels = p.levels();
        double w = hi - lo;
        if (!(w > 0)) {
            return y > hi ? levels - 1 : (y < lo ? 0 : levels / 2);
        }
        double f = (y - lo) / w * levels;
        if (f <= 0) {
            return 0;
        }
        return f >= levels ? levels - 1 : (int) f;
    }

    private static long key(int order, long ctx) {
        // order in the top bits keeps contexts of different lengths apart; +1 keeps 0 free for "empty".
        return (((long) order) << 58 | ctx) + 1;
    }

    private int find(long k) {
        int mask = keys.length - 1;
        int i = (int) mix(k) & mask;
        while (true) {
            long cur = keys[i];
            if (cur == k || cur == EMPTY) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private void add(long k) {
        int i = find(k);
        if (keys[i] == EMPTY) {
            keys[i] = k;
            size++;
            if (size * 2 > keys.length) {
                grow();
            }
        } else if (counts[i] < Integer.MAX_VALUE) {
            counts[i]++;
        }
    }

    private void grow() {
        long[] oldK = keys;
        int[] oldC = counts;
        keys = new long[oldK.length * 2];
        counts = new int[oldK.length * 2];
        for (int j = 0; j < oldK.length; j++) {
            if (oldK[j] != EMPTY) {
                int i = find(oldK[j]);
                keys[i] = oldK[j];
                counts[i] = oldC[j];
            }
        }
    }

    /** The novelty of {@code y} after the current history, in [0, 1]: the share of context orders never seen. */
    private double novelty(int b) {
        int orders = Math.min(histLen, p.contextLength());
        if (orders == 0) {
            return 0.0;
        }
        double novel = 0;
        double total = 0;
        long ctx = b;
        for (int k = 1; k <= orders; k++) {
            ctx = ctx << 4 | ((hist >>> (4 * (k - 1))) & 0xF);
            int i = find(key(k, ctx));
            double w = Math.pow(k, -p.orderWeight());
            total += w;
            if (keys[i] == EMPTY || counts[i] < p.novelBelow()) {
                novel += w;
            }
        }
        return novel / total;
    }

    /** Score of {@code y} against the current state (read-only); NaN for a non-finite y. */
    double score(double y) {
        if (!Double.isFinite(y)) {
            return Double.NaN;
        }
        if (quiet > 0) {
            return 0.0;
        }
        return rawScore(y);
    }

    private double rawScore(double y) {
        double raw = novelty(bin(y));
        double avg = (ringSum - ring[ringPos] + raw) / ring.length;
        double s = 0.0;
        if (weight > 0) {
            double sd = Math.sqrt(Math.max(var, 1e-12));
            double z = (avg - mean) / Math.max(sd, 1e-3);
            s = z > 0 ? -Math.log10(Math.max(upperTail(z), 1e-300)) / p.tailDigits() : 0.0;
        }
        if (seen > 1 && max > min) {
            double tol = (max - min) * p.spatialTolerance();
            if (y > max + tol || y < min - tol) {
                s = Math.max(s, 1.0 + (y > max ? y - max : min - y) / (max - min) - p.spatialTolerance());
            }
        }
        if (p.jumpTolerance() >= 0 && seen > 1 && maxJump > 0) {
            double j = Math.abs(y - prev);
            if (j > maxJump * (1 + p.jumpTolerance())) {
                s = Math.max(s, j / maxJump - p.jumpTolerance());
            }
        }
        return s;
    }

    /** Folds a finite {@code y} in; non-finite values are ignored. */
    void learn(double y) {
        if (!Double.isFinite(y)) {
            return;
        }
        double s = quiet > 0 ? 0.0 : rawScore(y);
        if (quiet > 0) {
            quiet--;
        } else if (s >= 1.0) {
            quiet = p.restPeriod();
        }
        int b = bin(y);
        double raw = novelty(b);
        int orders = Math.min(histLen, p.contextLength());
        long ctx = b;
        for (int k = 1; k <= orders; k++) {
            ctx = ctx << 4 | ((hist >>> (4 * (k - 1))) & 0xF);
            add(key(k, ctx));
        }
        hist = hist << 4 | b;
        if (histLen < p.contextLength()) {
            histLen++;
        }
        ringSum += raw - ring[ringPos];
        ring[ringPos] = raw;
        ringPos = (ringPos + 1) % ring.length;
        double avg = ringSum / ring.length;
        double a = 1.0 / Math.min(seen + 1, p.longWindow());
        double d = avg - mean;
        mean += a * d;
        var = (1 - a) * (var + a * d * d);
        weight = 1;
        if (seen == 0 || y < min) {
            min = y;
        }
        if (seen == 0 || y > max) {
            max = y;
        }
        if (seen > 0) {
            maxJump = Math.max(maxJump, Math.abs(y - prev));
        }
        prev = y;
        seen++;
    }

    /** Upper tail of the standard normal, Q(z) = P(Z > z), for z >= 0 (erfc approximation, rel. error < 1.2e-7). */
    static double upperTail(double z) {
        double x = z / Math.sqrt(2);
        double t = 1.0 / (1.0 + 0.5 * x);
        double e = t * Math.exp(-x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215438 + t * 0.17087277)))))))));
        return 0.5 * e;
    }

    ContextDetector copy() {
        ContextDetector c = new ContextDetector(p);
        c.lo = lo;
        c.hi = hi;
        c.min = min;
        c.max = max;
        c.prev = prev;
        c.maxJump = maxJump;
        c.hist = hist;
        c.histLen = histLen;
        c.keys = keys.clone();
        c.counts = counts.clone();
        c.size = size;
        c.ring = ring.clone();
        c.ringPos = ringPos;
        c.ringSum = ringSum;
        c.mean = mean;
        c.var = var;
        c.weight = weight;
        c.quiet = quiet;
        c.seen = seen;
        return c;
    }

    @Override
    public String toString() {
        return "contexts=" + size + ", seen=" + seen + ", range=" + Arrays.toString(new double[] {lo, hi});
    }
}
