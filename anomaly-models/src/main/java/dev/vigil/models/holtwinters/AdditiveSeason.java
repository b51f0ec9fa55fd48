package dev.vigil.models.holtwinters;

import static dev.vigil.models.holtwinters.Smoother.ALPHA;
import static dev.vigil.models.holtwinters.Smoother.GAMMA;
import static dev.vigil.models.holtwinters.Smoother.LEVEL;
import static dev.vigil.models.holtwinters.Smoother.SEASON0;

/**
 * The specialised passes of {@link Smoother} for an additive season without trend, the default
 * form of vmanomaly's HoltWinters: its SSE, the SSE's gradient by an adjoint pass, and the SSE at
 * four parameter pairs in one pass. Pure functions over the arrays they are given (no allocation);
 * the hot loop of the fit, kept apart from the general recursions.
 */
final class AdditiveSeason {

    private AdditiveSeason() {
    }

    /**
     * {@link Smoother#sse} for an additive season without trend (the default form of vmanomaly's HoltWinters):
     * {@code e = y − l − s}, {@code l' = (1 − α) l + α (y − s)}, {@code s' = s + γ e}; the errors are
     * kept for {@link #gradient}, the levels only when {@code keepLevel}. The level is the only
     * loop-carried dependency: four steps at a time, with {@code c_i = α (y_i − s_i)},
     * {@code l_{i+k} = (1 − α)^k l_i + Σ_{j<k} (1 − α)^{k−1−j} c_{i+j}}, so that one fused multiply-add
     * per four samples is on it (the seasons read at steps i + 1 .. i + 3 were written m ≥ 4 steps
     * earlier). Rounding differs from the step-by-step recursion by a few ulps.
     */
    static double sse(double[] p, double[] y, double[] l, double[] s, double[] err, int m, int n, boolean keepLevel) {
        final double alpha = p[ALPHA];
        final double a1 = 1 - alpha;
        final double a2 = a1 * a1;
        final double a3 = a2 * a1;
        final double a4 = a2 * a2;
        final double gamma = p[GAMMA];
        final double[] yv = y;
        final double[] lv = l;
        final double[] sv = s;
        final double[] ev = err;
        final int mm = m;
        final int nn = n;
        System.arraycopy(p, SEASON0, sv, 0, mm);
        double ll = p[LEVEL];
        lv[0] = ll;
        double sse0 = 0;
        double sse1 = 0;
        int i = 0;
        if (mm >= 4 && !keepLevel) {
            for (; i + 3 < nn; i += 4) {
                double ss0 = sv[i];
                double ss1 = sv[i + 1];
                double ss2 = sv[i + 2];
                double ss3 = sv[i + 3];
                double u0 = yv[i] - ss0;
                double u1 = yv[i + 1] - ss1;
                double u2 = yv[i + 2] - ss2;
                double u3 = yv[i + 3] - ss3;
                double c0 = alpha * u0;
                double c01 = Math.fma(a1, c0, alpha * u1);
                double c012 = Math.fma(a1, c01, alpha * u2);
                double l1 = Math.fma(a1, ll, c0);
                double l2 = Math.fma(a2, ll, c01);
                double l3 = Math.fma(a3, ll, c012);
                double e0 = u0 - ll;
                double e1 = u1 - l1;
                double e2 = u2 - l2;
                double e3 = u3 - l3;
                ll = Math.fma(a4, ll, Math.fma(a1, c012, alpha * u3));
                ev[i] = e0;
                ev[i + 1] = e1;
                ev[i + 2] = e2;
                ev[i + 3] = e3;
                sse0 += e0 * e0 + e1 * e1;
                sse1 += e2 * e2 + e3 * e3;
                sv[i + mm] = Math.fma(gamma, e0, ss0);
                sv[i + 1 + mm] = Math.fma(gamma, e1, ss1);
                sv[i + 2 + mm] = Math.fma(gamma, e2, ss2);
                sv[i + 3 + mm] = Math.fma(gamma, e3, ss3);
            }
        }
        for (; i < nn; i++) {
            double ss = sv[i];
            double u = yv[i] - ss;
            double e = u - ll;
            ev[i] = e;
            sse0 += e * e;
            sv[i + mm] = Math.fma(gamma, e, ss);
            ll = Math.fma(a1, ll, alpha * u);
            lv[i + 1] = ll;
        }
        lv[nn] = ll;
        return sse0 + sse1;
    }

