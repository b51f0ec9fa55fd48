package dev.vigil.models.holtwinters;

import java.util.Arrays;

/**
 * Fits {@link EsConfig} to a regularly sampled series the way statsmodels' (0.13)
 * {@code ExponentialSmoothing.fit()} does, so that the estimates and forecasts agree:
 *
 * <ol>
 *   <li>initial states from the Hyndman et al. heuristic (or the simple one for short series),
 *       starting smoothing values {@code α = 0.5 / m}, {@code β = 0.1 α}, {@code γ = 0.05 (1 − α)},
 *       {@code φ = 0.99};</li>
 *   <li>a brute-force grid over the free smoothing parameters under {@code β <= α} and
 *       {@code γ <= 1 − α} with the initial states held, keeping the best point (statsmodels'
 *       {@code use_brute}; our grid is about a sixth as fine per axis, see {@link #GRID_BASE});</li>
 *   <li>minimisation of the sum of squared one-step errors over every free parameter: α, β, γ
 *       through statsmodels' map of the unit cube onto the constrained region, φ in [0.8, 0.995],
 *       the initial level, trend and seasonal states (non-negative for multiplicative forms), with
 *       the exact gradient and a bounded L-BFGS ({@link BoundedLbfgs}) instead of SLSQP with finite
 *       differences.</li>
 * </ol>
 *
 * <p>Stateless and thread-safe. Cost: O(n) per evaluation; at most about {@code 5 · 5 · 5} grid points
 * (for an additive season without trend, four at a time in one pass, see {@link Smoother#sseBatch})
 * plus typically 50 to 150 optimiser evaluations, of which the rejected trial points of the line search
 * cost a value without gradient.
 */
final class EsFitter {

    /** statsmodels' {@code LOWER_BOUND} on α: {@code sqrt(machine epsilon)}. */
    static final double LOWER_BOUND = Math.sqrt(Math.ulp(1.0));

    /**
     * Grid points per axis are {@code GRID_BASE / (number of free smoothing parameters)};
     * statsmodels uses 87, we use 15 (5 points per axis with α, β and γ free, 7 with two): the grid
     * only picks the basin, the exact-gradient search does the rest (the conformance fixtures reach
     * statsmodels' optimum or a lower SSE with it).
     */
    static final int GRID_BASE = 15;

    /**
     * The optimiser works on {@code u_α / ALPHA_COORDINATE_SCALE} rather than α's unit-cube coordinate
     * {@code u_α}: the SSE's curvature along {@code u_α} is typically one to two orders of magnitude
     * above that along the standardised states (e.g. 4 against 0.08 per sample on the benchmark series),
     * which costs the quasi-Newton iterations while it learns the scales. Empirical: with 0.15 the
     * default form (additive season, no trend) needs 15 to 45 % fewer evaluations on the benchmark series
     * and reaches the same or a slightly lower SSE; the conformance fixtures are unaffected in outcome.
     */
    static final double ALPHA_COORDINATE_SCALE = 0.15;

    private EsFitter() {
    }

    /**
     * Fits the model.
     *
     * @param yOrig the series, finite, on a regular grid
     * @throws IllegalArgumentException with a user-facing message when the data do not suit the form
     *                                  (too short, non-positive data for a multiplicative form or Box-Cox)
     */
    static EsFit fit(double[] yOrig, EsConfig c) {
        int n = yOrig.length;
        int m = c.seasonal() == Smoother.NONE ? 0 : c.m();
        if (c.multiplicative() || !Double.isNaN(c.boxCox())) {
            for (int i = 0; i < n; i++) {
                if (!(yOrig[i] > 0)) {
                    throw new IllegalArgumentException((c.multiplicative() ? "a multiplicative trend or season"
                            : "use_boxcox") + " needs strictly positive data, but the fit data hold " + yOrig[i]
                            + " at sample " + i + "; use additive components (trend/seasonal: add) instead");
                }
            }
        }
        int minN = m > 0 ? 2 * m : (c.trend() == Smoother.NONE ? 1 : 2);
        if (n < Math.max(minN, 2)) {
            throw new IllegalArgumentException("needs at least " + Math.max(minN, 2) + " samples"
                    + (m > 0 ? " (two full seasons of " + m + ")" : "") + ", got " + n);
        }
        double lambda = c.boxCox();
        if (lambda == EsConfig.BOXCOX_ESTIMATE) {
            lambda = BoxCox.estimate(yOrig);
        }
        Workspace ws = Workspace.forSamples(n);
        double[] y = yOrig;
        if (!Double.isNaN(lambda)) {
            y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = BoxCox.forward(yOrig[i], lambda);
            }
        }
        Smoother sm = new Smoother(c.trend(), c.damped(), c.seasonal(), m, y, ws);
        int size = sm.size();
        double[] p = new double[size];

