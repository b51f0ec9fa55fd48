package dev.vigil.core.decomposition;

import java.util.Arrays;
import java.util.Objects;

/**
 * The classical decomposition by moving averages, as statsmodels'
 * {@code seasonal_decompose(x, model='additive', period=p, two_sided=False)} (e.g. Hyndman and
 * Athanasopoulos, "Forecasting: Principles and Practice", section 3.4):
 *
 * <ul>
 *   <li>trend: one-sided moving average with the filter {@link #filter f} ({@code [1/2, 1, ..., 1, 1/2] / p},
 *       length p + 1, for even p; {@code [1, ..., 1] / p}, length p, for odd p):
 *       {@code trend[t] = Σ_j f[j] · x[t - j]}, {@code NaN} for the first {@code len(f) - 1} samples;</li>
 *   <li>seasonal: {@code avg[i]} = mean of the detrended values {@code x - trend} at positions
 *       {@code i, i + p, ...} ({@code NaN} skipped), centred to zero mean; {@code seasonal[t] = avg[t mod p]};</li>
 *   <li>resid: {@code x - trend - seasonal}.</li>
 * </ul>
 *
 * <p>Missing samples ({@code NaN} or infinite) are not filled, unlike {@link Stl}: a missing sample
 * makes the trend {@code NaN} wherever the filter covers it, and those samples are skipped by the
 * seasonal means; {@code resid} is {@code NaN} wherever the trend is. statsmodels refuses missing
 * values; on finite input the two agree.
 *
 * <p>Immutable and thread-safe. O(n · p) for the trend filter, O(n) for the rest.
 */
public final class Classical implements Decomposer {

    private final int period;

    private Classical(int period) {
        if (period < 2) {
            throw new IllegalArgumentException("period must be >= 2, got " + period);
        }
        this.period = period;
    }

    /** A classical decomposer for {@code period} samples per season (at least 2). */
    public static Classical of(int period) {
        return new Classical(period);
    }

    @Override
    public int period() {
        return period;
    }

    /** The trend filter weights {@code f[0..L)} for period p (f[j] applies to {@code x[t - j]}). */
    public static double[] filter(int p) {
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

    @Override
    public Decomposition decompose(double[] values) {
        Objects.requireNonNull(values, "values");
        int p = period;
        int n = values.length;
        if (n < 2 * p) {
            throw new IllegalArgumentException("the classical decomposition needs at least two full periods (" + 2 * p
                    + " samples for period " + p + "), got " + n);
        }
        double[] x = values.clone();
        boolean any = false;
        for (int t = 0; t < n; t++) {
            if (!Double.isFinite(x[t])) {
                x[t] = Double.NaN;
            } else {
                any = true;
            }
        }
        if (!any) {
            throw new IllegalArgumentException("the classical decomposition needs at least one finite value, got none in "
                    + n + " samples");
        }
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
        return new Decomposition(p, x, trend, seasonal, resid);
    }

    @Override
    public String toString() {
        return "Classical[period=" + period + "]";
    }
}
