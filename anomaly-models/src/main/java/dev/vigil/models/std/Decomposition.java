package dev.vigil.models.std;

import dev.vigil.core.decomposition.Stl;
import java.util.Arrays;

/**
 * statsmodels' {@code seasonal_decompose(x, model='additive', period=p, two_sided=False)} (the
 * classical moving-average decomposition, e.g. Hyndman and Athanasopoulos, "Forecasting: Principles
 * and Practice", section 3.4), over finite values:
 *
 * <ul>
 *   <li>trend: one-sided moving average with filter {@code f = [1/2, 1, ..., 1, 1/2] / p} (length
 *       p + 1) for even p, {@code [1, ..., 1] / p} (length p) for odd p:
 *       {@code trend[t] = Σ_j f[j] · x[t - j]}, NaN for the first {@code len(f) - 1} points;</li>
 *   <li>seasonal: {@code avg[i]} = mean of the detrended values {@code x - trend} at positions
 *       {@code i, i + p, ...} (NaN skipped), centred to zero mean; {@code seasonal[t] = avg[t mod p]};</li>
 *   <li>resid: {@code x - trend - seasonal}.</li>
 * </ul>
 *
 * O(n · p) for the trend filter (p ≤ n/2), O(n) otherwise. Immutable after construction.
 */
final class Decomposition {

    final double[] trend;
    final double[] seasonal;
    final double[] resid;
    final double[] detrended;
    /** The centred seasonal profile, index = position mod p. */
    final double[] profile;

    private Decomposition(double[] trend, double[] seasonal, double[] resid, double[] detrended, double[] profile) {
        this.trend = trend;
        this.seasonal = seasonal;
        this.resid = resid;
        this.detrended = detrended;
        this.profile = profile;
    }

    /** The trend filter weights f[0..L) for period p (f[j] applies to x[t - j]). */
    static double[] filter(int p) {
        double[] f;
        if (p % 2 == 0) {
            f = new double[p + 1];
            Arrays.fill(f, 1.0 / p);
            f[0] = 0.5 / p;
            f[p] = 0.5 / p;
        } else {
            f = new double[p];
            Arrays.fill(f, 1.0 / p);
        }
        return f;
    }

    /**
     * Decomposes finite {@code x} (length >= 2p) by STL ({@link Stl}, statsmodels' defaults, optionally
     * robust) instead of moving averages; our extension ({@code decomposition: stl}). The state the
     * online model needs is derived from it: the per-phase values that build the profile are STL's
     * seasonal component (x - trend - remainder, so outliers of the fit window, left in the
     * remainder by robust STL, do not bend the profile); the profile is their centred per-phase mean;
     * resid is STL's remainder. O(n) LOESS passes.
     */
    static Decomposition stl(double[] x, int p, boolean robust) {
        dev.vigil.core.decomposition.Decomposition d = Stl.of(p, robust).decompose(x);
        int n = x.length;
        double[] det = new double[n];
        double[] trend = d.trend().clone();
        double[] seasonal = d.seasonal();
        for (int t = 0; t < n; t++) {
            det[t] = seasonal[t];
        }
        double[] avg = new double[p];
        int[] cnt = new int[p];
        for (int t = 0; t < n; t++) {
            avg[t % p] += det[t];
            cnt[t % p]++;
        }
        double mean = 0;
        for (int i = 0; i < p; i++) {
            avg[i] /= cnt[i];
            mean += avg[i];
        }
        mean /= p;
        for (int i = 0; i < p; i++) {
            avg[i] -= mean;
        }
        return new Decomposition(trend, seasonal.clone(), d.resid().clone(), det, avg);
    }

    /** Decomposes finite {@code x} (length >= 2p) with period p >= 2. */
    static Decomposition of(double[] x, int p) {
        int n = x.length;
        double[] f = filter(p);
        int len = f.length;
        double[] trend = new double[n];
        double[] det = new double[n];
        for (int t = 0; t < n; t++) {
            if (t < len - 1) {
                trend[t] = Double.NaN;
            } else {
                double s = 0;
                for (int j = 0; j < len; j++) {
                    s += f[j] * x[t - j];
                }
                trend[t] = s;
            }
            det[t] = x[t] - trend[t];
        }
        double[] avg = new double[p];
        double mean = 0;
        for (int i = 0; i < p; i++) {
            double s = 0;
            int c = 0;
            for (int t = i; t < n; t += p) {
                if (!Double.isNaN(det[t])) {
                    s += det[t];
                    c++;
                }
            }
            avg[i] = c == 0 ? Double.NaN : s / c;
            mean += avg[i];
        }
        mean /= p;
        for (int i = 0; i < p; i++) {
            avg[i] -= mean;
        }
        double[] seasonal = new double[n];
        double[] resid = new double[n];
        for (int t = 0; t < n; t++) {
            seasonal[t] = avg[t % p];
            resid[t] = det[t] - seasonal[t];
        }
        return new Decomposition(trend, seasonal, resid, det, avg);
    }
}
