package dev.vigil.models.prophet;

import java.util.Arrays;

/**
 * The MAP solver of {@link ProphetFit}: proximal Gauss–Newton with σ profiled out. Single use, not
 * thread-safe.
 */
final class MapSolver {
    final double[] t;
    final double[] y;
    final double[] cps;
    final double[] x;
    final int kCols;
    final boolean[] mult;
    final boolean anyMult;
    final int nT;
    final int p;
    final int iM;
    final int iD;
    final int iB;
    final int nTrend;
    final double[] theta;
    final double[] prec;
    final double[] l1;
    final double[] trendDesign;
    /**
     * Times and changepoints both ascending (always, from {@link ProphetFit#fit}; checked): the trend is
     * then evaluated by one sweep with a running slope and offset, and the additive Gram matrix from
     * the hinge columns' closed forms ({@link TrendGram}), instead of through the n × (2 + S) design.
     */
    final boolean sortedTrend;
    /** Per changepoint j: the first row with {@code t ≥ cps[j]} (when {@link #sortedTrend}). */
    final int[] cpStart;
    double sigma2;

    MapSolver(double[] t, double[] y, double[] cps, double[] x, int kCols, Features layout, ProphetOptions o) {
        this.t = t;
        this.y = y;
        this.cps = cps;
        this.x = x;
        this.kCols = kCols;
        this.nT = t.length;
        this.mult = layout.multiplicative();
        boolean am = false;
        for (boolean b : mult) {
            am |= b;
        }
        this.anyMult = am;
        int s = cps.length;
        if (o.flat()) {
            iM = 0;
            iD = 1;
            nTrend = 1;
        } else {
            iM = 1;
            iD = 2;
            nTrend = 2 + s;
        }
        iB = nTrend;
        p = nTrend + kCols;
        theta = new double[p];
        prec = new double[p];
        l1 = new double[p];
        if (!o.flat()) {
            prec[0] = 1.0 / 25.0;
            for (int j = 0; j < s; j++) {
                l1[iD + j] = 1.0 / o.changepointPriorScale();
            }
        }
        prec[iM] = 1.0 / 25.0;
        double[] ps = layout.priorScales();
        for (int j = 0; j < kCols; j++) {
            prec[iB + j] = 1.0 / (ps[j] * ps[j]);
        }
        boolean sorted = !o.flat();
        for (int i = 1; i < nT && sorted; i++) {
            sorted = t[i - 1] <= t[i];
        }
        for (int j = 1; j < s && sorted; j++) {
            sorted = cps[j - 1] <= cps[j];
        }
        sortedTrend = sorted;
        cpStart = new int[s];
        if (sorted) {
            for (int j = 0, i = 0; j < s; j++) {
                while (i < nT && t[i] < cps[j]) {
                    i++;
                }
                cpStart[j] = i;
            }
        }
        // The dense trend design only where the generic paths need it (unsorted input, multiplicative Gram).
        trendDesign = sorted && !anyMult ? null : new double[nT * nTrend];
        for (int i = 0; trendDesign != null && i < nT; i++) {
            int r = i * nTrend;
            if (o.flat()) {
                trendDesign[r] = 1;
            } else {
                trendDesign[r] = t[i];
                trendDesign[r + 1] = 1;
                for (int j = 0; j < s; j++) {
                    trendDesign[r + 2 + j] = t[i] >= cps[j] ? t[i] - cps[j] : 0;
                }
            }
        }
    }

    /** Residual sum of squares at {@code th}; fills {@code trendOut}, {@code multOut} when non-null. O(T·(P − S)). */
    double rss(double[] th, double[] trendOut, double[] multOut) {
        double rss = 0;
        // Sorted: the slope and offset change only at changepoints (the form ProphetFit.trendScaled uses).
        double slope = th[0];
        double off = sortedTrend ? th[1] : 0;
        int next = 0;
        int s = cpStart.length;
        for (int i = 0; i < nT; i++) {
            double tr;
            if (sortedTrend) {
                while (next < s && cpStart[next] <= i) {
                    double d = th[iD + next];
                    slope += d;
                    off -= cps[next] * d;
                    next++;
                }
                tr = slope * t[i] + off;
            } else {
                tr = 0;
                int r = i * nTrend;
                for (int j = 0; j < nTrend; j++) {
                    tr += trendDesign[r + j] * th[j];
                }
            }
            double ad = 0;
            double mu = 0;
            int q = i * kCols;
            for (int j = 0; j < kCols; j++) {
                double v = x[q + j] * th[iB + j];
                if (mult[j]) {
                    mu += v;
                } else {
                    ad += v;
                }
            }
            double e = y[i] - (tr * (1 + mu) + ad);
            rss += e * e;
            if (trendOut != null) {
                trendOut[i] = tr;
                multOut[i] = mu;
            }
        }
        return rss;
    }

