package dev.vigil.models.prophet;

import java.util.Arrays;

/**
 * The simulated draws of the rows after the fit window ({@link Uncertainty}) and their bounds, with
 * the buffers of one thread reused from call to call: a runner predicts for many series in turn, and
 * allocating (and zeroing) some 50 KB of buffers per call for 1 000 draws cost more than a tenth of
 * the prediction. Not thread-safe: one instance per thread ({@link #local}).
 *
 * <p>The draws' random parts (their noise and new changepoints) are this thread's {@link DrawPaths}
 * for the model's seed, computed once and reused by every call; a call only reads the changepoints up
 * to its last row. Per row: the draws without a new changepoint before the row are the fitted value
 * plus their noise; the draws with one get a trend of their own from their changepoints' cumulative
 * sums (O(1) each); then the two bounds of the draws and of the trends by {@link DrawQuantiles}, to which
 * the draws without a new changepoint up to the call's last row are a tail sorted by noise
 * ({@link DrawQuantiles#sortedTail}). A row where no draw has a new changepoint yet takes its bounds
 * from the noise's own quantiles, O(1). Cost per row O(draws with a new changepoint up to the last row
 * + log samples) (O(1) for the rows just after the fit window), plus O(samples + new changepoints up
 * to the last row) once per call to group the draws by the row where their first
 * changepoint falls (rows ascending) and lay their changepoints out in that order.
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
    private final double[] trCp;
    private final double[] trAll;
    private final double[] band = new double[2];
    /** This call's type-7 quantiles of the draws' standard noise (see {@link DrawPaths#z}). */
    private double zLo;
    private double zHi;
    /** Whether the last {@link #rowDraws} met a NaN. */
    private boolean rowNaN;
    /** The draws with a new changepoint before T_max (then grouped by the row where their first one falls). */
    private final int[] cpDraw;
    /** The scaled time of each such draw's first new changepoint. */
    private final double[] cpFirst;
    /**
     * A row's draws by position: first the draws with changepoints in visiting order j (rows ascending: by
     * the row of their first one), then the others in draw order; zPerm holds their noise. Draw j's arrivals
     * up to T_max and their cumulative sums are at [from[j], to[j]) of the paths' flat arrays; next[j] is past
     * its arrivals before the last row. taken marks the draws placed first, while the layout is made.
     */
    private final double[] zPerm;
    private final boolean[] taken;
    private final int[] from;
    private final int[] to;
    private final int[] next;
    /** Per draw j: its next changepoint's unit time (infinite: none before T_max) and its sums so far. */
    private final double[] nextA;
    private final double[] curE;
    private final double[] curEA;
    private final int[] order;
    private final int[] firstRow;
    /** Rows ascending: the draws whose first changepoint is at or before row i are order[0..rowStart[i + 1]). */
    private int[] rowStart = new int[16];

    private FutureDraws(int ns, double pLo, double pHi) {
        this.ns = ns;
        this.pLo = pLo;
        this.pHi = pHi;
        this.quantiles = new DrawQuantiles(ns, pLo, pHi);
        this.trendQuantiles = new DrawQuantiles(ns, pLo, pHi);
        ys = new double[ns];
        trCp = new double[ns];
        trAll = new double[ns];
        cpDraw = new int[ns];
        cpFirst = new double[ns];
        zPerm = new double[ns];
        taken = new boolean[ns];
        from = new int[ns];
        to = new int[ns];
        next = new int[ns];
        nextA = new double[ns];
        curE = new double[ns];
        curEA = new double[ns];
        order = new int[ns];
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
     * Fills the bounds of the rows after the fit window (scaled time > 1) from the draws' paths of
     * {@code seed} ({@link DrawPaths}). {@code tLower} and {@code tUpper} null: no trend bounds.
     */
    void simulate(ProphetFit f, long seed, long[] ms, double[] trend, double[] mul, double[] add,
            double[] lower, double[] upper, double[] tLower, double[] tUpper, double tMax, double noise) {
        int s = f.changepointsT.length;
        double lambda = 1e-8;
        for (double d : f.delta) {
            lambda += Math.abs(d) / f.delta.length;
        }
        // New changepoints come at rate S per unit of scaled time: unit time S·(t − 1). No fitted changepoint,
        // no new ones.
        double uMax = s * (tMax - 1);
        DrawPaths paths = DrawPaths.of(seed, ns, Math.max(0, uMax));
        double[] z = paths.z;
        int nWith = 0;
        if (s > 0) {
            for (int d = 0; d < ns; d++) {
                double a = paths.first(d);
                if (a <= uMax) {
                    cpDraw[nWith] = d;
                    cpFirst[nWith++] = 1 + a / s;
                }
            }
        }
        int n = ms.length;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = f.scaledTime(ms[i]);
        }
        boolean ascending = groupByFirstRow(t, nWith);
        // In visiting order (rows ascending: by first row), each draw with changepoints: where its arrivals up to
        // T_max lie in the paths' flat arrays, and its noise.
        double[] fa = paths.flatArrivals();
        for (int j = 0; j < nWith; j++) {
            int d = cpDraw[ascending ? order[j] : j];
            int c = paths.start(d);
            from[j] = c;
            while (fa[c] <= uMax) {
                c++;
            }
            to[j] = c;
            restart(j, fa);
            zPerm[j] = z[d];
            taken[d] = true;
        }
        // Then the draws without new changepoints, by ascending noise (a sorted tail for DrawQuantiles): position p
        // of a row's draws holds zPerm[p].
        int p = nWith;
        for (int d : paths.byNoise) {
            if (taken[d]) {
                taken[d] = false;
            } else {
                zPerm[p++] = z[d];
            }
        }
        quantiles.forget();
        trendQuantiles.forget();
        // The type-7 quantiles of the noise alone: the bounds of a row whose draws have no new changepoint.
        zLo = Uncertainty.quantile7(paths.zSorted, pLo);
        zHi = Uncertainty.quantile7(paths.zSorted, pHi);
        double invS = s > 0 ? 1.0 / s : 0;
        double tLast = Double.NaN;
        for (int i = 0; i < n; i++) {
            double ti = t[i];
            if (ti <= 1) {
                continue;
            }
            double base = trend[i] * (1 + mul[i]) + add[i];
            // Rows ascending: the draws whose first changepoint is at or before this row are a prefix of the
            // visiting order; otherwise every draw is tested.
            int upTo = ascending ? rowStart[i + 1] : nWith;
            if (upTo == 0) {
                lower[i] = base + noise * zLo;
                upper[i] = base + noise * zHi;
                if (tLower != null) {
                    tLower[i] = trend[i];
                    tUpper[i] = trend[i];
                }
                continue;
            }
            double u = s * (ti - 1);
            int m = rowDraws(upTo, ascending, ti, u, trend[i], lambda * f.yWork, invS, 1 + mul[i], add[i], base,
                    noise, paths);
            boolean nan = rowNaN;
            // With a finite centre and scale the others are not NaN (at worst infinite): no test per draw, so that
            // the loop vectorises. The draws without changepoints are a sorted tail, which the brackets search
            // instead of visiting each draw (when the noise has a scale to sort by).
            nan |= !(Double.isFinite(base) && Double.isFinite(noise));
            boolean tail = !nan && noise > 0;
            int fill = tail ? nWith : ns;
            for (int q = upTo; q < fill; q++) {
                ys[q] = base + noise * zPerm[q];
            }
            if (tail) {
                quantiles.sortedTail(nWith, zPerm, base, noise);
            }
            if (nan) {
                // Overflowing paths (values near the double maximum): sorting orders NaN last.
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
            quantiles.noTail();
            tLast = ti;
        }
    }

    /**
     * The draws at positions [0, upTo) for the row at scaled time {@code ti} (unit time {@code u}) into
     * {@code ys}, the trends of those with a changepoint before the row into {@code trCp}; returns how many
     * those are, and sets {@link #rowNaN}. A method of its own so that the compiler treats this hot loop
     * alone (inside the long row loop its compiled form varied from one JVM to the next by 2x).
     */
    private int rowDraws(int upTo, boolean ascending, double ti, double u, double trendI, double scale, double invS,
            double factor, double addI, double base, double noise, DrawPaths paths) {
        double[] fa = paths.flatArrivals();
        double[] fe = paths.flatSumE();
        double[] fea = paths.flatSumEA();
        boolean nan = false;
        int m = 0;
        for (int j = 0; j < upTo; j++) {
            if (!ascending) {
                restart(j, fa); // rows in any order: each row counts the changepoints from the first
            }
            if (nextA[j] <= u) {
                int k = next[j];
                while (k < to[j] && fa[k] <= u) {
                    k++;
                }
                next[j] = k;
                nextA[j] = k < to[j] ? fa[k] : Double.POSITIVE_INFINITY;
                curE[j] = fe[k - 1];
                curEA[j] = fea[k - 1];
            }
            double v;
            if (next[j] == from[j]) {
                v = base + noise * zPerm[j]; // no changepoint of this draw before the row yet
            } else {
                double trd = trendI + scale * ((ti - 1) * curE[j] - curEA[j] * invS);
                trCp[m++] = trd;
                v = trd * factor + addI + noise * zPerm[j];
                nan |= Double.isNaN(trd);
            }
            ys[j] = v;
            nan |= v != v;
        }
        rowNaN = nan;
        return m;
    }

    /** Puts draw j (visiting order) before its first changepoint. */
    private void restart(int j, double[] fa) {
        next[j] = from[j];
        nextA[j] = fa[from[j]];
        curE[j] = 0;
        curEA[j] = 0;
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
            double c = cpFirst[w];
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
            quantiles.normalGuess(ys, base, noise, zLo, zHi, band);
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
            System.arraycopy(trCp, 0, trAll, 0, m);
            Arrays.fill(trAll, m, ns, fitted);
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