        // Initial states.
        double[] states = InitialStates.of(y, c, m);
        p[Smoother.LEVEL] = states[0];
        p[Smoother.TREND] = states[1];
        System.arraycopy(states, 2, p, Smoother.SEASON0, m);

        boolean hasTrend = c.trend() != Smoother.NONE;
        boolean hasSeason = m > 0;
        double initAlpha = fixedOr(c.alpha(), 0.5 / Math.max(m, 1));
        double initBeta = hasTrend ? fixedOr(c.beta(), 0.1 * initAlpha) : 0.0;
        double initGamma = hasSeason ? fixedOr(c.gamma(), 0.05 * (1 - initAlpha)) : 0.0;
        double initPhi = c.damped() ? fixedOr(c.phi(), 0.99) : 1.0;
        p[Smoother.ALPHA] = initAlpha;
        p[Smoother.BETA] = initBeta;
        p[Smoother.GAMMA] = initGamma;
        p[Smoother.PHI] = initPhi;

        // statsmodels (0.13, also 0.14) optimises the initial states whatever the initialization
        // method: "heuristic" and "known" only choose where the search starts. We do the same so that
        // fits agree.
        boolean estimateStates = true;
        boolean[] sel = new boolean[size];
        sel[Smoother.ALPHA] = Double.isNaN(c.alpha());
        sel[Smoother.BETA] = hasTrend && Double.isNaN(c.beta());
        sel[Smoother.GAMMA] = hasSeason && Double.isNaN(c.gamma());
        sel[Smoother.LEVEL] = estimateStates;
        sel[Smoother.TREND] = estimateStates && hasTrend;
        sel[Smoother.PHI] = c.damped() && Double.isNaN(c.phi());
        for (int j = 0; j < m; j++) {
            sel[Smoother.SEASON0 + j] = estimateStates;
        }

        // Bounds of α, β, γ after the fixed values (statsmodels' _construct_bounds).
        double[][] sb = {{0, 1}, {0, 1}, {0, 1}};
        if (!sel[Smoother.ALPHA]) {
            sb[1][1] = Math.min(sb[1][1], initAlpha);
            sb[2][1] = Math.min(sb[2][1], 1 - initAlpha);
        }
        if (hasTrend && !sel[Smoother.BETA]) {
            sb[0][0] = Math.max(sb[0][0], initBeta);
        }
        if (hasSeason && !sel[Smoother.GAMMA]) {
            sb[0][1] = Math.min(sb[0][1], 1 - initGamma);
        }
        if (sb[0][0] > sb[0][1] || (hasTrend && sb[1][0] > Math.min(sb[1][1], sb[0][1]))) {
            throw new IllegalArgumentException("the fixed smoothing parameters are incompatible: statsmodels requires"
                    + " smoothing_trend <= smoothing_level and smoothing_seasonal <= 1 - smoothing_level");
        }

