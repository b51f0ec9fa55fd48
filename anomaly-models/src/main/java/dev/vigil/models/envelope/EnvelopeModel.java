package dev.vigil.models.envelope;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.stats.RobustStats;
import dev.vigil.core.stats.StreamingQuantiles;
import dev.vigil.models.AbstractOnlineModel;
import dev.vigil.models.OnlineModel;

/**
 * The online state of {@code temporal_envelope} and its per-point prediction and update.
 *
 * <p><b>Prediction</b> at time t: {@code yhat = level + Σ_c profile_c(t)}; with the residual
 * quantile estimates {@code Q_lo}, {@code Q_hi} ({@code quantiles}), the spread
 * {@code IQR = max(Q_hi - Q_lo, 1.5·s, 1.349·σ_tail)} (s the mean absolute residual, σ_tail the tail
 * estimate of the residuals' σ, see {@link #iqr()}) and k =
 * {@code iqr_threshold}: {@code yhat_lower = yhat + Q_lo - k·IQR}, {@code yhat_upper = yhat + Q_hi +
 * k·IQR}. Before the first point {@code yhat = y} (score 0).
 *
 * <p><b>Update</b> with the residual {@code r = y - yhat}: the robust residual {@code ψ = clip(r, ±T)},
 * {@code T = loss_reactivity · IQR}, so deviations beyond a few band widths move the model by a
 * bounded amount (no clipping for the first {@value #BOOT} points, which set the scale). Then, in
 * turn, each part absorbs a share of what is left of ψ: the level a share {@code max(alpha, 1/n)};
 * each profile a share {@code 1/W_b} of its bucket b, W_b the bucket's kernel-weighted visits decayed
 * with the time constant {@code cycle / (20·alpha)} (10 cycles by default), spread over the kernel's
 * buckets by their weights (a least-mean-squares step on the kernel features). Passing on only what
 * is left keeps the total step at most ψ, so the parts never overshoot together. A profile bucket
 * whose point was beyond the band on the same side in {@value #RECURRING} consecutive cycles (a spike
 * that recurs at the same calendar position) learns from the unclipped residual instead, so
 * recurring spikes are learnt within a few cycles; any other point beyond the band is not learnt
 * by the profiles at all (a one-off outlier, or the start of a level shift, which would otherwise
 * leave an echo in the buckets it started in). The scale s and the quantiles learn at rate {@code β = max(1/n, 2·alpha)}:
 * {@code s += β(|r| - s)} (unclipped, see {@link #learn}) and {@code Q_p += 1.5·β·s·(p - [r < Q_p])}
 * (stochastic-approximation quantiles, scale-equivariant).
 *
 * <p><b>Tail floor</b>: {@code σ_tail = q_0.995(|r - (Q_lo + Q_hi)/2|) / 2.807}
 * ({@link RobustStats#TAIL_QUANTILE}, {@link RobustStats#TAIL_TO_SIGMA}) over a t-digest of the residuals
 * that forgets with decay {@code 1 - alpha / }{@value #TAIL_MEMORY} per point (2,000 points by default,
 * so the percentile rests on about 10 residuals), fed from the {@code 1 / (2·alpha)}-th point on (the
 * residuals of a model that has not yet seen its quantiles' memory are its learning, not the series'
 * noise), each clipped at {@code loss_reactivity · IQR} as the level's input is (one deviation then
 * widens the floor by a bounded factor per read, so a level shift is confirmed before the band
 * swallows it), and read every {@value #TAIL_REFRESH} points. 1.349 σ is a normal IQR, so the floor is
 * inactive on normal residuals, and on heavy-tailed ones the band reaches beyond the routine 0.5 %
 * tail: the same floor as the MAD's and z-score's, which makes a score of 1 mean the same on every series.
 *
 * <p><b>Level shifts</b>: after {@code changepoint_window} consecutive residuals beyond the band on
 * the same side, the level is set to the mean of those points' deseasonalised values ({@code y -
 * Σ profiles}): the model re-levels on the new regime instead of drifting towards it at rate alpha.
 *
 * <p>All arithmetic saturates at ±{@link Double#MAX_VALUE}, so values near the double range never
 * turn the state infinite or NaN. Per point O(Σ buckets read) = O(1) (at most 5 buckets per smooth
 * profile) plus the tail digest's amortised O(log compression) insertion and an O(compression) read
 * every {@value #TAIL_REFRESH} points; learning allocates only inside t-digest (an iterator per read,
 * a rebuild every few thousand points; prediction allocates one small calendar scratch that escape
 * analysis usually removes). Single writer, as {@link OnlineModel} says; {@link #infer} only
 * reads.
 */
