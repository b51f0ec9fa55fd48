package dev.vigil.models.prophet;

/**
 * Solves the convex sub-problem of the Prophet MAP fit:
 *
 * <pre>  minimise  ½ θᵀHθ − cᵀθ + Σ_j w_j |θ_j|</pre>
 *
 * with H symmetric positive semi-definite (positive on every coordinate with {@code w_j = 0}) and
 * {@code w_j ≥ 0}. Cyclic coordinate descent with soft thresholding (Friedman, Hastie and Tibshirani
 * 2010) finds the sign pattern; every few sweeps the solution is "polished" by solving the linear
 * system on the current support with the signs fixed, and accepted when it satisfies the
 * Karush–Kuhn–Tucker conditions. The polish makes the result exact up to rounding even when H is
 * ill-conditioned (Prophet's hinge features are strongly correlated).
 *
 * <p>Complexity O(P²) per sweep plus O(P³) per polish, independent of the number of observations.
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
        int p = c.length;
        double[] grad = new double[p];
        for (int i = 0; i < p; i++) {
            double s = -c[i];
            for (int j = 0; j < p; j++) {
                s += h[i * p + j] * theta[j];
            }
            grad[i] = s;
        }
        double[] polished = new double[p];
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
            if (sweep % POLISH_EVERY == 0 && polish(h, c, w, theta, polished)) {
                System.arraycopy(polished, 0, theta, 0, p);
                return;
            }
        }
    }

    /**
     * Solves the stationarity equations on the support of {@code theta} with its signs fixed; returns
     * whether the result keeps those signs and satisfies the KKT conditions off the support.
     */
    private static boolean polish(double[] h, double[] c, double[] w, double[] theta, double[] out) {
        int p = c.length;
        int[] idx = new int[p];
        int f = 0;
        for (int j = 0; j < p; j++) {
            if (w[j] == 0 || theta[j] != 0) {
                idx[f++] = j;
            }
        }
        double[] a = new double[f * f];
        double[] rhs = new double[f];
        for (int r = 0; r < f; r++) {
            int i = idx[r];
            for (int s = 0; s < f; s++) {
                a[r * f + s] = h[i * p + idx[s]];
            }
            rhs[r] = c[i] - (w[i] == 0 ? 0 : w[i] * Math.signum(theta[i]));
        }
        if (!Cholesky.solveInPlace(a, rhs, f)) {
            return false;
        }
        java.util.Arrays.fill(out, 0);
        for (int r = 0; r < f; r++) {
            int i = idx[r];
            if (w[i] != 0 && Math.signum(rhs[r]) != Math.signum(theta[i])) {
                return false;
            }
            out[i] = rhs[r];
        }
        for (int j = 0; j < p; j++) {
            if (w[j] != 0 && theta[j] == 0) {
                double g = -c[j];
                for (int r = 0; r < f; r++) {
                    g += h[j * p + idx[r]] * rhs[r];
                }
                if (Math.abs(g) > w[j] * (1 + 1e-9) + 1e-13) {
                    return false;
                }
            }
        }
        return true;
    }
}
