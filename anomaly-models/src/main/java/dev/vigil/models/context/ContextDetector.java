package dev.vigil.models.context;

import java.util.Arrays;

/**
 * The engine of {@code vigil_online} (the method is described in {@code package-info.java}): per
 * point, the novelty of the quantised value after its last few values, the tail probability of the
 * recent mean novelty (and, opt-in, of the recent mean prediction error) against the series' own
 * history, range breaks, and the rest period after a detection.
 *
 * <p>State: a few numbers, two rings of {@code short_window} doubles (three with the prediction error) and the
 * {@link ContextSet} of the contexts seen since the last fit (one {@code int} key per distinct context up to
 * {@code context_length} 6, a {@code long} beyond: at most {@code context_length · levels^(context_length+1)}
 * of them, in practice a few per point of the fit window; a refit starts a new set).
 *
 * <p>Not thread-safe (single writer). {@link #score} does not change the state: it only leaves the
 * novelty it found for the {@link #learn} of the same value (one {@code int}, written whole, so concurrent
 * {@code score} calls remain safe); {@link #learn} updates. Both take O({@code context_length}) time per
 * point (amortised over the table's doublings), in practice about one probe of the table for a familiar
 * pattern; {@link #learn} right after {@link #score} of the same value probes only to add the contexts
 * found new. They allocate nothing except when the table doubles.
 */
final class ContextDetector {

    /**
     * Arguments, validated by the spec.
     *
     * @param levels           quantisation levels of the fit window's range, 2 to 16
     * @param contextLength    the longest context, in previous values, 1 to 12
     * @param restPeriod       points silenced after a detection
     * @param shortWindow      points in the recent mean of novelty
     * @param longWindow       points in the memory of that mean's distribution
     * @param rangeTolerance   a value further than this share of the seen range outside it is a range break
     * @param tailDigits       a tail probability of 10^-tailDigits scores 1
     */
    record Params(int levels, int contextLength, int restPeriod, int shortWindow, int longWindow,
            double rangeTolerance, double tailDigits, int errorMode) {
    }

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

    /** Bits per quantised value in a context (levels <= 16). */
    static final int BITS = 4;
    /**
     * Where version 1-3 states keep a key's order: above 13 values of 4 bits. A key is now {@code (order <<
     * shift | values) + 1} with {@code shift} just above the model's longest context, so that the keys of
     * {@code context_length} up to 6 fit an {@code int}.
     */
    static final int LEGACY_ORDER_SHIFT = 58;
    /** Floor of the standard deviation of the mean novelty: novelty is a share, 1e-3 is far below any step of it. */
    private static final double MIN_SD = 1e-3;

    private final Params p;
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
    /**
     * The last {@code context_length} values again, newest in the highest of {@code context_length} nibbles
     * (derived from {@code hist}, not saved): the values of every context order are a shift of it.
     */
    private long past;
    /** Bit position of the order in a context key. */
    private final int orderShift;
    private ContextSet contexts;
    /**
     * What the last {@link #score} found, for the {@link #learn} of the same value: {@code VALID | bin << 12
     * | known orders} ({@link #knownOrders}); 0 when unset. Cleared by every change of the state.
     */
    private int novelty;
    private static final int VALID = 1 << 16;
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

    ContextDetector(Params p) {
        this.p = p;
        this.ring = new double[p.shortWindow()];
        this.recent = new double[p.shortWindow()];
        Arrays.fill(recent, Double.NaN);
        this.levelAlpha = 2.0 / (p.shortWindow() + 1);
        this.errRing = new double[p.errorMode() == ERROR_OFF ? 0 : p.shortWindow()];
        // Two detectors: the smaller tail probability is doubled (Bonferroni) so that score 1 keeps its meaning.
        this.zAtOne = cachedZAtOne(p.tailDigits(), p.errorMode() == ERROR_OFF ? 1 : 2);
        this.orderShift = orderShift(p.contextLength());
        this.contexts = new ContextSet(narrowKeys(p.contextLength()), ContextSet.MIN_CAPACITY);
    }

