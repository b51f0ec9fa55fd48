package dev.vigil.models.holtwinters;

/**
 * The Holt-Winters recursions in statsmodels' parameterisation (Hyndman and Athanasopoulos,
 * "Forecasting: principles and practice", section 7; statsmodels {@code ExponentialSmoothing}),
 * their sum of squared one-step errors and its exact gradient by reverse-mode differentiation.
 *
 * <p>With {@code d_{t} = φ b_t} (additive trend) or {@code b_t^φ} (multiplicative), the trended level
 * {@code T_t = l_t + d_t} or {@code l_t d_t}, and the season {@code s_t}, the one-step forecast of
 * {@code y_t} is {@code ŷ_t = T_t + s_t} or {@code T_t s_t}; after observing it:
 * <pre>
 *   l_{t+1}   = α · (y_t − s_t  or  y_t / s_t) + (1 − α) · T_t
 *   b_{t+1}   = β · (l_{t+1} − l_t  or  l_{t+1} / l_t) + (1 − β) · d_t
 *   s_{t+m}   = γ · (y_t − T_t  or  y_t / T_t) + (1 − γ) · s_t
 * </pre>
 * The parameter vector is laid out as statsmodels does: {@code [α, β, γ, l_0, b_0, φ, s_0 .. s_{m-1}]}.
 *
 * <p>Not thread-safe: holds work arrays, one instance per fit. {@link #sse} is O(n) time and
 * allocation-free; {@link #sseAndGradient} is O(n) too (one forward and one backward pass).
 */
final class Smoother {

    static final int NONE = 0;
    static final int ADD = 1;
    static final int MUL = 2;

    static final int ALPHA = 0;
    static final int BETA = 1;
    static final int GAMMA = 2;
    static final int LEVEL = 3;
    static final int TREND = 4;
    static final int PHI = 5;
    static final int SEASON0 = 6;

    final int trend;
    final int seasonal;
    final boolean damped;
    final int m;
    final double[] y;
    final int n;
    final double[] l;
    final double[] b;
    final double[] s;
    private final Workspace ws;
    private double[] gl;
    private double[] gb;
    private double[] gs;
    /** One-step errors of the last {@link #sse} call (the additive forms without trend only). */
    private final double[] err;
    /** Season rings of {@link #sseBatch}, allocated on first use. */
    private double[] ring;

    /** A smoother with arrays of its own. */
    Smoother(int trend, boolean damped, int seasonal, int m, double[] y) {
        this(trend, damped, seasonal, m, y, Workspace.fresh());
    }

    /**
     * A smoother whose work arrays come from {@code ws} (they may be longer than needed; the trend and
     * adjoint arrays are taken only when a form needs them).
     */
    Smoother(int trend, boolean damped, int seasonal, int m, double[] y, Workspace ws) {
        this.trend = trend;
        this.damped = damped;
        this.seasonal = seasonal;
        this.m = seasonal == NONE ? 0 : m;
        this.y = y;
        this.n = y.length;
        this.ws = ws;
        this.l = ws.doubles(Workspace.LEVEL, n + 1);
        this.b = trend == NONE ? null : ws.doubles(Workspace.TREND, n + 1);
        this.s = ws.doubles(Workspace.SEASON, n + this.m + 1);
        this.err = trend == NONE && seasonal == ADD ? ws.doubles(Workspace.ERRORS, n) : null;
    }

    private void adjointArrays() {
        if (gs == null) {
            gs = ws.doubles(Workspace.ADJ_SEASON, n + m + 1);
            if (trend == MUL || seasonal == MUL) {
                gl = ws.doubles(Workspace.ADJ_LEVEL, n + 1);
                gb = ws.doubles(Workspace.ADJ_TREND, n + 1);
            }
        }
    }

    /** The number of entries of the full parameter vector. */
    int size() {
        return SEASON0 + m;
    }

