package dev.vigil.models.prophet;

import java.util.Arrays;

/**
 * The Gram matrix JᵀJ and the vector Jᵀy of Prophet's additive linear-trend design, from the
 * structure of its columns instead of row by row over the dense design. Stateless.
 *
 * <p>The trend columns are {@code t}, {@code 1} and one hinge {@code (t − c_j)⁺} per changepoint. With
 * ascending times and changepoints, hinge j is non-zero exactly on the rows from
 * {@code start_j} (the first with {@code t ≥ c_j}), where it equals {@code u_i = t_i − c_j ≥ 0}. For
 * two changepoints {@code c_a ≤ c_b}, on the rows of the later one
 * {@code (t − c_a) = u + (c_b − c_a)}, so
 * <pre>  Σ (t − c_a)⁺(t − c_b)⁺ = S2_b + (c_b − c_a)·S1_b,   Σ t·(t − c_b)⁺ = S2_b + c_b·S1_b,   Σ (t − c_b)⁺ = S1_b</pre>
 * with {@code S1_b = Σ u}, {@code S2_b = Σ u²} over the rows of b: sums of non-negative terms, no
 * cancellation. The trend block then costs O(T·S + S²) instead of O(T·S²); the products of the trend
 * and feature columns skip the rows where a hinge is zero.
 *
 * <p>Complexity: O(T·S + S² + T·S·K/2 + T·K²/2) for T rows, S changepoints and K feature columns
 * (the dense product: O(T·(2 + S + K)²/2)).
 */
final class TrendGram {

    private TrendGram() {
    }

    /**
     * Fills {@code g} (P×P row-major) and {@code jy} for the solver's additive model; requires
     * {@link MapSolver#sortedTrend}.
     */
    static void additive(MapSolver ms, double[] g, double[] jy) {
        int p = ms.p;
        int n = ms.nT;
        int s = ms.cpStart.length;
        int k = ms.kCols;
        int iB = ms.iB;
        double[] t = ms.t;
        double[] y = ms.y;
        double[] x = ms.x;
        double[] c = ms.cps;
        Arrays.fill(g, 0);
        Arrays.fill(jy, 0);
        double st = 0;
        double stt = 0;
        double sy = 0;
        double sty = 0;
        for (int i = 0; i < n; i++) {
            st += t[i];
            stt += t[i] * t[i];
            sy += y[i];
            sty += t[i] * y[i];
        }
        g[0] = stt;
        g[1] = st;
        g[p + 1] = n;
        jy[0] = sty;
        jy[1] = sy;
        for (int b = 0; b < s; b++) {
            double a1 = 0;
            double a2 = 0;
            double ay = 0;
            for (int i = ms.cpStart[b]; i < n; i++) {
                double u = t[i] - c[b];
                a1 += u;
                a2 += u * u;
                ay += u * y[i];
            }
            int col = 2 + b;
            g[col] = a2 + c[b] * a1;
            g[p + col] = a1;
            jy[col] = ay;
            for (int a = 0; a <= b; a++) {
                g[(2 + a) * p + col] = a2 + (c[b] - c[a]) * a1;
            }
        }
        for (int j = 0; j < k; j++) {
            double xt = 0;
            double x1 = 0;
            double xy = 0;
            for (int i = 0; i < n; i++) {
                double v = x[i * k + j];
                xt += v * t[i];
                x1 += v;
                xy += v * y[i];
            }
            g[iB + j] = xt;
            g[p + iB + j] = x1;
            jy[iB + j] = xy;
            for (int b = 0; b < s; b++) {
                double acc = 0;
                for (int i = ms.cpStart[b]; i < n; i++) {
                    acc += x[i * k + j] * (t[i] - c[b]);
                }
                g[(2 + b) * p + iB + j] = acc;
            }
        }
        for (int i = 0; i < n; i++) {
            int q = i * k;
            for (int a = 0; a < k; a++) {
                double va = x[q + a];
                if (va == 0) {
                    continue;
                }
                int base = (iB + a) * p + iB;
                for (int b = a; b < k; b++) {
                    g[base + b] += va * x[q + b];
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