final class EnvelopeModel extends AbstractOnlineModel<EnvelopeSpec> {

    /** Points learnt without clipping, to set the scale. */
    static final int BOOT = 8;
    /** Consecutive same-side visits beyond the band after which a bucket learns unclipped residuals. */
    static final int RECURRING = 2;
    private static final double MAX = Double.MAX_VALUE;
    /**
     * The band's spread is at least this many mean absolute residuals: inactive for normal residuals
     * (their IQR is 1.69 of them), it widens the band of heavy-tailed residuals, whose IQR alone
     * would flag their ordinary tail (NAB standard 24.4 with the IQR alone, 26.1 with this floor).
     */
    static final double SPREAD_FLOOR = 1.5;
    /**
     * The tail's digest remembers {@code TAIL_MEMORY / alpha} points: 20 times the quantiles' memory, so
     * that its 99.5th percentile rests on about 10 residuals. NAB standard on half a: memory 5/alpha 52.3,
     * 10/alpha 52.7, 20/alpha 52.5 (before the warm-up and the clipping; 54.6 with them), against 24.2
     * without the floor.
     */
    static final double TAIL_MEMORY = 10;
    /** Points between two reads of the tail's percentile (a read costs O(compression), an add O(log compression)). */
    static final int TAIL_REFRESH = 16;
    /** The IQR of a normal distribution in σ, {@code 2·Φ⁻¹(0.75)}: the tail floor's σ as a spread. */
    static final double IQR_PER_SIGMA = 1.3489795003921634;

    long n;
    double level;
    double scale;
    double qLo;
    double qHi;
    /** Consecutive residuals beyond the band on side {@link #runSign}, and the mean of their deseasonalised values. */
    int run;
    int runSign;
    double runMean;
    final double[][] profile;
    /** Per profile bucket: the time-decayed, kernel-weighted number of points it has learnt. */
    final double[][] visits;
    /** Per profile bucket: the time (epoch ms) of its last point. */
    final long[][] lastSeen;
    /** Per profile bucket: +k after k visits in a row above the band, -k below, 0 otherwise. */
    final int[][] streak;
    /** The absolute centred residuals since the tail warm-up, forgetting with {@code spec.tailDecay}. */
    final StreamingQuantiles tailDigest;
    /** σ_tail as last read from {@link #tailDigest}, 0 before its first read. */
    double tail;
    /** The unit (a power of two) of the values in {@link #tailDigest}; 0 until the first is added. */
    double tailUnit;
    /** Residuals added to {@link #tailDigest} since its last read. */
    int sinceRefresh;
    private final CivilTime scratch = new CivilTime();

    EnvelopeModel(EnvelopeSpec spec) {
        this(spec, new StreamingQuantiles(StreamingQuantiles.DEFAULT_COMPRESSION, spec.tailDecay));
    }

    private EnvelopeModel(EnvelopeSpec spec, StreamingQuantiles tailDigest) {
        super(spec, spec.pipeline(), spec.minNSamplesSeen);
        this.tailDigest = tailDigest;
        int[] nb = spec.bucketCounts();
        this.profile = new double[nb.length][];
        this.visits = new double[nb.length][];
        this.streak = new int[nb.length][];
        this.lastSeen = new long[nb.length][];
        for (int c = 0; c < nb.length; c++) {
            profile[c] = new double[nb[c]];
            visits[c] = new double[nb[c]];
            streak[c] = new int[nb[c]];
            lastSeen[c] = new long[nb[c]];
        }
    }

