package dev.vigil.models.holtwinters;

import java.util.Arrays;

/**
 * The initial level, trend and season states of an exponential-smoothing fit, as statsmodels
 * (0.13) computes them before optimising: the Hyndman et al. heuristic, or the simple first-season
 * rule for short series, or the configured known values. Stateless; O(n) time.
 */
final class InitialStates {

    private InitialStates() {
    }

    /** {@code [l0, b0, s0 .. s_{m-1}]} by the configured method (statsmodels' _initialize). */
    static double[] of(double[] y, EsConfig c, int m) {
        double[] out = new double[2 + m];
        if (c.init() == EsConfig.Init.KNOWN) {
            out[0] = c.knownLevel();
            out[1] = c.trend() == Smoother.NONE ? 0 : c.knownTrend();
            double[] ks = c.knownSeasonal();
            if (m > 0) {
                System.arraycopy(ks, 0, out, 2, m);
            }
            return out;
        }
        int n = y.length;
        boolean heuristic = c.init() == EsConfig.Init.HEURISTIC || n >= 10 + 2 * (m / 2);
        if (heuristic) {
            heuristic(y, c.trend(), c.seasonal(), m, out);
        } else {
            simple(y, c.trend(), c.seasonal(), m, out);
        }
        return out;
    }

    /** Hyndman and Athanasopoulos, section 7.6: first season's mean and deviations. */
    static void simple(double[] y, int trend, int seasonal, int m, double[] out) {
        if (m == 0) {
            out[0] = y[0];
            out[1] = trend == Smoother.ADD ? y[1] - y[0] : trend == Smoother.MUL ? y[1] / y[0] : 0;
            return;
        }
        double level = 0;
        for (int j = 0; j < m; j++) {
            level += y[j];
        }
        level /= m;
        out[0] = level;
        if (trend != Smoother.NONE) {
            double t = 0;
            for (int j = m; j < 2 * m; j++) {
                t += (y[j] - y[j - m]) / m;
            }
            out[1] = t / m;
        }
        for (int j = 0; j < m; j++) {
            out[2 + j] = seasonal == Smoother.ADD ? y[j] - level : y[j] / level;
        }
    }

    /**
     * Hyndman, Koehler, Ord and Snyder (2008), section 2.6.1: a centred 2×m moving average over the
     * first few seasons gives the trend; the average detrended value per phase, normalised, gives the
     * season; a line through the first ten trend values gives level and slope.
     */
    static void heuristic(double[] y, int trend, int seasonal, int m, double[] out) {
        int n = y.length;
        if (n < 10) {
            throw new IllegalArgumentException("the heuristic initialisation needs at least 10 samples, got " + n);
        }
        double[] base = y;
        if (m > 0) {
            int minObs = 10 + 2 * (m / 2);
            if (n < 2 * m || n < minObs) {
                throw new IllegalArgumentException("the heuristic initialisation needs at least " + Math.max(2 * m, minObs)
                        + " samples for a season of " + m + ", got " + n);
            }
            int k = Math.min(5, n / m);
            k = Math.max(k, (int) Math.ceil((double) minObs / m));
            int len = Math.min(n, k * m);
            double[] tr = new double[len];
            Arrays.fill(tr, Double.NaN);
            int half = m / 2;
            for (int i = 0; i < len; i++) {
                if (m % 2 == 0) {
                    if (i - half < 0 || i + half > len - 1) {
                        continue;
                    }
                    double a = 0;
                    for (int j = i - half; j <= i + half - 1; j++) {
                        a += y[j];
                    }
                    double b2 = a - y[i - half] + y[i + half];
                    tr[i] = (a / m + b2 / m) / 2;
                } else {
                    if (i - half < 0 || i + half > len - 1) {
                        continue;
                    }
                    double a = 0;
                    for (int j = i - half; j <= i + half; j++) {
                        a += y[j];
                    }
                    tr[i] = a / m;
                }
            }
            double[] sum = new double[m];
            int[] cnt = new int[m];
            for (int i = 0; i < len; i++) {
                if (!Double.isNaN(tr[i])) {
                    double d = seasonal == Smoother.MUL ? y[i] / tr[i] : y[i] - tr[i];
                    sum[i % m] += d;
                    cnt[i % m]++;
                }
            }
            double avg = 0;
            for (int j = 0; j < m; j++) {
                sum[j] /= cnt[j];
                avg += sum[j];
            }
            avg /= m;
            for (int j = 0; j < m; j++) {
                out[2 + j] = seasonal == Smoother.MUL ? sum[j] / avg : sum[j] - avg;
            }
            int valid = 0;
            for (double v : tr) {
                if (!Double.isNaN(v)) {
                    valid++;
                }
            }
            base = new double[valid];
            int w = 0;
            for (double v : tr) {
                if (!Double.isNaN(v)) {
                    base[w++] = v;
                }
            }
        }
        // least squares of base[0..9] on (1, t + 1)
        double tm = 5.5;
        double bm = 0;
        for (int t = 0; t < 10; t++) {
            bm += base[t];
        }
        bm /= 10;
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < 10; t++) {
            sxy += (t + 1 - tm) * (base[t] - bm);
            sxx += (t + 1 - tm) * (t + 1 - tm);
        }
        double slope = sxy / sxx;
        double intercept = bm - slope * tm;
        out[0] = intercept;
        out[1] = trend == Smoother.ADD ? slope : trend == Smoother.MUL ? 1 + slope / intercept : 0;
    }
}
