package dev.vigil.models.holtwinters;

/**
 * A fitted exponential-smoothing model: the estimated parameters, the final states and the
 * in-sample fit. Immutable and thread-safe (arrays are private copies, never handed out).
 *
 * @param config      what was fitted
 * @param params      the full parameter vector {@code [α, β, γ, l_0, b_0, φ, s_0 .. s_{m-1}]}
 * @param lambda      the Box-Cox λ used, {@code NaN} for none
 * @param sse         sum of squared one-step errors on the original scale (as statsmodels' {@code sse})
 * @param residStd    population standard deviation of the in-sample one-step errors, original scale
 * @param lastLevel   the level after the last observation
 * @param lastTrend   the trend after the last observation
 * @param seasonTail  seasonal states {@code s_{n-1} .. s_{n+m-2}}, used for forecasting
 * @param evaluations objective evaluations used by the fit (grid and optimiser)
 * @param fitted      the in-sample one-step forecasts {@code ŷ_0 .. ŷ_{n-1}}, original scale
 */
record EsFit(EsConfig config, double[] params, double lambda, double sse, double residStd, double lastLevel,
        double lastTrend, double[] seasonTail, int evaluations, double[] fitted) {

    EsFit {
        params = params.clone();
        seasonTail = seasonTail.clone();
        fitted = fitted.clone();
    }

    @Override
    public double[] fitted() {
        return fitted.clone();
    }

    /** The in-sample one-step forecast of sample {@code i} (no copy). */
    double fittedAt(int i) {
        return fitted[i];
    }

    /** The number of samples fitted. */
    int size() {
        return fitted.length;
    }

    @Override
    public double[] params() {
        return params.clone();
    }

    @Override
    public double[] seasonTail() {
        return seasonTail.clone();
    }

    double alpha() {
        return params[Smoother.ALPHA];
    }

    double beta() {
        return params[Smoother.BETA];
    }

    double gamma() {
        return params[Smoother.GAMMA];
    }

    double phi() {
        return config.damped() ? params[Smoother.PHI] : 1.0;
    }

    /**
     * The forecast {@code h >= 1} steps after the last observation, on the original scale: the same
     * value as {@code forecast(h)[h - 1]}, in O(1) (the damped sum {@code φ + .. + φ^h} in closed form).
     */
    double forecastAt(long h) {
        double phi = phi();
        double phiSum;
        if (!config.damped() || phi == 1.0) {
            phiSum = h;
        } else {
            phiSum = phi * (1 - Math.pow(phi, h)) / (1 - phi);
        }
        double t;
        if (config.trend() == Smoother.ADD) {
            t = lastLevel + lastTrend * phiSum;
        } else if (config.trend() == Smoother.MUL) {
            t = lastLevel * Math.pow(lastTrend, phiSum);
        } else {
            t = lastLevel;
        }
        int m = config.seasonal() == Smoother.NONE ? 0 : config.m();
        double v;
        if (m == 0) {
            v = t;
        } else {
            long j = h - 1;
            double ss = j < m - 1 ? seasonTail[(int) j + 1] : seasonTail[(int) ((j - m + 1) % m)];
            v = config.seasonal() == Smoother.ADD ? t + ss : t * ss;
        }
        return BoxCox.inverse(v, lambda);
    }

    /**
     * The forecasts {@code 1 .. h} steps after the last observation, on the original scale. As in
     * statsmodels 0.13, the season for {@code k >= m} steps ahead repeats {@code s_{n-1+(k-m) mod m}}
     * (the last observation's own seasonal update is not used), so our forecasts equal statsmodels'.
     * O(h).
     */
    double[] forecast(int h) {
        double[] out = new double[h];
        int m = config.seasonal() == Smoother.NONE ? 0 : config.m();
        double phi = phi();
        double phiSum = 0;
        double phiPow = 1;
        for (int k = 1; k <= h; k++) {
            phiPow *= phi;
            phiSum += config.damped() ? phiPow : 1.0;
            double t;
            if (config.trend() == Smoother.ADD) {
                t = lastLevel + lastTrend * phiSum;
            } else if (config.trend() == Smoother.MUL) {
                t = lastLevel * Math.pow(lastTrend, phiSum);
            } else {
                t = lastLevel;
            }
            double v;
            if (m == 0) {
                v = t;
            } else {
                int j = k - 1;
                double ss = j < m - 1 ? seasonTail[j + 1] : seasonTail[(j - m + 1) % m];
                v = config.seasonal() == Smoother.ADD ? t + ss : t * ss;
            }
            out[k - 1] = BoxCox.inverse(v, lambda);
        }
        return out;
    }
}
