package dev.vigil.models.prophet;

/**
 * Solves the convex sub-problem of the Prophet MAP fit:
 *
 * <pre>  minimise  ½ θᵀHθ − cᵀθ + Σ_j w_j |θ_j|</pre>
 *
 * with H symmetric positive semi-definite (positive on every coordinate with {@code w_j = 0}) and
 * {@code w_j ≥ 0}. Cyclic coordinate descent with soft thresholding (Friedman, Hastie and Tibshirani
 * 2010) finds the sign pattern; after a few sweeps the feature-sign search (Lee, Battle, Raina and Ng
 * 2007, an active-set method that solves the linear system on the support with the signs fixed)
 * takes over and ends at the exact Karush–Kuhn–Tucker point. That makes the result exact up to
 * rounding even when H is ill-conditioned (Prophet's hinge features are strongly correlated), where
 * coordinate descent alone would crawl.
 *
 * <p>Complexity O(P²) per sweep plus O(P³) per active-set step, independent of the number of
 * observations.
 * Stateless, thread-safe.
 */
final class L1RidgeQp {

    private static final int MAX_SWEEPS = 20_000;
    private static final int POLISH_EVERY = 10;

    private L1RidgeQp() {
    }

    /**
     * Minimises in place, starting from {@code theta}.
     *
     * @param h     P×P row-major Hessian (read only)
     * @param c     linear term
     * @param w     L1 weights (0 for a smooth coordinate)
     * @param theta start on entry, solution on exit
     */
    static void solve(double[] h, double[] c, double[] w, double[] theta) {
        solve(h, c, w, theta, false);
    }

    /**
     * As {@link #solve(double[], double[], double[], double[])}; with {@code warm}, {@code theta} is the
     * solution of a nearby problem (the MAP fit's previous step, whose σ² moved a little), whose
     * signs are likely right: the active-set method then starts at once, and coordinate descent runs
     * only if it does not settle.
     */
    static void solve(double[] h, double[] c, double[] w, double[] theta, boolean warm) {
        if (warm && featureSign(h, c, w, theta)) {
            return;
        }
        int p = c.length;
        double[] grad = new double[p];
        gradient(h, c, theta, grad);
        int nextPolish = POLISH_EVERY;
        for (int sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
            double maxMove = 0;
            double maxAbs = 0;
            for (int j = 0; j < p; j++) {
                double a = h[j * p + j];
                double old = theta[j];
                double b = a * old - grad[j];
                double nw;
                if (w[j] == 0) {
                    nw = b / a;
                } else if (a <= 0) {
                    nw = 0;
                } else {
                    nw = b > w[j] ? (b - w[j]) / a : b < -w[j] ? (b + w[j]) / a : 0.0;
                }
                double d = nw - old;
                if (d != 0) {
                    theta[j] = nw;
                    for (int i = 0; i < p; i++) {
                        grad[i] += h[i * p + j] * d;
                    }
                    maxMove = Math.max(maxMove, Math.abs(d));
                }
                maxAbs = Math.max(maxAbs, Math.abs(nw));
            }
            if (maxMove <= 1e-15 * Math.max(1, maxAbs)) {
                return;
            }
            // Coordinate descent finds the support quickly but crawls along ill-conditioned directions:
            // finish with the active-set method from where it is.
            if (sweep == nextPolish) {
                if (featureSign(h, c, w, theta)) {
                    return;
                }
                gradient(h, c, theta, grad);
                nextPolish *= 4;
            }
        }
    }

    private static void gradient(double[] h, double[] c, double[] theta, double[] grad) {
        int p = c.length;
        for (int i = 0; i < p; i++) {
            double s = -c[i];
            for (int j = 0; j < p; j++) {
                s += h[i * p + j] * theta[j];
            }
            grad[i] = s;
        }
    }

    /** Σ w_j |x_j| at x = theta + t·(target − theta), coordinate {@code zero} (if ≥ 0) set to 0. O(P). */
    private static double l1(double[] w, double[] theta, double[] target, double t, int zero) {
        double f = 0;
        for (int j = 0; j < w.length; j++) {
            if (w[j] != 0 && j != zero) {
                f += w[j] * Math.abs(theta[j] + t * (target[j] - theta[j]));
            }
        }
        return f;
    }