    /** A model in exactly the given state (the arrays are copied). */
    EnvelopeModel(EnvelopeSpec spec, EnvelopeState s) {
        this(spec, s.tailDigest() == null
                ? new StreamingQuantiles(StreamingQuantiles.DEFAULT_COMPRESSION, spec.tailDecay)
                : StreamingQuantiles.restore(s.tailDigest()));
        if (!(s.tail() >= 0) || !(s.tailUnit() >= 0) || s.sinceRefresh() < 0) {
            throw new IllegalArgumentException("tail " + s.tail() + ", tail unit " + s.tailUnit() + ", refresh counter "
                    + s.sinceRefresh());
        }
        if (s.profiles().length != profile.length) {
            throw new IllegalArgumentException(s.profiles().length + " profiles for a spec of " + profile.length);
        }
        for (int c = 0; c < profile.length; c++) {
            if (s.profiles()[c].length != profile[c].length || s.visits()[c].length != profile[c].length
                    || s.streaks()[c].length != profile[c].length || s.lastSeen()[c].length != profile[c].length) {
                throw new IllegalArgumentException("profile " + c + " has " + s.profiles()[c].length + " buckets, the spec "
                        + profile[c].length);
            }
            System.arraycopy(s.profiles()[c], 0, profile[c], 0, profile[c].length);
            System.arraycopy(s.visits()[c], 0, visits[c], 0, profile[c].length);
            System.arraycopy(s.streaks()[c], 0, streak[c], 0, profile[c].length);
            System.arraycopy(s.lastSeen()[c], 0, lastSeen[c], 0, profile[c].length);
        }
        this.n = s.n();
        this.level = s.level();
        this.scale = s.scale();
        this.qLo = s.qLo();
        this.qHi = s.qHi();
        this.run = s.run();
        this.runSign = s.runSign();
        this.runMean = s.runMean();
        this.tail = s.tail();
        this.tailUnit = s.tailUnit();
        this.sinceRefresh = s.sinceRefresh();
    }

    private EnvelopeModel(EnvelopeModel o) {
        this(o.spec(), o.state());
    }

    EnvelopeState state() {
        double[][] p = new double[profile.length][];
        double[][] v = new double[profile.length][];
        int[][] k = new int[profile.length][];
        long[][] l = new long[profile.length][];
        for (int c = 0; c < p.length; c++) {
            l[c] = lastSeen[c].clone();
            p[c] = profile[c].clone();
            v[c] = visits[c].clone();
            k[c] = streak[c].clone();
        }
        return new EnvelopeState(n, level, scale, qLo, qHi, run, runSign, runMean, p, v, k, l, tailDigest.state(), tail,
                tailUnit, sinceRefresh);
    }

    static double sat(double x) {
        return x >= MAX ? MAX : x <= -MAX ? -MAX : x;
    }

    /** The sum of the profiles at the civil time {@code c} of a point. */
    private double seasonal(CivilTime c) {
        EnvelopeSpec s = spec();
        int special = s.special.groupOf(c);
        double sum = 0;
        for (int k = 0; k < profile.length; k++) {
            sum = sat(sum + read(s.presets[k], profile[k], s.presets[k].position(c, special)));
        }
        return sum;
    }

    /** A profile's value at a position: the bucket's, or the kernel blend of the buckets around it. */
    private static double read(Preset p, double[] values, double pos) {
        if (!p.kernel(pos)) {
            return values[(int) pos];
        }
        double h = p.halfWidth;
        int nb = p.cycleBuckets;
        double sum = 0;
        double wsum = 0;
        for (int j = (int) Math.floor(pos - h - 0.5); j <= (int) Math.ceil(pos + h - 0.5); j++) {
            double w = 1 - Math.abs(pos - (j + 0.5)) / h;
            if (w > 0) {
                sum += w * values[Math.floorMod(j, nb)];
                wsum += w;
            }
        }
        return sat(sum / wsum);
    }

    /**
     * Moves a profile towards absorbing {@code r} at a position; returns how much its value moved.
     * Each bucket j of the kernel (normalised weight w_j) moves by {@code g_j · w_j · r / Σ w²} with
     * its share {@code g_j = min(1, 1 / W_j)}, W_j its visits decayed by {@code exp(-Δt / tau)} since
     * its last point: a time-decayed running mean, which forgets at the same pace whether a bucket
     * gets one point per cycle or a thousand.
     */
    private static double learn(Preset p, double[] values, double[] visits, long[] last, double pos, double r, long t,
            double tau) {
        if (!p.kernel(pos)) {
            int b = (int) pos;
            double g = Math.min(1.0, 1 / visit(visits, last, b, 1.0, t, tau));
            double moved = g * r;
            values[b] = sat(values[b] + moved);
            return moved;
        }
        double h = p.halfWidth;
        int nb = p.cycleBuckets;
        int from = (int) Math.floor(pos - h - 0.5);
        int to = (int) Math.ceil(pos + h - 0.5);
        double wsum = 0;
        double w2 = 0;
        for (int j = from; j <= to; j++) {
            double w = 1 - Math.abs(pos - (j + 0.5)) / h;
            if (w > 0) {
                wsum += w;
                w2 += w * w;
            }
        }
        double moved = 0;
        for (int j = from; j <= to; j++) {
            double w = (1 - Math.abs(pos - (j + 0.5)) / h) / wsum;
            if (w > 0) {
                int b = Math.floorMod(j, nb);
                double g = Math.min(1.0, 1 / visit(visits, last, b, w, t, tau));
                double step = g * w * r / (w2 / (wsum * wsum));
                values[b] = sat(values[b] + step);
                moved += w * step;
            }
        }
        return moved;
    }