    private double dampen(double bb, double phi) {
        if (trend == ADD) {
            return phi * bb;
        }
        if (trend == MUL) {
            return phi == 1.0 ? bb : Math.pow(bb, phi);
        }
        return 0.0;
    }

    private double trended(double ll, double d) {
        return trend == ADD ? ll + d : trend == MUL ? ll * d : ll;
    }

    /**
     * Runs the recursions over the data with the full parameter vector {@code p}, filling the state
     * arrays, and returns the sum of squared one-step errors ({@code NaN} or infinite when the
     * recursion breaks down, e.g. a division by a zero level).
     */
    double sse(double[] p) {
        if (trend == NONE && seasonal == ADD) {
            return sseSeasonal(p, false);
        }
        if (trend != MUL && seasonal != MUL) {
            return sseAdditive(p);
        }
        final double alpha = p[ALPHA];
        final double beta = p[BETA];
        final double gamma = p[GAMMA];
        final double phi = damped ? p[PHI] : 1.0;
        l[0] = p[LEVEL];
        if (trend != NONE) {
            b[0] = p[TREND];
        }
        for (int j = 0; j < m; j++) {
            s[j] = p[SEASON0 + j];
        }
        double sse = 0;
        for (int i = 1; i <= n; i++) {
            double ll = l[i - 1];
            double d = trend == NONE ? 0.0 : dampen(b[i - 1], phi);
            double t = trended(ll, d);
            double yy = y[i - 1];
            double ss;
            double yh;
            double u;
            if (seasonal == ADD) {
                ss = s[i - 1];
                yh = t + ss;
                u = yy - ss;
                s[i + m - 1] = gamma * (yy - t) + (1 - gamma) * ss;
            } else if (seasonal == MUL) {
                ss = s[i - 1];
                yh = t * ss;
                u = yy / ss;
                s[i + m - 1] = gamma * (yy / t) + (1 - gamma) * ss;
            } else {
                yh = t;
                u = yy;
            }
            double e = yy - yh;
            sse += e * e;
            double ln = alpha * u + (1 - alpha) * t;
            l[i] = ln;
            if (trend == ADD) {
                b[i] = beta * (ln - ll) + (1 - beta) * d;
            } else if (trend == MUL) {
                b[i] = beta * (ln / ll) + (1 - beta) * d;
            }
        }
        return sse;
    }

    /** {@link #sse} for the additive forms: the same recursions with the branches hoisted out of the loop. */
    private double sseAdditive(double[] p) {
        final double alpha = p[ALPHA];
        final double beta = p[BETA];
        final double gamma = p[GAMMA];
        final double phi = damped ? p[PHI] : 1.0;
        final double[] yv = y;
        final double[] lv = l;
        final double[] bv = b;
        final double[] sv = s;
        final int mm = m;
        final int nn = n;
        double ll = p[LEVEL];
        double bb = trend == NONE ? 0.0 : p[TREND];
        lv[0] = ll;
        if (bv != null) {
            bv[0] = bb;
        }
        double sse = 0;
        if (seasonal == NONE && trend == NONE) {
            for (int i = 1; i <= nn; i++) {
                double e = yv[i - 1] - ll;
                sse += e * e;
                ll += alpha * e;
                lv[i] = ll;
            }
        } else if (seasonal == NONE) {
            for (int i = 1; i <= nn; i++) {
                double d = phi * bb;
                double t = ll + d;
                double e = yv[i - 1] - t;
                sse += e * e;
                double ln = t + alpha * e;
                bb = beta * (ln - ll) + (1 - beta) * d;
                ll = ln;
                lv[i] = ll;
                bv[i] = bb;
            }
        } else {
            for (int j = 0; j < mm; j++) {
                sv[j] = p[SEASON0 + j];
            }
            boolean hasTrend = trend != NONE;
            for (int i = 1; i <= nn; i++) {
                double d = phi * bb;
                double t = ll + d;
                double ss = sv[i - 1];
                double yy = yv[i - 1];
                double e = yy - t - ss;
                sse += e * e;
                sv[i + mm - 1] = gamma * (yy - t) + (1 - gamma) * ss;
                double ln = alpha * (yy - ss) + (1 - alpha) * t;
                if (hasTrend) {
                    bb = beta * (ln - ll) + (1 - beta) * d;
                    bv[i] = bb;
                }
                ll = ln;
                lv[i] = ll;
            }
        }
        return sse;
    }