        int evals = 0;
        boolean anySmoothing = sel[Smoother.ALPHA] || sel[Smoother.BETA] || sel[Smoother.GAMMA];
        if (anySmoothing) {
            evals += brute(sm, p, sel, sb, initAlpha);
        }
        boolean anyFree = false;
        for (boolean b : sel) {
            anyFree |= b;
        }
        if (anyFree) {
            evals += optimize(sm, p, sel, sb, c);
        }
        sm.sseWithStates(p);
        double[] fitted = sm.fitted(p, ws.exactly(Workspace.FITTED, n)); // copied by EsFit
        double sse = 0;
        double mean = 0;
        for (int i = 0; i < n; i++) {
            fitted[i] = BoxCox.inverse(fitted[i], lambda);
            double e = yOrig[i] - fitted[i];
            sse += e * e;
            mean += e;
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            double e = yOrig[i] - fitted[i] - mean;
            var += e * e;
        }
        double[] tail = new double[m];
        for (int j = 0; j < m; j++) {
            tail[j] = sm.s[n - 1 + j];
        }
        return new EsFit(c, p, lambda, sse, Math.sqrt(var / n), sm.l[n], hasTrend ? sm.b[n] : 0.0, tail, evals + 1,
                fitted);
    }

    private static double fixedOr(double fixed, double def) {
        return Double.isNaN(fixed) ? def : fixed;
    }

    /**
     * statsmodels' {@code _setup_brute} grid, coarser: evaluates the SSE at every grid point of the free
     * smoothing parameters with everything else at its start value, and keeps the best in {@code p}.
     */
    static int brute(Smoother sm, double[] p, boolean[] sel, double[][] sb, double initAlpha) {
        int k = (sel[0] ? 1 : 0) + (sel[1] ? 1 : 0) + (sel[2] ? 1 : 0);
        int ns = GRID_BASE / k;
        double[] q = p.clone();
        double best = Double.POSITIVE_INFINITY;
        double[] bestAbg = {p[0], p[1], p[2]};
        // the grid points in statsmodels' order, then their SSEs (four at a time where the form allows)
        double[] ga = new double[64];
        double[] gb = new double[64];
        double[] gg = new double[64];
        int count = 0;
        double[] aPts;
        if (!sel[0]) {
            aPts = new double[] {initAlpha};
        } else {
            double step = 0.005 * (sb[0][1] - sb[0][0]);
            aPts = linspace(sb[0][0] + step, sb[0][1] - step, ns);
        }
        for (double a : aPts) {
            double[] bPts;
            double[] gPts;
            if (!sel[0]) {
                // statsmodels' "easy case": fixed α, 0.5 % margins of each range
                bPts = sel[1] ? linspace(sb[1][0] + 0.005 * (sb[1][1] - sb[1][0]),
                        Math.min(sb[1][1], a) - 0.005 * (sb[1][1] - sb[1][0]), ns) : new double[] {p[1]};
                gPts = sel[2] ? linspace(sb[2][0] + 0.005 * (sb[2][1] - sb[2][0]),
                        Math.min(sb[2][1], 1 - a) - 0.005 * (sb[2][1] - sb[2][0]), ns) : new double[] {p[2]};
            } else {
                double bUb = Math.min(sb[1][1], a);
                double gUb = Math.min(sb[2][1], 1 - a);
                if ((sel[1] && sb[1][0] > bUb) || (sel[2] && sb[2][0] > gUb)) {
                    continue;
                }
                bPts = sel[1] ? linspace(sb[1][0], bUb, (int) Math.ceil(ns * Math.sqrt(a))) : new double[] {p[1]};
                gPts = sel[2] ? linspace(sb[2][0], gUb, (int) Math.ceil(ns * Math.sqrt(1 - a))) : new double[] {p[2]};
            }
            for (double bv : bPts) {
                for (double gv : gPts) {
                    if (count == ga.length) {
                        ga = Arrays.copyOf(ga, 2 * count);
                        gb = Arrays.copyOf(gb, 2 * count);
                        gg = Arrays.copyOf(gg, 2 * count);
                    }
                    ga[count] = a;
                    gb[count] = bv;
                    gg[count] = gv;
                    count++;
                }
            }
        }
        double[] values = new double[count];
        int done = 0;
        if (sm.batchable()) {
            double[] as = new double[4];
            double[] gs = new double[4];
            double[] out = new double[4];
            for (; done < count; done += 4) {
                int len = Math.min(4, count - done);
                for (int j = 0; j < 4; j++) {
                    // a short last batch repeats its last point (cheaper than single passes)
                    as[j] = ga[done + Math.min(j, len - 1)];
                    gs[j] = gg[done + Math.min(j, len - 1)];
                }
                sm.sseBatch(p, as, gs, out);
                System.arraycopy(out, 0, values, done, len);
            }
        }
        for (; done < count; done++) {
            q[0] = ga[done];
            q[1] = gb[done];
            q[2] = gg[done];
            values[done] = sm.sse(q);
        }
        for (int i = 0; i < count; i++) {
            double v = values[i];
            if (v < best) {
                best = v;
                bestAbg[0] = ga[i];
                bestAbg[1] = gb[i];
                bestAbg[2] = gg[i];
            }
        }
        p[0] = bestAbg[0];
        p[1] = bestAbg[1];
        p[2] = bestAbg[2];
        return count;
    }

    private static double[] linspace(double a, double b, int num) {
        double[] out = new double[Math.max(num, 1)];
        if (num <= 1) {
            out[0] = a;
            return out;
        }
        for (int i = 0; i < num; i++) {
            out[i] = a + (b - a) * i / (num - 1);
        }
        return out;
    }

    /**
     * Minimises the SSE over the selected parameters, starting from {@code p} (updated in place).
     * α, β, γ are optimised in statsmodels' unit-cube coordinates ({@code to_restricted}; α's divided by
     * {@link #ALPHA_COORDINATE_SCALE}); the states are scaled by the data's spread so that every
     * coordinate is of order one.
     */
    static int optimize(Smoother sm, double[] p, boolean[] sel, double[][] sb, EsConfig c) {
        int size = p.length;
        int[] idx = new int[size];
        int k = 0;
        for (int i = 0; i < size; i++) {
            if (sel[i]) {
                idx[k++] = i;
            }
        }
        final int nFree = k;
        final int[] map = Arrays.copyOf(idx, nFree);
        double[] y = sm.y;
        double mean = 0;
        for (double v : y) {
            mean += v;
        }
        mean /= y.length;
        double var = 0;
        for (double v : y) {
            var += (v - mean) * (v - mean);
        }
        double spread = Math.sqrt(var / y.length);
        if (!(spread > 0)) {
            spread = Math.max(Math.abs(mean), 1.0);
        }
        boolean anyMul = c.multiplicative();
        double[] scale = new double[size];
        Arrays.fill(scale, 1.0);
        scale[Smoother.LEVEL] = spread;
        scale[Smoother.ALPHA] = ALPHA_COORDINATE_SCALE;
        if (c.trend() == Smoother.ADD) {
            scale[Smoother.TREND] = spread;
        }
        if (c.seasonal() == Smoother.ADD) {
            for (int j = Smoother.SEASON0; j < size; j++) {
                scale[j] = spread;
            }
        }
        double norm = y.length * spread * spread;
        double[] lo = new double[nFree];
        double[] hi = new double[nFree];
        double[] x0 = new double[nFree];
        // mod bounds in statsmodels' terms, then strictly inside (its _enforce_bounds)
        for (int j = 0; j < nFree; j++) {
            int i = map[j];
            double lb;
            double ub;
            if (i <= Smoother.GAMMA) {
                lb = 0;
                ub = 1;
            } else if (i == Smoother.PHI) {
                lb = 0.8;
                ub = 0.995;
            } else if (i == Smoother.LEVEL) {
                lb = anyMul ? 0 : Double.NEGATIVE_INFINITY;
                ub = Double.POSITIVE_INFINITY;
            } else if (i == Smoother.TREND) {
                lb = c.trend() == Smoother.MUL ? 0 : Double.NEGATIVE_INFINITY;
                ub = Double.POSITIVE_INFINITY;
            } else {
                lb = c.seasonal() == Smoother.MUL ? 0 : Double.NEGATIVE_INFINITY;
                ub = Double.POSITIVE_INFINITY;
            }
            double v = p[i];
            if (v <= lb) {
                double u = Double.isFinite(ub) ? ub : 100.0;
                v = lb + 1e-4 * (u - lb);
            } else if (v >= ub) {
                double l = Double.isFinite(lb) ? lb : -100.0;
                v = ub - 1e-4 * (ub - l);
            }
            p[i] = v;
            lo[j] = lb / scale[i];
            hi[j] = ub / scale[i];
        }
        double[] u = toUnrestricted(p, sel, sb);
        for (int j = 0; j < nFree; j++) {
            int i = map[j];
            x0[j] = i <= Smoother.GAMMA ? u[i] / scale[i] : p[i] / scale[i];
        }
        final double[] full = p.clone();
        final double[] fullGrad = new double[size];
        final double[] jac = new double[4]; // dα/du_a, dβ/du_b, dγ/du_g, and cross terms below
        final double[] cross = new double[2]; // dβ/du_a, dγ/du_a
        BoundedLbfgs.Objective obj = new BoundedLbfgs.Objective() {
            @Override
            public double value(double[] x) {
                double[] uu = {full[0], full[1], full[2]};
                for (int j = 0; j < nFree; j++) {
                    int i = map[j];
                    if (i <= Smoother.GAMMA) {
                        uu[i] = x[j] * scale[i];
                    } else {
                        full[i] = x[j] * scale[i];
                    }
                }
                double[] d = restrict(uu, full, sel, sb, jac);
                cross[0] = d[0];
                cross[1] = d[1];
                return sm.sse(full) / norm;
            }

            @Override
            public void gradient(double[] g) {
                sm.gradient(full, fullGrad);
                // chain rule through the unit-cube map
                for (int j = 0; j < nFree; j++) {
                    int i = map[j];
                    double gi;
                    if (i == Smoother.ALPHA) {
                        gi = (fullGrad[0] * jac[0] + fullGrad[1] * cross[0] + fullGrad[2] * cross[1]) * scale[i];
                    } else if (i == Smoother.BETA) {
                        gi = fullGrad[1] * jac[1] * scale[i];
                    } else if (i == Smoother.GAMMA) {
                        gi = fullGrad[2] * jac[2] * scale[i];
                    } else {
                        gi = fullGrad[i] * scale[i];
                    }
                    g[j] = gi / norm;
                }
            }
        };
        // keep the raw α, β, γ of fixed entries in "full"; free ones are overwritten by restrict()
        BoundedLbfgs.Result r = new BoundedLbfgs(20, 2000, 1e-10, 1e-9).minimize(obj, x0, lo, hi);
        obj.value(r.x());
        System.arraycopy(full, 0, p, 0, size);
        return r.evaluations() + 1;
    }

    /**
     * statsmodels' {@code to_unrestricted}: the unit-cube coordinates of α, β, γ (entries 0..2 of the
     * result; fixed entries keep their raw value).
     */
    static double[] toUnrestricted(double[] p, boolean[] sel, double[][] sb) {
        double a = p[0];
        double b = p[1];
        double g = p[2];
        if (sel[0]) {
            double lb = Math.max(LOWER_BOUND, sb[0][0]);
            double ub = Math.min(1 - LOWER_BOUND, sb[0][1]);
            a = (a - lb) / (ub - lb);
        }
        if (sel[1]) {
            double lb = sb[1][0];
            double ub = Math.min(p[0], sb[1][1]);
            b = (b - lb) / (ub - lb);
        }
        if (sel[2]) {
            double lb = sb[2][0];
            double ub = Math.min(1 - p[0], sb[2][1]);
            g = (g - lb) / (ub - lb);
        }
        return new double[] {a, b, g};
    }

    /**
     * statsmodels' {@code to_restricted}: writes α, β, γ into {@code full} from unit-cube coordinates
     * {@code u}; fills {@code jac[0..2]} with dα/du_a, dβ/du_b, dγ/du_g and returns
     * {@code {dβ/du_a, dγ/du_a}}.
     */
    static double[] restrict(double[] u, double[] full, boolean[] sel, double[][] sb, double[] jac) {
        double a = u[0];
        double dA = 0;
        if (sel[0]) {
            double lb = Math.max(LOWER_BOUND, sb[0][0]);
            double ub = Math.min(1 - LOWER_BOUND, sb[0][1]);
            a = lb + u[0] * (ub - lb);
            dA = ub - lb;
        }
        double b = u[1];
        double dBdA = 0;
        jac[1] = 0;
        if (sel[1]) {
            double lb = sb[1][0];
            double ub = Math.min(a, sb[1][1]);
            b = lb + u[1] * (ub - lb);
            jac[1] = ub - lb;
            dBdA = a < sb[1][1] ? u[1] * dA : 0;
        }
        double g = u[2];
        double dGdA = 0;
        jac[2] = 0;
        if (sel[2]) {
            double lb = sb[2][0];
            double ub = Math.min(1 - a, sb[2][1]);
            g = lb + u[2] * (ub - lb);
            jac[2] = ub - lb;
            dGdA = 1 - a < sb[2][1] ? -u[2] * dA : 0;
        }
        jac[0] = dA;
        full[0] = a;
        full[1] = b;
        full[2] = g;
        return new double[] {dBdA, dGdA};
    }
}