    /** Adds a visit of weight w to bucket b at time t; returns its decayed visits. */
    private static double visit(double[] visits, long[] last, int b, double w, long t, double tau) {
        double x = Math.max(0, t - last[b]) / tau;
        // for gaps far below the memory (the usual case) a 3-term series is exact to 1e-10 and 5x cheaper than exp
        double decayed = visits[b] == 0 ? 0 : visits[b] * (x < 1e-3 ? 1 - x + x * x / 2 : Math.exp(-x));
        visits[b] = decayed + w;
        last[b] = t;
        return visits[b];
    }

    /**
     * The spread that scales the band: {@code Q_hi - Q_lo}, but at least {@value #SPREAD_FLOOR} mean
     * absolute residuals s (on quantised data most residuals are exactly 0 and the quantiles
     * collapse, while s still sees the occasional step) and at least the normal IQR of the tail
     * estimate σ_tail (on heavy-tailed data the quantiles measure the bulk, and the routine 0.5 % tail
     * would score above 1).
     */
    private double iqr() {
        return Math.max(Math.max(sat(qHi - qLo), sat(SPREAD_FLOOR * scale)), sat(IQR_PER_SIGMA * tail));
    }

    @Override
    protected void predict(Prediction.Builder out, int i, long t, double y, double[][] extras) {
        if (n == 0) {
            out.set(i, y, y, y, y);
            return;
        }
        EnvelopeSpec s = spec();
        double yhat = sat(level + seasonal(new CivilTime().set(t, s.rules, s.fixedOffsetMs)));
        double width = sat(s.k * iqr());
        out.set(i, y, yhat, sat(sat(yhat + qLo) - width), sat(sat(yhat + qHi) + width));
    }

    /**
     * The band at the civil time {@code c} of a point, as {@link #predict} gives it, into {@code yhat},
     * {@code lower} and {@code upper} at index {@code i}: allocation-free, for callers that share one
     * calendar computation between several models of one spec (a row of channels).
     */
    void band(CivilTime c, double y, double[] yhat, double[] lower, double[] upper, int i) {
        if (n == 0) {
            yhat[i] = y;
            lower[i] = y;
            upper[i] = y;
            return;
        }
        double mid = sat(level + seasonal(c));
        double width = sat(spec().k * iqr());
        yhat[i] = mid;
        lower[i] = sat(sat(mid + qLo) - width);
        upper[i] = sat(sat(mid + qHi) + width);
    }

    @Override
    protected void learn(long t, double y) {
        if (!Double.isFinite(y)) {
            return;
        }
        EnvelopeSpec s = spec();
        learnAt(t, y, scratch.set(t, s.rules, s.fixedOffsetMs));
    }