    /**
     * {@link #sse}, keeping every state for {@link #fitted} and the final level, trend and season
     * ({@link #sse} alone may skip the levels inside the window for the additive season without trend).
     */
    double sseWithStates(double[] p) {
        return trend == NONE && seasonal == ADD ? sseSeasonal(p, true) : sse(p);
    }

    /**
     * The sum of squared errors and, in {@code grad} (full layout), its derivative with respect to
     * every entry of {@code p}, by one forward and one backward (adjoint) pass.
     */
    double sseAndGradient(double[] p, double[] grad) {
        double sse = sse(p);
        gradient(p, grad);
        return sse;
    }

    /**
     * The derivative of the SSE with respect to every entry of {@code p} (full layout) into {@code grad},
     * by the backward (adjoint) pass over the states of the last {@link #sse} call, which must have been
     * made with the same {@code p}.
     */
    void gradient(double[] p, double[] grad) {
        adjointArrays();
        if (trend == NONE && seasonal == ADD) {
            gradientSeasonal(p, grad);
        } else if (trend != MUL && seasonal != MUL) {
            gradientAdditive(p, grad);
        } else {
            gradientGeneral(p, grad);
        }
    }

    private void gradientGeneral(double[] p, double[] grad) {
        final double alpha = p[ALPHA];
        final double beta = p[BETA];
        final double gamma = p[GAMMA];
        final double phi = damped ? p[PHI] : 1.0;
        java.util.Arrays.fill(gl, 0, n + 1, 0.0);
        java.util.Arrays.fill(gb, 0, n + 1, 0.0);
        java.util.Arrays.fill(gs, 0, n + m + 1, 0.0);
        double gAlpha = 0;
        double gBeta = 0;
        double gGamma = 0;
        double gPhi = 0;
        for (int i = n; i >= 1; i--) {
            double ll = l[i - 1];
            double bb = trend == NONE ? 0.0 : b[i - 1];
            double d;
            double dDdB;
            double dDdPhi;
            if (trend == ADD) {
                d = phi * bb;
                dDdB = phi;
                dDdPhi = bb;
            } else if (trend == MUL) {
                d = phi == 1.0 ? bb : Math.pow(bb, phi);
                dDdB = phi == 1.0 ? 1.0 : phi * d / bb;
                dDdPhi = d * Math.log(bb);
            } else {
                d = 0;
                dDdB = 0;
                dDdPhi = 0;
            }
            double t;
            double dTdL;
            double dTdD;
            if (trend == ADD) {
                t = ll + d;
                dTdL = 1;
                dTdD = 1;
            } else if (trend == MUL) {
                t = ll * d;
                dTdL = d;
                dTdD = ll;
            } else {
                t = ll;
                dTdL = 1;
                dTdD = 0;
            }
            double yy = y[i - 1];
            double ln = l[i];
            // adjoints of this step's outputs
            double gLn = gl[i];
            double gT = 0;
            double gS = 0;
            double gL = 0;
            double gD = 0;
            if (trend != NONE) {
                double gBn = gb[i];
                double r;
                double dRdLn;
                double dRdL;
                if (trend == ADD) {
                    r = ln - ll;
                    dRdLn = 1;
                    dRdL = -1;
                } else {
                    r = ln / ll;
                    dRdLn = 1 / ll;
                    dRdL = -ln / (ll * ll);
                }
                gBeta += (r - d) * gBn;
                gD += (1 - beta) * gBn;
                double gR = beta * gBn;
                gLn += gR * dRdLn;
                gL += gR * dRdL;
            }
            double ss = seasonal == NONE ? 0 : s[i - 1];
            double u;
            double dUdS;
            double yh;
            double dYhdT;
            double dYhdS;
            if (seasonal == ADD) {
                u = yy - ss;
                dUdS = -1;
                yh = t + ss;
                dYhdT = 1;
                dYhdS = 1;
                double gSn = gs[i + m - 1];
                double v = yy - t;
                gGamma += (v - ss) * gSn;
                gS += (1 - gamma) * gSn;
                gT += -gamma * gSn;
            } else if (seasonal == MUL) {
                u = yy / ss;
                dUdS = -yy / (ss * ss);
                yh = t * ss;
                dYhdT = ss;
                dYhdS = t;
                double gSn = gs[i + m - 1];
                double v = yy / t;
                gGamma += (v - ss) * gSn;
                gS += (1 - gamma) * gSn;
                gT += -gamma * yy / (t * t) * gSn;
            } else {
                u = yy;
                dUdS = 0;
                yh = t;
                dYhdT = 1;
                dYhdS = 0;
            }
            // l_i = α u + (1 − α) T
            gAlpha += (u - t) * gLn;
            gT += (1 - alpha) * gLn;
            gS += alpha * gLn * dUdS;
            // e = y − ŷ, loss e²
            double gYh = -2 * (yy - yh);
            gT += gYh * dYhdT;
            gS += gYh * dYhdS;
            gL += gT * dTdL;
            gD += gT * dTdD;
            gPhi += gD * dDdPhi;
            gl[i - 1] += gL;
            gb[i - 1] += gD * dDdB;
            if (seasonal != NONE) {
                gs[i - 1] += gS;
            }
        }
        java.util.Arrays.fill(grad, 0.0);
        grad[ALPHA] = gAlpha;
        grad[BETA] = gBeta;
        grad[GAMMA] = gGamma;
        grad[LEVEL] = gl[0];
        grad[TREND] = trend == NONE ? 0 : gb[0];
        grad[PHI] = damped ? gPhi : 0;
        for (int j = 0; j < m; j++) {
            grad[SEASON0 + j] = gs[j];
        }
    }