    /** The order's bit position in a key: just above {@code contextLength + 1} packed values. */
    static int orderShift(int contextLength) {
        return BITS * (contextLength + 1);
    }

    /** Whether the keys of {@code contextLength} fit in 31 bits: order (up to contextLength) above the values. */
    static boolean narrowKeys(int contextLength) {
        return ContextSet.fitsInt(orderShift(contextLength) + 32 - Integer.numberOfLeadingZeros(contextLength));
    }

    /** Sets the quantisation range: the fit window's finite min and max. */
    void setRange(double lo, double hi) {
        novelty = 0;
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
        if (quiet > 0) {
            return 0.0;
        }
        int b = bin(y);
        int orders = Math.min(histLen, p.contextLength());
        int known = knownOrders(b, orders);
        novelty = VALID | b << 12 | known;
        return unsilenced(y, orders == 0 ? 0.0 : (orders - known) / (double) orders, error(y));
    }

    /** Folds a finite {@code y} in (scoring it first, for the rest period); non-finite values are ignored. */
    void learn(double y) {
        if (!Double.isFinite(y)) {
            return;
        }
        int b = bin(y);
        int orders = Math.min(histLen, p.contextLength());
        int cached = novelty;
        novelty = 0;
        // score(y) just found the known orders (the state has not changed since): reuse them
        int known = (cached & ~0xFFF) == (VALID | b << 12) ? cached & 0xFFF : knownOrders(b, orders);
        int novel = orders - known;
        if (novel > 0) {
            long ctx = context(b, orders);
            for (int k = orders; k > known; k--) {
                contexts.add(key(k, ctx));
                ctx >>>= BITS;
            }
        }
        double raw = novel == 0 ? 0.0 : novel / (double) orders; // the same 0.0, without the division
        double e = error(y);
        // The rest period runs until rest_period points in a row would not have been detections: an
        // incident longer than the rest period still gives one detection.
        if (detects(y, raw, e)) {
            quiet = p.restPeriod();
        } else if (quiet > 0) {
            quiet--;
        }
        hist = hist << BITS | b;
        past = past >>> BITS | (long) b << BITS * (p.contextLength() - 1);
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

    /** {@link #zAtOne}, computed once for the arguments of the last detector created. */
    private static double cachedZAtOne(double tailDigits, int detectors) {
        // every series of a model has the same arguments: the bisection runs once, not once per fit
        ZAtOne last = lastZAtOne;
        if (last == null || last.tailDigits() != tailDigits || last.detectors() != detectors) {
            last = new ZAtOne(tailDigits, detectors, zAtOne(tailDigits, detectors));
            lastZAtOne = last;
        }
        return last.z();
    }

    /** The last {@link #zAtOne} computed, with its arguments: one immutable value, so any thread may read it. */
    private record ZAtOne(double tailDigits, int detectors, double z) {
    }

    private static volatile ZAtOne lastZAtOne;

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

    /**
     * How many of the context orders 1..{@code orders} were seen before {@code b}: the seen orders are
     * always 1..m, since a context is only ever added with all its shorter suffixes (order k's context
     * without its oldest value is order k-1's), so the search runs from the longest context down and
     * stops at the first one seen: one probe for a familiar pattern, instead of one per order. The
     * novel orders are m+1..{@code orders}.
     */
    private int knownOrders(int b, int orders) {
        long ctx = context(b, orders);
        int k = orders;
        while (k > 0 && !contexts.contains(key(k, ctx))) {
            k--;
            ctx >>>= BITS;
        }
        return k;
    }

    /**
     * The context of order {@code k}: {@code b} above the last k values, the newest highest, so that
     * dropping the oldest value ({@code >>> BITS}) gives the context of order k-1.
     */
    private long context(int b, int k) {
        return (long) b << BITS * k | past >>> BITS * (p.contextLength() - k);
    }

    /** {@link #past} from {@code hist}: the nibbles of the last {@code contextLength} values reversed. */
    private static long past(long hist, int contextLength) {
        long past = 0;
        for (int j = 0; j < contextLength; j++) {
            past = past << BITS | (hist >>> BITS * j & 0xF);
        }
        return past;
    }

    private long key(int order, long ctx) {
        // +1 keeps 0 free as the empty-slot marker
        return ((long) order << orderShift | ctx) + 1;
    }

    /**
     * The key of a version 1-3 state in this model's layout.
     *
     * @throws IllegalArgumentException when its order or values do not fit {@code p}
     */
    static long fromLegacyKey(Params p, long legacy) {
        long k = legacy - 1;
        long order = k >>> LEGACY_ORDER_SHIFT;
        long ctx = k & ((1L << LEGACY_ORDER_SHIFT) - 1);
        if (legacy <= 0 || order < 1 || order > p.contextLength() || ctx >>> (BITS * (order + 1)) != 0) {
            throw new IllegalArgumentException("context key " + legacy + " does not fit context_length "
                    + p.contextLength());
        }
        return (order << orderShift(p.contextLength()) | ctx) + 1;
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

    ContextDetector copy() {
        return restore(p, state());
    }

    /** Every field of the state, arrays copied. */
    ContextState state() {
        return new ContextState(lo, hi, min, max, level, hist, histLen, contexts.copy(),
                ring.clone(), ringPos, ringSum, mean, var, quiet, seen,
                errRing.clone(), errSum, errMean, errVar, last, recent.clone());
    }

    /**
     * A detector in state {@code s}, which it takes: its context set becomes the detector's.
     *
     * @throws IllegalArgumentException when {@code s} does not fit {@code p} or is inconsistent
     */
    static ContextDetector restore(Params p, ContextState s) {
        if (s.contexts().isNarrow() != narrowKeys(p.contextLength())) {
            throw new IllegalArgumentException("context keys of the wrong width for context_length " + p.contextLength());
        }
        if (s.ring().length != p.shortWindow()
                || s.ringPos() < 0 || s.ringPos() >= p.shortWindow()
                || s.histLen() < 0 || s.histLen() > p.contextLength() || s.quiet() < 0 || s.quiet() > p.restPeriod()
                || s.seen() < 0 || s.errRing().length != (p.errorMode() == ERROR_OFF ? 0 : p.shortWindow())
                || s.recent().length != p.shortWindow()) {
            throw new IllegalArgumentException("counters out of range for the arguments");
        }
        ContextDetector d = new ContextDetector(p);
        d.lo = s.lo();
        d.hi = s.hi();
        d.min = s.min();
        d.max = s.max();
        d.level = s.level();
        d.hist = s.hist();
        d.past = past(s.hist(), p.contextLength());
        d.histLen = s.histLen();
        d.contexts = s.contexts(); // the state's own: state() hands out a copy, a codec a new set
        System.arraycopy(s.ring(), 0, d.ring, 0, d.ring.length);
        System.arraycopy(s.recent(), 0, d.recent, 0, d.recent.length);
        d.ringPos = s.ringPos();
        d.ringSum = s.ringSum();
        d.mean = s.mean();
        d.var = s.var();
        d.quiet = s.quiet();
        d.seen = s.seen();
        System.arraycopy(s.errRing(), 0, d.errRing, 0, d.errRing.length);
        d.errSum = s.errSum();
        d.errMean = s.errMean();
        d.errVar = s.errVar();
        d.last = s.last();
        return d;
    }

    @Override
    public String toString() {
        return "contexts=" + contexts.size() + ", seen=" + seen + ", range=[" + lo + ", " + hi + "], level=" + level
                + (quiet > 0 ? ", resting " + quiet : "");
    }
}
