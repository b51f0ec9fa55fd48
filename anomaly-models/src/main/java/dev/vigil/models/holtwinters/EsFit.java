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
     * The factor {@code v_h = 1 + Σ_{j=1}^{h-1} c_j²} by which the variance of the {@code h}-steps-ahead
     * forecast error exceeds that of the one-step error σ², for the additive-error state space form of
     * the fitted recursions (Hyndman, Koehler, Ord and Snyder, "Forecasting with Exponential Smoothing",
     * 2008, chapter 6, class 1; Hyndman and Athanasopoulos, FPP3 section 8.7), with
     * <pre>
     *   c_j = α + αβ · g_j + γ · [j mod m = 0],   g_j = j  or, damped,  φ + φ² + .. + φ^j
     * </pre>
     * (statsmodels' β is the share of the level change taken by the trend, so the error-form trend
     * gain is αβ; the trend and season terms drop without a trend or season). Exact for the additive
     * forms on the fitted (standardised, Box-Cox) scale; for multiplicative components it is the usual
     * first-order approximation. {@code v_1 = 1}. O(1): the sums are taken in closed form.
     */
    double horizonVarianceFactor(long h) {
        if (h <= 1) {
            return 1.0;
        }
        double a = alpha();
        double b = config.trend() == Smoother.NONE ? 0.0 : a * beta();
        double g = config.seasonal() == Smoother.NONE ? 0.0 : gamma();
        int m = config.seasonal() == Smoother.NONE ? 0 : config.m();
        double hh = h - 1;
        long k = m > 0 ? (h - 1) / m : 0;
        double sumG;
        double sumG2;
        double sumGSeason;
        double phi = phi();
        if (!config.damped() || phi == 1.0) {
            sumG = hh * (hh + 1) / 2;
            sumG2 = hh * (hh + 1) * (2 * hh + 1) / 6;
            sumGSeason = m * (double) k * (k + 1) / 2;
        } else {
            // g_j = c (1 - φ^j), c = φ / (1 - φ)
            double c = phi / (1 - phi);
            double s1 = phi * (1 - Math.pow(phi, hh)) / (1 - phi);
            double s2 = phi * phi * (1 - Math.pow(phi, 2 * hh)) / (1 - phi * phi);
            sumG = c * (hh - s1);
            sumG2 = c * c * (hh - 2 * s1 + s2);
            double pm = Math.pow(phi, m);
            sumGSeason = m == 0 ? 0.0 : c * (k - pm * (1 - Math.pow(pm, k)) / (1 - pm));
        }
        double sum = hh * a * a + 2 * a * b * sumG + b * b * sumG2;
        if (k > 0) {
            sum += k * (2 * g * a + g * g) + 2 * g * b * sumGSeason;
        }
        return 1.0 + sum;
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