    /**
     * The gradient of the SSE for the form of {@link #sse}, by the adjoint pass over the errors
     * of the last {@link #sse} call with the same {@code p}. The adjoint of the level is the only
     * loop-carried dependency, taken four steps at a time as in the forward pass; that of the season
     * state written at step i is read m ≥ 4 steps earlier.
     */
    static void gradient(double[] p, double[] err, double[] gs, int m, int n, double[] grad) {
        final double alpha = p[ALPHA];
        final double a1 = 1 - alpha;
        final double a2 = a1 * a1;
        final double a3 = a2 * a1;
        final double a4 = a2 * a2;
        final double gamma = p[GAMMA];
        final double gamma1 = 1 - gamma;
        final double[] ev = err;
        final double[] gsv = gs;
        final int mm = m;
        final int nn = n;
        java.util.Arrays.fill(gsv, nn, nn + mm, 0.0);
        double gAlpha0 = 0;
        double gAlpha1 = 0;
        double gGamma0 = 0;
        double gGamma1 = 0;
        double gL = 0; // adjoint of l[i + 1]
        int i = nn - 1;
        int stop = mm < 4 ? 0 : nn & ~3; // single steps down to here, then blocks of four
        for (; i >= stop; i--) {
            double e = ev[i];
            double gSn = gsv[i + mm]; // adjoint of s[i + m]
            double gLn = gL;
            gGamma0 += e * gSn;
            gAlpha0 += e * gLn;
            double e2 = e + e;
            gL = Math.fma(a1, gLn, -gamma * gSn - e2);
            gsv[i] = Math.fma(gamma1, gSn, -alpha * gLn - e2);
        }
        for (; i >= 3; i -= 4) {
            // steps i, i - 1, i - 2, i - 3; gL is the adjoint of l[i + 1]
            double e3 = ev[i];
            double e2 = ev[i - 1];
            double e1 = ev[i - 2];
            double e0 = ev[i - 3];
            double s3 = gsv[i + mm];
            double s2 = gsv[i - 1 + mm];
            double s1 = gsv[i - 2 + mm];
            double s0 = gsv[i - 3 + mm];
            double d3 = e3 + e3;
            double d2 = e2 + e2;
            double d1 = e1 + e1;
            double d0 = e0 + e0;
            double c3 = -gamma * s3 - d3;
            double c32 = Math.fma(a1, c3, -gamma * s2 - d2);
            double c321 = Math.fma(a1, c32, -gamma * s1 - d1);
            double g3 = Math.fma(a1, gL, c3); // adjoint of l[i]
            double g2 = Math.fma(a2, gL, c32); // of l[i - 1]
            double g1 = Math.fma(a3, gL, c321); // of l[i - 2]
            double gLn = gL;
            gL = Math.fma(a4, gL, Math.fma(a1, c321, -gamma * s0 - d0)); // of l[i - 3]
            gAlpha0 += e3 * gLn + e2 * g3;
            gAlpha1 += e1 * g2 + e0 * g1;
            gGamma0 += e3 * s3 + e2 * s2;
            gGamma1 += e1 * s1 + e0 * s0;
            gsv[i] = Math.fma(gamma1, s3, -alpha * gLn - d3);
            gsv[i - 1] = Math.fma(gamma1, s2, -alpha * g3 - d2);
            gsv[i - 2] = Math.fma(gamma1, s1, -alpha * g2 - d1);
            gsv[i - 3] = Math.fma(gamma1, s0, -alpha * g1 - d0);
        }
        java.util.Arrays.fill(grad, 0.0);
        grad[ALPHA] = gAlpha0 + gAlpha1;
        grad[GAMMA] = gGamma0 + gGamma1;
        grad[LEVEL] = gL;
        System.arraycopy(gsv, 0, grad, SEASON0, mm);
    }

    /**
     * {@link Smoother#sse} at four smoothing-parameter pairs {@code (alphas[k], gammas[k])}, the states taken from
     * {@code p}, into {@code out[0..3]}, for the form of {@link Smoother#batchable}. The four recursions are
     * independent and run interleaved in one pass over the data (the single recursion is bound by the
     * latency of its level update, not by the arithmetic), each with a ring of m season states; the
     * state arrays are not touched.
     */
    static void sseBatch(double[] p, double[] alphas, double[] gammas, double[] out, double[] y, double[] ring, int m, int n) {
        final int mm = m;
        final int nn = n;
        final double[] yv = y;
        final double[] r = ring;
        for (int k = 0; k < 4; k++) {
            System.arraycopy(p, SEASON0, r, k * mm, mm);
        }
        final double a0 = alphas[0];
        final double a1 = alphas[1];
        final double a2 = alphas[2];
        final double a3 = alphas[3];
        final double g0 = gammas[0];
        final double g1 = gammas[1];
        final double g2 = gammas[2];
        final double g3 = gammas[3];
        double l0 = p[LEVEL];
        double l1 = l0;
        double l2 = l0;
        double l3 = l0;
        double q0 = 0;
        double q1 = 0;
        double q2 = 0;
        double q3 = 0;
        int j = 0;
        for (int i = 0; i < nn; i++) {
            double yy = yv[i];
            double s0 = r[j];
            double s1 = r[j + mm];
            double s2 = r[j + 2 * mm];
            double s3 = r[j + 3 * mm];
            double u0 = yy - s0;
            double u1 = yy - s1;
            double u2 = yy - s2;
            double u3 = yy - s3;
            double e0 = u0 - l0;
            double e1 = u1 - l1;
            double e2 = u2 - l2;
            double e3 = u3 - l3;
            q0 = Math.fma(e0, e0, q0);
            q1 = Math.fma(e1, e1, q1);
            q2 = Math.fma(e2, e2, q2);
            q3 = Math.fma(e3, e3, q3);
            r[j] = Math.fma(g0, e0, s0);
            r[j + mm] = Math.fma(g1, e1, s1);
            r[j + 2 * mm] = Math.fma(g2, e2, s2);
            r[j + 3 * mm] = Math.fma(g3, e3, s3);
            // l' = (1 − α) l + α u = l + α e: fewer operations, the four chains hide the latency
            l0 = Math.fma(a0, e0, l0);
            l1 = Math.fma(a1, e1, l1);
            l2 = Math.fma(a2, e2, l2);
            l3 = Math.fma(a3, e3, l3);
            if (++j == mm) {
                j = 0;
            }
        }
        out[0] = q0;
        out[1] = q1;
        out[2] = q2;
        out[3] = q3;
    }
}
