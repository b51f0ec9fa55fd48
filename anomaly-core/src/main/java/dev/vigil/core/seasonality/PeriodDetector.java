package dev.vigil.core.seasonality;

import dev.vigil.core.decomposition.Gaps;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Estimates the seasonal period(s) of a regularly sampled series from its sample autocorrelation
 * function (ACF).
 *
 * <ol>
 *   <li>Gaps ({@code NaN}) are filled by linear interpolation; more than {@link Config#maxMissingFraction()}
 *       missing samples gives no period. A least-squares line is removed (so a trend does not
 *       masquerade as a long season).</li>
 *   <li>The ACF {@code r(k) = Σ (x_t - x̄)(x_{t+k} - x̄) / Σ (x_t - x̄)²} is computed for
 *       {@code k <= n/3} by FFT (a period needs three cycles of data to be told from noise) (Wiener-Khinchin), O(n log n).</li>
 *   <li>A lag {@code k} in {@code [minPeriod, min(maxPeriod, n/3)]} is a candidate when it is a local
 *       maximum of the ACF, {@code r(k) >= minAcf}, it rises at least {@code minProminence} above the
 *       lowest ACF value between it and the previous candidate, and it exceeds Bartlett's bound
 *       {@code z · sqrt((1 + 2 Σ_{0<j<k0} r(j)²) / n)} (the ACF's standard error under an MA null,
 *       Bartlett 1946), summed over the short-memory lags before the ACF first crosses zero
 *       ({@code k0}). It grows for strongly autocorrelated, non-seasonal series such as random walks,
 *       whose ACF stays positive for long, and so keeps them from showing spurious seasons; a season
 *       itself (whose ACF swings negative within a quarter period) does not inflate it, so a few
 *       clean cycles are enough.</li>
 *   <li>The first candidate, sharpened by {@link #refine}, is the base period {@code p}. Its multiples are harmonics and are
 *       reported only when one stands out: a candidate near {@code j·p} (within 5 %) whose ACF beats
 *       the ACF at {@code (j-1)·p} and {@code (j+1)·p} by {@code minProminence / 2} is a second, longer
 *       season (a weekly cycle over a daily one), reported as exactly {@code j·p}. Candidates that are not near a multiple of {@code p}
 *       are ignored.</li>
 * </ol>
 *
 * <p>Immutable and thread-safe. Cost O(n log n) time and O(n) memory per call.
 */
public final class PeriodDetector {

    /**
     * Detection settings.
     *
     * @param minPeriod          shortest period considered, samples, {@code >= 2}
     * @param maxPeriod          longest period considered, samples (also capped at {@code n / 3})
     * @param minAcf             lowest autocorrelation accepted for a period, in (0, 1)
     * @param minProminence      how far a peak must rise above the preceding trough
     * @param z                  the normal quantile of Bartlett's bound (default 2.5: about 0.6 % one-sided)
     * @param maxMissingFraction more missing samples than this fraction gives no period
     */
    public record Config(int minPeriod, int maxPeriod, double minAcf, double minProminence, double z,
            double maxMissingFraction) {

        /** The defaults: periods 2..any, ACF >= 0.3, prominence 0.1, z = 2.5, at most half missing. */
        public static final Config DEFAULT = new Config(2, Integer.MAX_VALUE, 0.3, 0.1, 2.5, 0.5);

        /** Validates the settings. */
        public Config {
            if (minPeriod < 2 || maxPeriod < minPeriod) {
                throw new IllegalArgumentException("need 2 <= minPeriod <= maxPeriod, got " + minPeriod + ", " + maxPeriod);
            }
            if (!(minAcf > 0 && minAcf < 1) || !(minProminence >= 0) || !(z >= 0)
                    || !(maxMissingFraction >= 0 && maxMissingFraction < 1)) {
                throw new IllegalArgumentException("invalid period detection settings " + minAcf + ", " + minProminence
                        + ", " + z + ", " + maxMissingFraction);
            }
        }

        /** These settings with another period range. */
        public Config withPeriodRange(int min, int max) {
            return new Config(min, max, minAcf, minProminence, z, maxMissingFraction);
        }
    }

    /** Harmonics summed when sharpening a period. */
    static final int HARMONICS = 1;

    private final Config config;

    private PeriodDetector(Config config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A detector with the given settings. */
    public static PeriodDetector of(Config config) {
        return new PeriodDetector(config);
    }

    /** A detector with {@link Config#DEFAULT}. */
    public static PeriodDetector defaults() {
        return new PeriodDetector(Config.DEFAULT);
    }

    /** The settings. */
    public Config config() {
        return config;
    }

    /**
     * The seasonal periods of {@code values} (one value per grid step, {@code NaN} when missing), or
     * {@link SeasonalPeriods#NONE} when the series is not seasonal, too short (fewer than
     * {@code 2 · minPeriod + 1} samples) or mostly missing.
     */
    public SeasonalPeriods detect(double[] values) {
        Objects.requireNonNull(values, "values");
        int n = values.length;
        if (n < 2 * config.minPeriod() + 1) {
            return SeasonalPeriods.NONE;
        }
        int missing = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                missing++;
            }
        }
        if (missing > config.maxMissingFraction() * n) {
            return SeasonalPeriods.NONE;
        }
        double[] x = Gaps.fillLinear(values);
        if (x == null) {
            return SeasonalPeriods.NONE;
        }
        detrend(x);
        int maxLag = Math.min(config.maxPeriod(), n / 3);
        double[] r = acf(x, maxLag + 1);
        if (r == null) {
            return SeasonalPeriods.NONE; // constant series
        }
        List<Integer> cands = candidates(r, maxLag, n);
        if (cands.isEmpty()) {
            return SeasonalPeriods.NONE;
        }
        int p = cands.get(0);
        // A noise bump on the rising side of the seasonal hump can pass as the first local maximum:
        // climb to the top of the hump (the highest ACF within the next quarter of the lag).
        int top = p;
        for (int k = p + 1; k <= Math.min(maxLag, p + p / 4); k++) {
            if (r[k] > r[top]) {
                top = k;
            }
        }
        p = top;
        for (int pass = 0; pass < 4; pass++) {
            int q = refine(x, p, maxLag);
            if (q == p) {
                break;
            }
            p = q; // moved: look again around the new estimate
        }
        List<Integer> periods = new ArrayList<>();
        periods.add(p);
        for (int c : cands) {
            if (c <= p) {
                continue;
            }
            int j = (int) Math.round((double) c / p);
            if (j < 2 || Math.abs(c - j * p) > 0.05 * c) {
                continue;
            }
            double below = peakNear(r, (j - 1) * p, p, maxLag);
            double above = (j + 1) * p <= maxLag ? peakNear(r, (j + 1) * p, p, maxLag) : Double.NEGATIVE_INFINITY;
            double margin = config.minProminence() / 2;
            if (r[c] >= below + margin && r[c] >= above + margin) {
                periods.add(j * p);
                break; // one nested season is what the models can use
            }
        }
        int[] ps = new int[periods.size()];
        double[] ss = new double[ps.length];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = periods.get(i);
            ss[i] = r[ps[i]];
        }
        return new SeasonalPeriods(ps, ss);
    }

    /**
     * Sharpens a period estimate: a noisy ACF has a flat top, so its peak lag can sit several samples
     * off. Instead the period {@code q} within 5 % of {@code p} whose sinusoid {@code a cos(2πt/q) +
     * b sin(2πt/q)}, fitted by least squares, explains the most variance is used (the least-squares
     * or Lomb-Scargle periodogram; precise to a fraction of a sample for a few cycles of data).
     * O(n · p / 10).
     */
    static int refine(double[] x, int p, int maxLag) {
        int w = Math.max(1, (int) Math.round(0.05 * p));
        int best = p;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int q = Math.max(2, p - w); q <= Math.min(maxLag, p + w); q++) {
            double score = 0;
            for (int h = 1; h <= HARMONICS && 2 * h < q; h++) {
                double ang = -2 * Math.PI * h / q;
                double wr = Math.cos(ang);
                double wi = Math.sin(ang);
                double cr = 1;
                double ci = 0;
                double sr = 0;
                double si = 0;
                double scc = 0;
                double sss = 0;
                double scs = 0;
                for (int t = 0; t < x.length; t++) {
                    sr += x[t] * cr;
                    si += x[t] * ci;
                    scc += cr * cr;
                    sss += ci * ci;
                    scs += cr * ci;
                    double ncr = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = ncr;
                }
                // Sum of squares explained by the least-squares fit of a cos + b sin at this
                // frequency: unlike the plain periodogram it is not biased by the leakage of the
                // negative frequency when the series holds few, non-whole cycles.
                double det = scc * sss - scs * scs;
                score += det > 1e-12 * scc * sss ? (sr * sr * sss - 2 * sr * si * scs + si * si * scc) / det
                        : sr * sr / Math.max(scc, 1e-300);
            }
            if (score > bestScore) {
                bestScore = score;
                best = q;
            }
        }
        return best;
    }

    /** The highest ACF within 5 % of {@code lag} (a harmonic may sit a sample or two off). */
    private static double peakNear(double[] r, int lag, int p, int maxLag) {
        int w = Math.max(1, (int) Math.round(0.05 * lag));
        double best = Double.NEGATIVE_INFINITY;
        for (int k = Math.max(1, lag - w); k <= Math.min(maxLag, lag + w); k++) {
            best = Math.max(best, r[k]);
        }
        return best;
    }

    private List<Integer> candidates(double[] r, int maxLag, int n) {
        List<Integer> out = new ArrayList<>();
        double sumSq = 0; // Σ r(j)² over 0 < j < k, up to the ACF's first zero crossing
        boolean crossed = false;
        double trough = Double.POSITIVE_INFINITY;
        for (int k = 1; k < maxLag; k++) {
            trough = Math.min(trough, r[k]);
            if (k >= config.minPeriod() && r[k] >= r[k - 1] && r[k] > r[k + 1] && r[k] >= config.minAcf()
                    && r[k] - trough >= config.minProminence()
                    && r[k] > config.z() * Math.sqrt((1 + 2 * sumSq) / n)) {
                out.add(k);
                trough = Double.POSITIVE_INFINITY;
            }
            crossed |= r[k] <= 0;
            if (!crossed) {
                sumSq += r[k] * r[k];
            }
        }
        return out;
    }

    /** Removes the least-squares line from {@code x} in place. */
    static void detrend(double[] x) {
        int n = x.length;
        double tm = (n - 1) / 2.0;
        double xm = 0;
        for (double v : x) {
            xm += v;
        }
        xm /= n;
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < n; t++) {
            sxy += (t - tm) * (x[t] - xm);
            sxx += (t - tm) * (t - tm);
        }
        double slope = sxx > 0 ? sxy / sxx : 0;
        for (int t = 0; t < n; t++) {
            x[t] -= xm + slope * (t - tm);
        }
    }

    /**
     * The biased sample ACF at lags {@code 0..lags-1} of a zero-mean series, by FFT of the series
     * zero-padded to a power of two at least {@code 2n}; {@code null} when the variance is zero.
     */
    static double[] acf(double[] x, int lags) {
        int n = x.length;
        int size = Integer.highestOneBit(Math.max(1, 2 * n - 1));
        if (size < 2 * n) {
            size <<= 1;
        }
        double[] re = new double[size];
        double[] im = new double[size];
        System.arraycopy(x, 0, re, 0, n);
        fft(re, im, false);
        for (int i = 0; i < size; i++) {
            re[i] = re[i] * re[i] + im[i] * im[i];
            im[i] = 0;
        }
        fft(re, im, true);
        double c0 = re[0];
        if (!(c0 > 1e-300 * n)) {
            return null;
        }
        double[] r = new double[Math.min(lags, n)];
        for (int k = 0; k < r.length; k++) {
            r[k] = re[k] / c0;
        }
        return r;
    }

    /** In-place iterative radix-2 FFT (unnormalised; the inverse is scaled by 1/size). */
    static void fft(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = 2 * Math.PI / len * (inverse ? 1 : -1);
            double wr = Math.cos(ang);
            double wi = Math.sin(ang);
            for (int i = 0; i < n; i += len) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = i + k;
                    int b = a + len / 2;
                    double xr = re[b] * cr - im[b] * ci;
                    double xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                    double ncr = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = ncr;
                }
            }
        }
        if (inverse) {
            for (int i = 0; i < n; i++) {
                re[i] /= n;
                im[i] /= n;
            }
        }
    }
}
