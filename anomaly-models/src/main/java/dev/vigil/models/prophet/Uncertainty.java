package dev.vigil.models.prophet;

import dev.vigil.core.stats.RobustStats;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.special.Erf;

/**
 * Prophet's predictive intervals ({@code predict_uncertainty}): {@code uncertainty_samples} draws of
 * <pre>  ŷ_s = trend_s · (1 + multiplicative) + additive + ε_s,   ε_s ~ N(0, (σ·y_scale)²)</pre>
 * where {@code trend_s} continues the fitted trend with new changepoints after the history: their
 * number is Poisson with mean {@code S·(T_max − 1)} (S = number of fitted changepoints, T_max the
 * largest scaled time asked for), their times uniform on {@code [1, T_max]}, their rate changes
 * Laplace with scale {@code mean|δ| + 1e-8}. Bounds are the type-7 (linear interpolation) sample
 * quantiles at {@code (1 ∓ interval_width)/2} of the draws, per row, as R's {@code quantile}.
 *
 * <p>Rows inside the fit window (t ≤ 1) get no new changepoint, so their draws are
 * {@code ŷ + ε_s}: i.i.d. normals shifted by ŷ. For them we draw only the two order statistics the
 * type-7 quantile interpolates, from their exact joint law (the j-th smallest of r uniforms on
 * (u, 1) is {@code u + (1−u)·Beta(j, r−j+1)}), and map them through the normal quantile function.
 * That is the same distribution as sorting the {@code uncertainty_samples} draws, at O(1) cost per
 * row instead of O(samples). Rows after the fit window are simulated path by path by
 * {@link FutureDraws}, from random parts that depend on the seed alone ({@link DrawPaths}: each draw's
 * noise, the same for every row and call, and its new changepoints as one unit-rate Poisson process
 * read at the series' rate), so a thread draws them once for all its calls; per row, arithmetic for
 * the draws with a new changepoint and the exact type-7 bounds of all draws by {@link DrawQuantiles}
 * (a one-pass bracket around the expected ranks, then a selection among the few draws inside it; the
 * draws without a changepoint are counted by binary search), not by sorting. What depends on the rows'
 * times alone is a {@link DrawGrid} kept for the next series asked the same rows, and the later rows of a
 * call visit only the {@link NearDraws} of their bounds. Each row's bounds have
 * exactly the law of Prophet's simulation, which draws fresh noise per row; the Monte-Carlo errors of
 * different rows (of one call, and of calls with the same seed) are correlated instead. The trend
 * bounds are the quantiles of the trends of the draws with a new changepoint and of the fitted trend
 * repeated for the others.
 *
 * <p>Deterministic: the history rows' order statistics come from one {@link SplittableRandom} seeded
 * with the model's seed per call, the later rows' draws from the seed's {@link DrawPaths}. Not the same
 * random stream as R, so bounds agree with R's in distribution, not digit for digit.
 */
final class Uncertainty {

    private Uncertainty() {
    }

    /** Fills the bounds (and the trend's, unless {@code tLower} and {@code tUpper} are null). */
    static void fill(ProphetFit f, long[] ms, double[] trend, double[] mul, double[] add, double[] yhat,
            double[] lower, double[] upper, double[] tLower, double[] tUpper) {
        int n = ms.length;
        int ns = f.options.uncertaintySamples();
        double w = f.options.intervalWidth();
        double pLo = (1 - w) / 2;
        double pHi = (1 + w) / 2;
        SplittableRandom rnd = new SplittableRandom(f.options.seed());
        double noise = f.sigma * f.yWork;
        double tMax = Double.NEGATIVE_INFINITY;
        for (long t : ms) {
            tMax = Math.max(tMax, f.scaledTime(t));
        }
        // History rows: exact order statistics of ns normal draws around yhat.
        double hLo = (ns - 1) * pLo;
        double hHi = (ns - 1) * pHi;
        int jLo = (int) Math.floor(hLo);
        int jHi = (int) Math.floor(hHi);
        double fLo = hLo - jLo;
        double fHi = hHi - jHi;
        int[] need = needed(jLo, fLo, jHi, fHi, ns);
        double[] z = new double[need.length];
        boolean flatTrend = f.options.flat();
        for (int i = 0; i < n; i++) {
            double t = f.scaledTime(ms[i]);
            if (t > 1 && !flatTrend) {
                continue;
            }
            orderStatistics(rnd, ns, need, z);
            lower[i] = yhat[i] + noise * interpolate(need, z, jLo, fLo);
            upper[i] = yhat[i] + noise * interpolate(need, z, jHi, fHi);
        }
        if (tMax > 1 && !flatTrend) {
            FutureDraws.local(ns, pLo, pHi).simulate(f, f.options.seed(), ms, trend, mul, add, lower, upper, tLower,
                    tUpper, tMax, noise);
        }
    }

    /** Sorted distinct 0-based order-statistic positions the two quantiles interpolate between. */
    private static int[] needed(int jLo, double fLo, int jHi, double fHi, int ns) {
        int[] cand = {jLo, fLo > 0 ? Math.min(jLo + 1, ns - 1) : jLo, jHi, fHi > 0 ? Math.min(jHi + 1, ns - 1) : jHi};
        return Arrays.stream(cand).sorted().distinct().toArray();
    }

    private static double interpolate(int[] need, double[] z, int j, double frac) {
        int a = Arrays.binarySearch(need, j);
        if (frac == 0) {
            return z[a];
        }
        return z[a] + frac * (z[a + 1] - z[a]);
    }

    /** Standard-normal order statistics of {@code ns} draws at the sorted positions {@code need}. */
    private static void orderStatistics(SplittableRandom rnd, int ns, int[] need, double[] out) {
        double u = 0;
        int consumed = 0;
        for (int q = 0; q < need.length; q++) {
            int r = ns - consumed;
            int j = need[q] + 1 - consumed;
            double b;
            if (j == 1) {
                b = -Math.expm1(Math.log1p(-rnd.nextDouble()) / r);
            } else {
                double g1 = gamma(rnd, j);
                double g2 = gamma(rnd, r - j + 1);
                b = g1 / (g1 + g2);
            }
            u = u + (1 - u) * b;
            consumed = need[q] + 1;
            double uc = Math.min(Math.max(u, 1e-300), 1 - 1e-16);
            out[q] = Math.sqrt(2) * Erf.erfInv(2 * uc - 1);
        }
    }

    /** Marsaglia and Tsang (2000) gamma variate, shape ≥ 1, scale 1. */
    static double gamma(SplittableRandom rnd, double shape) {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x = rnd.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rnd.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** R's type-7 quantile of sorted data (numpy's "linear", as {@link RobustStats}). */
    static double quantile7(double[] sorted, double p) {
        return RobustStats.quantileSorted(sorted, sorted.length, p);
    }
}