    double sigma2For(double rss) {
        return (Math.sqrt((double) nT * nT + 16 * rss) - nT) / 8;
    }

    /** The negative log posterior (up to a constant) with σ profiled out. */
    double objective(double[] th, double rss) {
        double s2 = sigma2For(rss);
        double f = s2 > 0 ? rss / (2 * s2) + 0.5 * nT * Math.log(s2) + 2 * s2 : Double.NEGATIVE_INFINITY;
        for (int j = 0; j < p; j++) {
            f += 0.5 * prec[j] * th[j] * th[j] + l1[j] * Math.abs(th[j]);
        }
        return f;
    }

    void run() {
        double[] gram = new double[p * p];
        double[] jy = new double[p];
        double[] row = new double[p];
        double[] trend = new double[nT];
        double[] mu = new double[nT];
        double[] h = new double[p * p];
        double[] c = new double[p];
        double[] w = new double[p];
        double[] next = new double[p];
        double[] trial = new double[p];
        if (!anyMult && sortedTrend) {
            TrendGram.additive(this, gram, jy);
        } else if (!anyMult) {
            gram(gram, jy, row, null, null);
        }
        double rss = rss(theta, trend, mu);
        sigma2 = sigma2For(rss);
        double f = objective(theta, rss);
        for (int it = 0; it < 500; it++) {
            if (anyMult) {
                gram(gram, jy, row, trend, mu);
            }
            System.arraycopy(gram, 0, h, 0, p * p);
            for (int j = 0; j < p; j++) {
                h[j * p + j] += sigma2 * prec[j];
                w[j] = sigma2 * l1[j];
            }
            System.arraycopy(jy, 0, c, 0, p);
            System.arraycopy(theta, 0, next, 0, p);
            // From the second step on, theta solved the same sub-problem with a slightly different σ².
            L1RidgeQp.solve(h, c, w, next, it > 0);
            double alpha = 1;
            double fNew = f;
            double rssNew = rss;
            boolean accepted = false;
            for (int ls = 0; ls < 40; ls++) {
                for (int j = 0; j < p; j++) {
                    trial[j] = theta[j] + alpha * (next[j] - theta[j]);
                }
                rssNew = rss(trial, null, null);
                fNew = objective(trial, rssNew);
                if (fNew <= f + 1e-14 * Math.abs(f)) {
                    accepted = true;
                    break;
                }
                alpha *= 0.5;
            }
            if (!accepted) {
                break;
            }
            double maxStep = 0;
            double maxAbs = 0;
            for (int j = 0; j < p; j++) {
                maxStep = Math.max(maxStep, Math.abs(trial[j] - theta[j]));
                maxAbs = Math.max(maxAbs, Math.abs(trial[j]));
            }
            System.arraycopy(trial, 0, theta, 0, p);
            rss = rss(theta, trend, mu);
            double s2Old = sigma2;
            sigma2 = sigma2For(rss);
            double fOld = f;
            f = objective(theta, rss);
            if (maxStep <= 1e-11 * Math.max(1, maxAbs) && Math.abs(sigma2 - s2Old) <= 1e-12 * sigma2
                    || Math.abs(fOld - f) <= 1e-15 * Math.max(1, Math.abs(f)) && maxStep <= 1e-8) {
                break;
            }
        }
        if (!(sigma2 > 0)) {
            sigma2 = 1e-18;
        }
    }

    /**
     * The Gram matrix JᵀJ and the vector Jᵀỹ of the model linearised at the current point
     * ({@code trend}, {@code mu} null: the additive model, whose design does not move).
     * ỹ = y − μ(θ) + Jθ, so that the sub-problem is exact for a linear model.
     */
    void gram(double[] g, double[] jy, double[] row, double[] trend, double[] mu) {
        Arrays.fill(g, 0);
        Arrays.fill(jy, 0);
        for (int i = 0; i < nT; i++) {
            double w = mu == null ? 1 : 1 + mu[i];
            int r = i * nTrend;
            for (int j = 0; j < nTrend; j++) {
                row[j] = trendDesign[r + j] * w;
            }
            int q = i * kCols;
            double tr = trend == null ? 0 : trend[i];
            for (int j = 0; j < kCols; j++) {
                row[nTrend + j] = mult[j] ? x[q + j] * tr : x[q + j];
            }
            // ỹ_i = y_i − μ_i + J_i·θ; for the bilinear model J_i·θ − μ_i = trend_i · mult_i.
            double yt = trend == null ? y[i] : y[i] + tr * mu[i];
            for (int a = 0; a < p; a++) {
                double ra = row[a];
                if (ra == 0) {
                    continue;
                }
                jy[a] += ra * yt;
                int base = a * p;
                for (int b = a; b < p; b++) {
                    g[base + b] += ra * row[b];
                }
            }
        }
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < a; b++) {
                g[a * p + b] = g[b * p + a];
            }
        }
    }
}
