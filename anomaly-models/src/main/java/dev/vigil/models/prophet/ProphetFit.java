package dev.vigil.models.prophet;

import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.prophet.ProphetOptions.Holiday;
import dev.vigil.models.prophet.ProphetOptions.Seasonality;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted Prophet model: the scaling, the changepoints, the MAP parameters and the feature layout.
 * Immutable and thread-safe; {@link #predict} uses its own seeded generator and its thread's buffers.
 *
 * <h2>Model (Taylor and Letham 2018; the Stan model shipped with Prophet)</h2>
 * With {@code t = (ds − start) / (end − start)} and {@code y_s = y / max|y|}:
 * <pre>
 *   trend(t) = (k + Σ_s a_s(t) δ_s) t + (m − Σ_s a_s(t) c_s δ_s),   a_s(t) = 1[t ≥ c_s]
 *   y_s ~ N( trend · (1 + X β_m) + X β_a , σ² )
 *   k, m ~ N(0, 5²);  δ_s ~ Laplace(0, τ);  σ ~ N⁺(0, 0.5²);  β_j ~ N(0, s_j²)
 * </pre>
 * X holds the Fourier columns {@code sin(2π n t_d / P), cos(2π n t_d / P)} (t_d in days since the
 * epoch) and the holiday indicators. The fit maximises the posterior density without Jacobian
 * (what Stan's {@code optimizing} does) by a proximal Gauss–Newton method: σ is profiled out in
 * closed form ({@code σ² = (√(T² + 16·RSS) − T) / 8}), and each step solves the L1/L2-penalised
 * least-squares sub-problem exactly ({@link L1RidgeQp}) on the Gram matrix; for additive models the
 * design is linear and one Gram matrix serves every step.
 *
 * <p>Complexity: fit O(T·P²) per Gauss–Newton step for multiplicative models (P = 2 + changepoints +
 * feature columns); additive ones build one Gram matrix from the trend's structure ({@link TrendGram})
 * and then cost O(T·K + P³) per step (K feature columns); predict O(N·P) plus O(N) draws for history rows and O(N_future·samples) for rows
 * after the fit window.
 */
final class ProphetFit {

    static final double DAY_MS = 86_400_000.0;

    final ProphetOptions options;
    final long startMs;
    final double tScaleMs;
    final double yScale;
    /**
     * An exact power of two, 1 unless {@code yScale} is near the double maximum: predictions are
     * computed in units of {@code yUnit} (with {@link #yWork} = {@code yScale / yUnit}) and multiplied
     * by it at the end, saturating at the largest double, so that no intermediate sum overflows.
     */
    final double yUnit;
    /** {@code yScale / yUnit}. */
    final double yWork;
    final double[] changepointsT;
    final double k;
    final double m;
    final double[] delta;
    final double[] beta;
    final double sigma;
    final Features layout;
    final int historySize;

    ProphetFit(ProphetOptions options, long startMs, double tScaleMs, double yScale, double[] changepointsT,
            double k, double m, double[] delta, double[] beta, double sigma, Features layout, int historySize) {
        this.options = options;
        this.startMs = startMs;
        this.tScaleMs = tScaleMs;
        this.yScale = yScale;
        this.yUnit = Math.scalb(1.0, Math.max(0, Math.getExponent(yScale) - 900));
        this.yWork = yScale / yUnit;
        this.changepointsT = changepointsT;
        this.k = k;
        this.m = m;
        this.delta = delta;
        this.beta = beta;
        this.sigma = sigma;
        this.layout = layout;
        this.historySize = historySize;
    }

    /**
     * Fits on the finite points of {@code (ms, y)}.
     *
     * @throws InsufficientDataException with fewer than two finite points
     * @throws IllegalArgumentException  when explicit changepoints fall outside the history
     */
    static ProphetFit fit(long[] msAll, double[] yAll, ProphetOptions o) {
        int n = 0;
        for (double v : yAll) {
            if (Double.isFinite(v)) {
                n++;
            }
        }
        if (n < 2) {
            throw new InsufficientDataException("model 'prophet' needs at least 2 finite points to fit, got " + n
                    + " of " + yAll.length);
        }
        long[] ms = new long[n];
        double[] y = new double[n];
        for (int i = 0, j = 0; i < yAll.length; i++) {
            if (Double.isFinite(yAll[i])) {
                ms[j] = msAll[i];
                y[j++] = yAll[i];
            }
        }
        long start = ms[0];
        double tScale = ms[n - 1] - start;
        double ymax = 0;
        double ymin = Double.POSITIVE_INFINITY;
        double ymaxRaw = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            ymax = Math.max(ymax, Math.abs(v));
            ymin = Math.min(ymin, v);
            ymaxRaw = Math.max(ymaxRaw, v);
        }
        double yScale = ymax == 0 ? 1.0 : ymax;
        double[] t = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = (ms[i] - start) / tScale;
            ys[i] = y[i] / yScale;
        }
        double[] cps = changepoints(ms, t, start, tScale, o);
        Features layout = Features.layout(ms, o);
        double[] x = layout.matrix(ms);
        int kCols = layout.width();

        // Prophet's initial values: the line through the first and last points.
        double k0 = o.flat() ? 0 : (ys[n - 1] - ys[0]) / (t[n - 1] - t[0]);
        double m0 = o.flat() ? mean(ys) : ys[0] - k0 * t[0];
        if (ymin == ymaxRaw) {
            // Nothing to fit: Prophet keeps the initial values and no noise.
            return new ProphetFit(o, start, tScale, yScale, cps, k0, m0, new double[cps.length], new double[kCols],
                    0.0, layout, n);
        }
        MapSolver s = new MapSolver(t, ys, cps, x, kCols, layout, o);
        s.theta[s.iM] = m0;
        if (!o.flat()) {
            s.theta[0] = k0;
        }
        s.run();
        double[] d = new double[cps.length];
        if (!o.flat()) {
            System.arraycopy(s.theta, s.iD, d, 0, cps.length);
        }
        double[] b = Arrays.copyOfRange(s.theta, s.iB, s.iB + kCols);
        double kFit = o.flat() ? 0 : s.theta[0];
        if (cps.length == 1 && cps[0] == 0 && noChangepoints(ms, o)) {
            // Prophet folds the stand-in changepoint at t = 0 into the base rate.
            kFit += d[0];
            d[0] = 0;
        }
        return new ProphetFit(o, start, tScale, yScale, cps, kFit, s.theta[s.iM], d, b, Math.sqrt(s.sigma2), layout,
                n);
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    /**
     * Prophet's changepoints: explicit ones, or {@code n_changepoints} spread evenly over the first
     * {@code changepoint_range} of the history rows (R's {@code round(seq(1, h, length.out = n + 1))[-1]}).
     * With none, a single changepoint at t = 0 (as Prophet does, so the model always has a δ).
     */
    static double[] changepoints(long[] ms, double[] t, long start, double tScale, ProphetOptions o) {
        int n = ms.length;
        double[] cps;
        if (o.changepointsMs() != null) {
            long[] given = o.changepointsMs().clone();
            Arrays.sort(given);
            for (long c : given) {
                if (c < ms[0] || c > ms[n - 1]) {
                    throw new IllegalArgumentException("model 'prophet': argument 'changepoints' must fall within the"
                            + " training data [" + ms[0] + ", " + ms[n - 1] + "] ms, got " + c + " ms");
                }
            }
            cps = new double[given.length];
            for (int i = 0; i < given.length; i++) {
                cps[i] = (given[i] - start) / tScale;
            }
        } else {
            int histSize = (int) Math.floor(n * o.changepointRange());
            int nc = o.nChangepoints();
            if (nc + 1 > histSize) {
                nc = histSize - 1;
            }
            if (nc > 0) {
                double[] seq = rSeq(1, histSize, nc + 1);
                cps = new double[nc];
                for (int i = 1; i <= nc; i++) {
                    int idx = (int) Math.rint(seq[i]) - 1;
                    cps[i - 1] = t[idx];
                }
            } else {
                cps = new double[0];
            }
        }
        return cps.length == 0 ? new double[] {0.0} : cps;
    }

    /** Whether the model has no real changepoint (only Prophet's stand-in at t = 0). */
    private static boolean noChangepoints(long[] ms, ProphetOptions o) {
        if (o.changepointsMs() != null) {
            return o.changepointsMs().length == 0;
        }
        int histSize = (int) Math.floor(ms.length * o.changepointRange());
        return Math.min(o.nChangepoints(), histSize - 1) <= 0;
    }

    /** R's {@code seq.int(from, to, length.out = len)}, computed symmetrically from both ends as R does. */
    static double[] rSeq(double from, double to, int len) {
        double[] out = new double[len];
        out[0] = from;
        if (len > 1) {
            out[len - 1] = to;
        }
        if (len > 2) {
            double by = (to - from) / (len - 1);
            for (int i = 1; i < len - 1; i++) {
                out[i] = i < len / 2 ? from + i * by : to - (len - 1 - i) * by;
            }
        }
        return out;
    }

    /**
     * The negative log posterior density (Stan's MAP objective, constants dropped) of the given
     * parameters on this model's training data {@code (ms, y)}: used to compare solutions.
     */
    double negLogPosterior(long[] msAll, double[] yAll, double kk, double mm, double[] dd, double[] bb, double sg) {
        double[] x = null;
        long[] ms = Arrays.stream(java.util.stream.IntStream.range(0, yAll.length)
                .filter(i -> Double.isFinite(yAll[i])).mapToLong(i -> msAll[i]).toArray()).toArray();
        double[] y = Arrays.stream(yAll).filter(Double::isFinite).toArray();
        x = layout.matrix(ms);
        int kc = layout.width();
        boolean[] mult = layout.multiplicative();
        double[] ps = layout.priorScales();
        double rss = 0;
        for (int i = 0; i < ms.length; i++) {
            double t = scaledTime(ms[i]);
            double slope = kk;
            double off = mm;
            for (int s = 0; s < changepointsT.length; s++) {
                if (t >= changepointsT[s]) {
                    slope += dd[s];
                    off -= changepointsT[s] * dd[s];
                }
            }
            double tr = options.flat() ? mm : slope * t + off;
            double mu = 0;
            double ad = 0;
            for (int j = 0; j < kc; j++) {
                double v = x[i * kc + j] * bb[j];
                if (mult[j]) {
                    mu += v;
                } else {
                    ad += v;
                }
            }
            double e = y[i] / yScale - (tr * (1 + mu) + ad);
            rss += e * e;
        }
        double f = rss / (2 * sg * sg) + ms.length * Math.log(sg) + 2 * sg * sg + (kk * kk + mm * mm) / 50;
        for (double d : dd) {
            f += Math.abs(d) / options.changepointPriorScale();
        }
        for (int j = 0; j < kc; j++) {
            f += bb[j] * bb[j] / (2 * ps[j] * ps[j]);
        }
        return f;
    }

    /** This fit with another observation noise σ (scaled units); used by {@code compression}. */
    ProphetFit withSigma(double newSigma) {
        return new ProphetFit(options, startMs, tScaleMs, yScale, changepointsT, k, m, delta, beta, newSigma, layout,
                historySize);
    }

    /**
     * The maximum-likelihood σ (scaled units) of the finite points of {@code (ms, y)} around this
     * fit's point forecast: {@code sqrt(mean((y − ŷ)²)) / y_scale}. O(n·P).
     */
    double residualSigma(long[] ms, double[] y) {
        double[] yhat = predict(ms, false).yhat();
        double ss = 0;
        int n = 0;
        for (int i = 0; i < ms.length; i++) {
            if (Double.isFinite(y[i])) {
                double e = yUnit == 1 ? (y[i] - yhat[i]) / yScale : y[i] / yScale - yhat[i] / yScale;
                ss += e * e;
                n++;
            }
        }
        return n == 0 ? sigma : Math.sqrt(ss / n);
    }

    // ---------------------------------------------------------------- prediction

    /** Scaled time of an epoch-ms timestamp. */
    double scaledTime(long ms) {
        return (ms - startMs) / tScaleMs;
    }

    /** The fitted trend in scaled units at scaled time t. */
    double trendScaled(double t) {
        double slope = k;
        double off = m;
        for (int s = 0; s < changepointsT.length; s++) {
            if (t >= changepointsT[s]) {
                slope += delta[s];
                off -= changepointsT[s] * delta[s];
            }
        }
        return slope * t + off;
    }

    /** Point forecast and components for the given timestamps, with the trend's bounds when {@code withUncertainty}. */
    Forecast predict(long[] ms, boolean withUncertainty) {
        return predict(ms, withUncertainty, true);
    }

    /**
     * Point forecast and components for the given timestamps; with {@code withUncertainty} the bounds, and the
     * trend's bounds too when {@code trendBand} (they cost about as much again after the fit window and
     * consume no random draws, so leaving them out changes no other number). Without them the trend's
     * bounds are the trend.
     */
    Forecast predict(long[] ms, boolean withUncertainty, boolean trendBand) {
        int n = ms.length;
        double[] x = layout.matrix(ms);
        int kc = layout.width();
        boolean[] mult = layout.multiplicative();
        double[] trend = new double[n];
        double[] add = new double[n];
        double[] mul = new double[n];
        double[] yhat = new double[n];
        Map<String, double[]> comps = new LinkedHashMap<>();
        List<Features.Block> blocks = layout.blocks();
        double[][] blockVals = new double[blocks.size()][];
        for (int b = 0; b < blocks.size(); b++) {
            blockVals[b] = new double[n];
        }
        for (int i = 0; i < n; i++) {
            double t = scaledTime(ms[i]);
            trend[i] = trendScaled(t) * yWork;
            int q = i * kc;
            for (int b = 0; b < blocks.size(); b++) {
                Features.Block bl = blocks.get(b);
                double v = 0;
                for (int j = bl.from(); j < bl.to(); j++) {
                    v += x[q + j] * beta[j];
                }
                if (bl.multiplicative()) {
                    mul[i] += v;
                } else {
                    v *= yWork;
                    add[i] += v;
                }
                blockVals[b][i] = v;
            }
            yhat[i] = trend[i] * (1 + mul[i]) + add[i];
        }
        if (yUnit != 1) {
            for (int b = 0; b < blocks.size(); b++) {
                if (!blocks.get(b).multiplicative()) {
                    toOriginalUnits(blockVals[b]);
                }
            }
        }
        // Group blocks by component name (holiday windows share their holiday's name).
        for (int b = 0; b < blocks.size(); b++) {
            String name = blocks.get(b).name();
            double[] acc = comps.computeIfAbsent(name, key -> new double[n]);
            for (int i = 0; i < n; i++) {
                acc[i] += blockVals[b][i];
            }
        }
        if (layout.hasHolidays()) {
            double[] hol = new double[n];
            for (int b = 0; b < blocks.size(); b++) {
                if (blocks.get(b).holiday()) {
                    for (int i = 0; i < n; i++) {
                        hol[i] += blockVals[b][i];
                    }
                }
            }
            comps.put("holidays", hol);
        }
        comps.put("additive_terms", yUnit == 1 ? add : toOriginalUnits(add.clone()));
        comps.put("multiplicative_terms", mul);
        double[] lower = yhat.clone();
        double[] upper = yhat.clone();
        double[] tLower = trend.clone();
        double[] tUpper = trend.clone();
        if (withUncertainty && options.uncertaintySamples() > 0) {
            Uncertainty.fill(this, ms, trend, mul, add, yhat, lower, upper, trendBand ? tLower : null,
                    trendBand ? tUpper : null);
        }
        if (yUnit != 1) {
            for (double[] a : List.of(yhat, lower, upper, trend, tLower, tUpper)) {
                toOriginalUnits(a);
            }
        }
        return new Forecast(yhat, lower, upper, trend, tLower, tUpper, comps);
    }

    /** Multiplies {@code a} by {@link #yUnit} in place, saturating at the largest finite double; returns it. */
    private double[] toOriginalUnits(double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, a[i] * yUnit));
        }
        return a;
    }

    /** One prediction: original units. */
    record Forecast(double[] yhat, double[] lower, double[] upper, double[] trend, double[] trendLower,
            double[] trendUpper, Map<String, double[]> components) {
    }

    /** A one-line description of the fitted state. */
    String describe() {
        StringBuilder sb = new StringBuilder("prophet(k=").append(k).append(", m=").append(m).append(", sigma=")
                .append(sigma).append(", y_scale=").append(yScale).append(", changepoints=")
                .append(changepointsT.length).append(", seasonalities=");
        List<String> names = new ArrayList<>();
        for (Features.Block b : layout.blocks()) {
            names.add(b.name());
        }
        return sb.append(names).append(')').toString();
    }

    /** Seasonalities and holidays in effect (for tests). */
    List<Seasonality> seasonalities() {
        return layout.seasonalities();
    }

    /** Holidays in effect (for tests). */
    List<Holiday> holidays() {
        return layout.holidays();
    }
}