    /**
     * The feature-sign search of Lee, Battle, Raina and Ng (2007), warm-started at {@code theta}:
     * with the active set and signs fixed, solve the smooth quadratic exactly; move to the best
     * point on the segment where signs change (each move lowers the objective, so the active set
     * never repeats); add the zero coordinate that most violates optimality; stop at the KKT point.
     * On success {@code theta} holds the exact minimiser.
     *
     * @return false when a reduced system is not numerically positive definite or the steps do not
     *     settle (theta then holds a point no worse than on entry, up to rounding)
     */
    private static boolean featureSign(double[] h, double[] c, double[] w, double[] theta) {
        int p = c.length;
        double[] sign = new double[p];
        boolean[] active = new boolean[p];
        for (int j = 0; j < p; j++) {
            active[j] = w[j] == 0 || theta[j] != 0;
            sign[j] = Math.signum(theta[j]);
        }
        double[] grad = new double[p];
        double[] target = new double[p];
        double[] hTarget = new double[p];
        int[] idx = new int[p];
        boolean onActiveOptimum = false;
        for (int iter = 0; iter < 10 * p + 100; iter++) {
            gradient(h, c, theta, grad);
            // After a full step the active set is solved exactly (up to rounding): grow it, or stop.
            if (onActiveOptimum) {
                int add = -1;
                double most = 0;
                for (int j = 0; j < p; j++) {
                    if (!active[j]) {
                        double v = (Math.abs(grad[j]) - w[j]) / (1 + Math.abs(c[j]) + w[j]);
                        if (v > most) {
                            most = v;
                            add = j;
                        }
                    }
                }
                if (add < 0 || most <= 1e-10) {
                    return true;
                }
                active[add] = true;
                sign[add] = grad[add] > 0 ? -1 : 1;
            }
            int f = 0;
            for (int j = 0; j < p; j++) {
                if (active[j]) {
                    idx[f++] = j;
                }
            }
            double[] a = new double[f * f];
            double[] rhs = new double[f];
            for (int r = 0; r < f; r++) {
                int i = idx[r];
                for (int q = 0; q < f; q++) {
                    a[r * f + q] = h[i * p + idx[q]];
                }
                rhs[r] = c[i] - (w[i] == 0 ? 0 : w[i] * sign[i]);
            }
            if (!Cholesky.solveInPlace(a, rhs, f)) {
                return false;
            }
            java.util.Arrays.fill(target, 0);
            for (int r = 0; r < f; r++) {
                target[idx[r]] = rhs[r];
            }
            // Discrete line search from theta to target over the points where a coefficient crosses 0. On the
            // segment x = theta + t·(target − theta) the smooth part is a quadratic in t, from two products
            // with H: O(P) per candidate instead of O(P²).
            for (int i = 0; i < p; i++) {
                double s = 0;
                for (int j = 0; j < p; j++) {
                    s += h[i * p + j] * target[j];
                }
                hTarget[i] = s;
            }
            double q0 = 0;
            double q1 = 0;
            double q2 = 0;
            for (int i = 0; i < p; i++) {
                double hTheta = grad[i] + c[i];
                double d = target[i] - theta[i];
                double hd = hTarget[i] - hTheta;
                q0 += 0.5 * theta[i] * hTheta - c[i] * theta[i];
                q1 += theta[i] * hd - c[i] * d;
                q2 += 0.5 * d * hd;
            }
            double before = q0 + l1(w, theta, target, 0, -1);
            double best = q0 + q1 + q2 + l1(w, theta, target, 1, -1);
            double bestT = 1;
            for (int j = 0; j < p; j++) {
                if (w[j] != 0 && active[j] && theta[j] != 0 && Math.signum(target[j]) != Math.signum(theta[j])) {
                    double t = theta[j] / (theta[j] - target[j]);
                    double v = q0 + t * (q1 + t * q2) + l1(w, theta, target, t, j);
                    if (v < best) {
                        best = v;
                        bestT = t;
                    }
                }
            }
            if (best > before + 1e-12 * Math.abs(before)) {
                return false;
            }
            // A full step solves the active set only if no coefficient left the sign it was solved with.
            onActiveOptimum = bestT == 1;
            for (int j = 0; j < p; j++) {
                if (w[j] != 0 && active[j] && Math.signum(target[j]) != sign[j]) {
                    onActiveOptimum = false;
                }
            }
            for (int k = 0; k < p; k++) {
                double x = theta[k] + bestT * (target[k] - theta[k]);
                if (w[k] != 0 && bestT < 1 && Math.signum(x) != sign[k]) {
                    x = 0;
                }
                theta[k] = x;
            }
            for (int j = 0; j < p; j++) {
                if (w[j] != 0 && active[j]) {
                    if (Math.abs(theta[j]) <= 1e-300 || bestT < 1 && theta[j] * sign[j] <= 0) {
                        theta[j] = 0;
                        active[j] = false;
                        sign[j] = 0;
                    } else {
                        sign[j] = Math.signum(theta[j]);
                    }
                }
            }
        }
        return false;
    }
}