    /**
     * {@link #gradient} for the additive forms (trend none or add, damped or not; season none or
     * add), about three times faster than the general pass: every state is used by exactly one later step, so the adjoints
     * of level and trend are carried as scalars and those of the season in a ring of m.
     */
    private void gradientAdditive(double[] p, double[] grad) {
        final double alpha = p[ALPHA];
        final double beta = trend == NONE ? 0.0 : p[BETA];
        final double gamma = seasonal == NONE ? 0.0 : p[GAMMA];
        final double phi = damped ? p[PHI] : 1.0;
        final boolean hasTrend = trend != NONE;
        final boolean hasSeason = seasonal != NONE;
        final double[] yv = y;
        final double[] lv = l;
        final double[] bv = b;
        final double[] sv = s;
        final double[] gsv = gs;
        final int mm = m;
        if (hasSeason) {
            java.util.Arrays.fill(gsv, 0, n + mm, 0.0);
        }
        double gAlpha = 0;
        double gBeta = 0;
        double gGamma = 0;
        double gPhi = 0;
        double gLnext = 0; // adjoint of l[i]
        double gBnext = 0; // adjoint of b[i]
        for (int i = n; i >= 1; i--) {
            double ll = lv[i - 1];
            double bb = hasTrend ? bv[i - 1] : 0.0;
            double d = phi * bb;
            double t = ll + d;
            double ss = hasSeason ? sv[i - 1] : 0.0;
            double yy = yv[i - 1];
            double e = yy - t - ss;
            double gLn = gLnext;
            double gD = 0;
            double gL = 0;
            if (hasTrend) {
                gBeta += (lv[i] - ll - d) * gBnext;
                gD = (1 - beta) * gBnext;
                gLn += beta * gBnext;
                gL = -beta * gBnext;
            }
            double gT = 0;
            double gS = 0;
            if (hasSeason) {
                double gSn = gsv[i + mm - 1];
                gGamma += e * gSn; // (y - t) - s
                gS = (1 - gamma) * gSn;
                gT = -gamma * gSn;
            }
            gAlpha += e * gLn; // (y - s) - t
            gT += (1 - alpha) * gLn;
            gS -= alpha * gLn;
            double gYh = -2 * e;
            gT += gYh;
            gS += gYh;
            gL += gT;
            gD += gT;
            gPhi += gD * bb;
            gLnext = gL;
            gBnext = gD * phi;
            if (hasSeason) {
                gsv[i - 1] += gS;
            }
        }
        java.util.Arrays.fill(grad, 0.0);
        grad[ALPHA] = gAlpha;
        grad[BETA] = hasTrend ? gBeta : 0;
        grad[GAMMA] = hasSeason ? gGamma : 0;
        grad[LEVEL] = gLnext;
        grad[TREND] = hasTrend ? gBnext : 0;
        grad[PHI] = damped ? gPhi : 0;
        for (int j = 0; j < mm; j++) {
            grad[SEASON0 + j] = gsv[j];
        }
    }