    /** {@link #learn} with the point's civil time {@code c} already computed. */
    void learnAt(long t, double y, CivilTime c) {
        if (!Double.isFinite(y)) {
            return;
        }
        n++;
        if (n == 1) {
            level = y;
            return;
        }
        EnvelopeSpec s = spec();
        int special = s.special.groupOf(c);
        double season = seasonal(c);
        double yhat = sat(level + season);
        double r = sat(y - yhat);
        double iqr = iqr();
        double width = sat(s.k * iqr);
        int side = r > sat(qHi + width) ? 1 : r < sat(qLo - width) ? -1 : 0;
        if (tailUnit == 0 && n > s.tailWarmUp && scale > 0) {
            // t-digest 3.3 overflows internally on values near the double range: it sees |r| in units of
            // a power of two near the scale, fixed once (exact, so the floor stays scale-equivariant)
            tailUnit = Math.scalb(1.0, Math.getExponent(scale));
        }
        if (tailUnit > 0) {
            // clipped as the level's input is: one large deviation widens the floor by a bounded
            // factor per read, so a level shift is still confirmed before the band swallows it
            double v = Math.abs(sat(r - 0.5 * (qLo + qHi)));
            addTail((n > BOOT ? Math.min(v, sat(s.lossReactivity * iqr)) : v) / tailUnit);
        }
        if (n > BOOT && changepoint(side, sat(y - season))) {
            return;
        }
        double psi = r;
        if (n > BOOT) {
            double lim = sat(s.lossReactivity * iqr);
            lim = Math.max(lim, 1e-9 * Math.max(1.0, Math.abs(yhat)));
            psi = Math.max(-lim, Math.min(lim, r));
        }
        double beta = Math.max(1.0 / n, 2 * s.alpha);
        // quantiles first, with the scale they were estimated under
        double step = 1.5 * beta * scale;
        qLo = sat(qLo + step * (s.qLo - (r < qLo ? 1 : 0)));
        qHi = sat(qHi + step * (s.qHi - (r < qHi ? 1 : 0)));
        // unclipped: a robust scale collapses to 0 on quantised or mostly constant data, and then
        // every later step scores astronomically; the mean absolute residual still sees the steps
        scale = sat(scale + beta * (Math.abs(r) - scale));
        double absorbed = sat(Math.max(s.alpha, 1.0 / n) * psi);
        level = sat(level + absorbed);
        for (int k = 0; k < profile.length; k++) {
            Preset p = s.presets[k];
            double pos = p.position(c, special);
            // A deviation beyond the band at the same calendar position in consecutive cycles is a
            // recurring pattern, not an outlier: that bucket then learns the unclipped residual.
            // Only visits in different cycles count: consecutive points of one occurrence of a wide
            // bucket (the 6 h of a dow_smooth quarter day) after a level shift are one event, not a pattern.
            int b = Math.min((int) pos, profile[k].length - 1);
            int st = streak[k][b];
            if (side == 0) {
                st = 0; // a point inside the band ends the streak
            } else if (t - lastSeen[k][b] >= p.cycle.ms / 2) {
                st = Integer.signum(st) == side ? st + side : side;
            }
            streak[k][b] = Math.max(-RECURRING, Math.min(RECURRING, st));
            // A point beyond the band that is not (yet) recurring may be the start of a level shift:
            // the profiles do not learn it (the level and, at a shift, the re-levelling do), so a
            // shift does not leak into the calendar buckets it happened to start in.
            if (side != 0 && Math.abs(st) < RECURRING) {
                visit(visits[k], lastSeen[k], b, 0.0, t, s.profileMemoryMs[k]); // seen, not learnt
                continue;
            }
            double input = sat((Math.abs(st) >= RECURRING ? r : psi) - absorbed);
            absorbed = sat(absorbed + learn(p, profile[k], visits[k], lastSeen[k], pos, input, t, s.profileMemoryMs[k]));
        }
    }

    /** Adds a value (in units of {@link #tailUnit}) to the tail's digest, reading its percentile every {@value #TAIL_REFRESH}. */
    private void addTail(double v) {
        tailDigest.add(v);
        if (++sinceRefresh >= TAIL_REFRESH) {
            tail = sat(RobustStats.TAIL_TO_SIGMA * tailDigest.quantile(RobustStats.TAIL_QUANTILE) * tailUnit);
            sinceRefresh = 0;
        }
    }

    /**
     * Counts residuals beyond the band; on the {@code changepoint_window}-th in a row on one side,
     * re-levels and returns true (the point then only re-levels).
     */
    private boolean changepoint(int side, double deseasonalised) {
        if (side == 0) {
            run = 0;
            return false;
        }
        if (side != runSign || run == 0) {
            run = 0;
            runSign = side;
            runMean = 0;
        }
        run++;
        runMean = sat(runMean + (deseasonalised - runMean) / run);
        if (run < spec().changepointWindow) {
            return false;
        }
        level = runMean;
        run = 0;
        return true;
    }

    /** Keeps the tail's digest compact between batches (one model per series in a service). */
    @Override
    protected void afterLearning() {
        tailDigest.compact();
    }

    @Override
    public long samplesSeen() {
        return n;
    }

    @Override
    public OnlineModel copy() {
        return new EnvelopeModel(this);
    }

    @Override
    public String describe() {
        return "temporal_envelope(level=" + level + ", Q_lo=" + qLo + ", Q_hi=" + qHi + ", scale=" + scale
                + ", tail_sigma=" + tail + ", n=" + n + ")";
    }
}
