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
            return AdditiveSeason.sse(p, y, l, this.s, err, m, n, false);
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
        return trend == NONE && seasonal == ADD ? AdditiveSeason.sse(p, y, l, this.s, err, m, n, true) : sse(p);
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
            AdditiveSeason.gradient(p, err, gs, m, n, grad);
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

    /** Whether {@link #sseBatch} applies: an additive season without trend. */
    boolean batchable() {
        return trend == NONE && seasonal == ADD;
    }

    /**
     * {@link #sse} at four smoothing-parameter pairs {@code (alphas[k], gammas[k])}, the states taken
     * from {@code p}, into {@code out[0..3]}, for the form of {@link #batchable}; the state arrays
     * are not touched ({@link AdditiveSeason#sseBatch}).
     */
    void sseBatch(double[] p, double[] alphas, double[] gammas, double[] out) {
        if (ring == null) {
            ring = new double[4 * m];
        }
        AdditiveSeason.sseBatch(p, alphas, gammas, out, y, ring, m, n);
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