    /**
     * {@link #sse} for an additive season without trend (the default form of vmanomaly's HoltWinters):
     * {@code e = y − l − s}, {@code l' = (1 − α) l + α (y − s)}, {@code s' = s + γ e}; the errors are
     * kept for {@link #gradientSeasonal}, the levels only when {@code keepLevel}. The level is the only
     * loop-carried dependency: four steps at a time, with {@code c_i = α (y_i − s_i)},
     * {@code l_{i+k} = (1 − α)^k l_i + Σ_{j<k} (1 − α)^{k−1−j} c_{i+j}}, so that one fused multiply-add
     * per four samples is on it (the seasons read at steps i + 1 .. i + 3 were written m ≥ 4 steps
     * earlier). Rounding differs from the step-by-step recursion by a few ulps.
     */
    private double sseSeasonal(double[] p, boolean keepLevel) {
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
     * The gradient of the SSE for the form of {@link #sseSeasonal}, by the adjoint pass over the errors
     * of the last {@link #sseSeasonal} call with the same {@code p}. The adjoint of the level is the only
     * loop-carried dependency, taken four steps at a time as in the forward pass; that of the season
     * state written at step i is read m ≥ 4 steps earlier.
     */
    private void gradientSeasonal(double[] p, double[] grad) {
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

    /** Whether {@link #sseBatch} applies: an additive season without trend. */
    boolean batchable() {
        return trend == NONE && seasonal == ADD;
    }

    /**
     * {@link #sse} at four smoothing-parameter pairs {@code (alphas[k], gammas[k])}, the states taken from
     * {@code p}, into {@code out[0..3]}, for the form of {@link #batchable}. The four recursions are
     * independent and run interleaved in one pass over the data (the single recursion is bound by the
     * latency of its level update, not by the arithmetic), each with a ring of m season states; the
     * state arrays are not touched.
     */
    void sseBatch(double[] p, double[] alphas, double[] gammas, double[] out) {
        final int mm = m;
        final int nn = n;
        final double[] yv = y;
        if (ring == null) {
            ring = new double[4 * mm];
        }
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

    /** The in-sample one-step forecasts {@code ŷ_0 .. ŷ_{n-1}} for the states of the last {@link #sseWithStates} call. */
    double[] fitted(double[] p) {
        return fitted(p, new double[n]);
    }

    /** {@link #fitted(double[])} into {@code out} (at least n long), which is returned. */
    double[] fitted(double[] p, double[] out) {
        final double phi = damped ? p[PHI] : 1.0;
        for (int i = 1; i <= n; i++) {
            double t = trended(l[i - 1], trend == NONE ? 0.0 : dampen(b[i - 1], phi));
            out[i - 1] = seasonal == ADD ? t + s[i - 1] : seasonal == MUL ? t * s[i - 1] : t;
        }
        return out;
    }
}
