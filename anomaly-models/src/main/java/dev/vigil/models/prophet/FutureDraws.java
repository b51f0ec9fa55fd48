package dev.vigil.models.prophet;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The simulated draws of the rows after the fit window ({@link Uncertainty}) and their bounds, with
 * the buffers of one thread reused from call to call: a runner predicts for many series in turn, and
 * allocating (and zeroing) some 50 KB of buffers per call for 1 000 draws cost more than a tenth of
 * the prediction. Not thread-safe: one instance per thread ({@link #local}).
 *
 * <p>Per row: one normal per draw; a trend of its own only for the draws with a new changepoint
 * before the row (the others repeat the fitted trend), then the two bounds of the draws and of the
 * trends by {@link DrawQuantiles}. The draws are the same numbers from the same random stream as
 * simulating every draw in draw order: only the order in which the draws with changepoints are
 * visited differs, which leaves the bounds (order statistics) unchanged. Cost per row O(samples +
 * changepoints before the row); O(samples) extra once per call to group the draws by the row where
 * their first changepoint falls (rows ascending).
 */
final class FutureDraws {

    private static final ThreadLocal<FutureDraws> LOCAL = new ThreadLocal<>();

    private final int ns;
    private final double pLo;
    private final double pHi;
    private final DrawQuantiles quantiles;
    /** The trend bounds' own finder: it follows the trends' quantiles from row to row. */
    private final DrawQuantiles trendQuantiles;
    private final double[] ys;
    private final double[] eps;
    private final double[] trCp;
    private final double[] trAll;
    private final double[] band = new double[2];
    /** Draws with changepoints, by the row where their first one falls (cpDraw/cpFrom, then in row order). */
    private final int[] cpDraw;
    private final int[] cpFrom;
    private final int[] order;
    /** The draw of each trend in trCp (visiting order). */
    private final int[] visitDraw;
    private final int[] firstRow;
    /** Rows ascending: the draws whose first changepoint is at or before row i are order[0..rowStart[i + 1]). */
    private int[] rowStart = new int[16];
    private double[] cpT = new double[64];
    private double[] cpD = new double[64];

    private FutureDraws(int ns, double pLo, double pHi) {
        this.ns = ns;
        this.pLo = pLo;
        this.pHi = pHi;
        this.quantiles = new DrawQuantiles(ns, pLo, pHi);
        this.trendQuantiles = new DrawQuantiles(ns, pLo, pHi);
        ys = new double[ns];
        eps = new double[ns];
        trCp = new double[ns];
        trAll = new double[ns];
        cpDraw = new int[ns];
        cpFrom = new int[ns + 1];
        order = new int[ns];
        visitDraw = new int[ns];
        firstRow = new int[ns];
    }

    /** This thread's instance for {@code ns} draws and the two probabilities (made anew when they change). */
    static FutureDraws local(int ns, double pLo, double pHi) {
        FutureDraws d = LOCAL.get();
        if (d == null || !d.quantiles.serves(ns, pLo, pHi)) {
            d = new FutureDraws(ns, pLo, pHi);
            LOCAL.set(d);
        }
        return d;
    }

    /** The quantile finder of the draws of this thread's instance (its fallback counters, for tests). */
    DrawQuantiles quantiles() {
        return quantiles;
    }

    /** The quantile finder of the trends of this thread's instance (its fallback counters, for tests). */
    DrawQuantiles trendQuantiles() {
        return trendQuantiles;
    }

    /**
     * Fills the bounds of the rows after the fit window (scaled time > 1) from the stream {@code rnd},
     * consuming it as the straightforward simulation does: per draw its changepoint count, times and rate
     * changes, then per row one normal per draw. {@code tLower} and {@code tUpper} null: no trend bounds.
     */
    void simulate(ProphetFit f, SplittableRandom rnd, long[] ms, double[] trend, double[] mul, double[] add,
            double[] lower, double[] upper, double[] tLower, double[] tUpper, double tMax, double noise) {
        int s = f.changepointsT.length;
        double lambda = 1e-8;
        for (double d : f.delta) {
            lambda += Math.abs(d) / f.delta.length;
        }
        // The draws with new changepoints (few with a short horizon: the Poisson mean is S·(T_max − 1)), their
        // changepoints (ascending) and rate changes packed in flat arrays: draw cpDraw[w] owns
        // [cpFrom[w], cpFrom[w + 1]).
        double mean = s * (tMax - 1);
        int nWith = 0;
        int total = 0;
        for (int d = 0; d < ns; d++) {
            int nc = Uncertainty.poisson(rnd, mean);
            if (nc == 0) {
                continue;
            }
            if (total + nc > cpT.length) {
                int cap = Math.max(2 * cpT.length, total + nc);
                cpT = Arrays.copyOf(cpT, cap);
                cpD = Arrays.copyOf(cpD, cap);
            }
            for (int c = 0; c < nc; c++) {
                cpT[total + c] = 1 + rnd.nextDouble() * (tMax - 1);
            }
            if (nc > 1) {
                Arrays.sort(cpT, total, total + nc);
            }
            for (int c = 0; c < nc; c++) {
                double u = rnd.nextDouble() - 0.5;
                cpD[total + c] = -lambda * Math.signum(u) * Math.log1p(-2 * Math.abs(u));
            }
            cpDraw[nWith] = d;
            cpFrom[nWith++] = total;
            total += nc;
        }
        cpFrom[nWith] = total;
        int n = ms.length;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = f.scaledTime(ms[i]);
        }
        boolean ascending = groupByFirstRow(t, nWith);
        quantiles.forget();
        trendQuantiles.forget();
        double tLast = Double.NaN;
        for (int i = 0; i < n; i++) {
            double ti = t[i];
            if (ti <= 1) {
                continue;
            }
            double base = trend[i] * (1 + mul[i]) + add[i];
            boolean nan = false;
            for (int d = 0; d < ns; d++) {
                double e = noise * rnd.nextGaussian();
                eps[d] = e;
                double v = base + e;
                ys[d] = v;
                nan |= v != v;
            }
            // Rows ascending: the draws whose first changepoint is at or before this row are a prefix of order;
            // otherwise every draw is tested, as the simulation does.
            int upTo = ascending ? rowStart[i + 1] : nWith;
            int m = 0;
            for (int j = 0; j < upTo; j++) {
                int w = ascending ? order[j] : j;
                int from = cpFrom[w];
                if (!ascending && cpT[from] > ti) {
                    continue;
                }
                int d = cpDraw[w];
                int to = cpFrom[w + 1];
                double inc = 0;
                for (int c = from; c < to && cpT[c] <= ti; c++) {
                    inc += cpD[c] * (ti - cpT[c]);
                }
                double trd = trend[i] + inc * f.yWork;
                visitDraw[m] = d;
                trCp[m++] = trd;
                double v = trd * (1 + mul[i]) + add[i] + eps[d];
                ys[d] = v;
                nan |= Double.isNaN(trd) || v != v;
            }
            if (nan) {
                // Overflowing paths (values near the double maximum): sorting orders NaN last, as before.
                double[] tr = new double[ns];
                Arrays.fill(tr, trend[i]);
                System.arraycopy(trCp, 0, tr, 0, m);
                double[] all = ys.clone();
                Arrays.sort(all);
                Arrays.sort(tr);
                lower[i] = Uncertainty.quantile7(all, pLo);
                upper[i] = Uncertainty.quantile7(all, pHi);
                if (tLower != null) {
                    tLower[i] = Uncertainty.quantile7(tr, pLo);
                    tUpper[i] = Uncertainty.quantile7(tr, pHi);
                }
                continue;
            }
            // How much the spread of the new changepoints' paths may have grown since the last row (ascending rows).
            double growth = ascending && tLast > 1 ? Math.max(1, (ti - 1) / (tLast - 1)) : Double.NaN;
            bounds(i, m, base, noise, trend[i], growth, lower, upper, tLower, tUpper);
            tLast = ti;
        }
    }

    /**
     * When the scaled times ascend, sorts the draws with changepoints by the first row at or after their
     * first changepoint (a counting sort into {@link #order}, bounds in {@link #rowStart}) and returns true;
     * otherwise false. O(nWith·log n + n).
     */
    private boolean groupByFirstRow(double[] t, int nWith) {
        int n = t.length;
        for (int i = 1; i < n; i++) {
            if (!(t[i - 1] <= t[i])) {
                return false;
            }
        }
        if (rowStart.length < n + 2) {
            rowStart = new int[n + 2];
        } else {
            Arrays.fill(rowStart, 0, n + 2, 0);
        }
        for (int w = 0; w < nWith; w++) {
            // The first row i with cpT <= t[i], the test the rows apply (n: none).
            double c = cpT[cpFrom[w]];
            int lo = 0;
            int hi = n;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (c <= t[mid]) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            firstRow[w] = lo;
            rowStart[lo + 2]++;
        }
        // rowStart[r + 1] = draws with first row < r, i.e. the start of row r's group; then fill the groups.
        for (int r = 2; r < n + 2; r++) {
            rowStart[r] += rowStart[r - 1];
        }
        for (int w = 0; w < nWith; w++) {
            order[rowStart[firstRow[w] + 1]++] = w;
        }
        // Now rowStart[r + 1] = draws with first row <= r.
        return true;
    }

    /**
     * The bounds of row i. Draws: with few on a trend of their own the normal law of the others places the
     * brackets, with more the last row's brackets moved to this row, else a pilot. Trends: from the distinct
     * trends and the repeated fitted one, or, when many draws have a trend of their own, from all of them as
     * for the draws.
     */
    private void bounds(int i, int m, double base, double noise, double fitted, double growth, double[] lower,
            double[] upper, double[] tLower, double[] tUpper) {
        if (8 * m <= ns) {
            quantiles.normalGuess(ys, base, noise, band);
        } else if (growth >= 1) {
            quantiles.followGuess(ys, base, growth, band);
        } else {
            quantiles.pilotGuess(ys, base, band);
        }
        lower[i] = band[0];
        upper[i] = band[1];
        if (tLower == null) {
            return;
        }
        if (4 * m <= ns) {
            trendQuantiles.forget();
            trendQuantiles.withRepeats(trCp, m, fitted, band);
        } else {
            Arrays.fill(trAll, fitted);
            // trCp lists the draws in visiting order; their trends go back to their draws for an i.i.d. pilot.
            for (int j = 0; j < m; j++) {
                trAll[visitDraw[j]] = trCp[j];
            }
            if (growth >= 1) {
                trendQuantiles.followGuess(trAll, fitted, growth, band);
            } else {
                trendQuantiles.pilotGuess(trAll, fitted, band);
            }
        }
        tLower[i] = band[0];
        tUpper[i] = band[1];
    }
}
