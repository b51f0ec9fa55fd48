package dev.vigil.models.prophet;

import java.util.Arrays;

/**
 * The simulated draws of the rows after the fit window ({@link Uncertainty}) and their bounds, with
 * the buffers of one thread reused from call to call: a runner predicts for many series in turn, and
 * allocating (and zeroing) some 50 KB of buffers per call for 1 000 draws cost more than a tenth of
 * the prediction. Not thread-safe: one instance per thread ({@link #local}).
 *
 * <p>The draws' random parts (their noise and new changepoints) are this thread's {@link DrawPaths}
 * for the model's seed; what follows from them and the rows' times alone (the draws' layout, each draw's
 * trend change per unit of the series' scale at each row) is a {@link DrawGrid}, kept for the next call
 * with the same rows and changepoint count. Per row: the draws with a new changepoint before the row get
 * a trend of their own, the fitted trend plus the scale times their factor, in one pass over flat arrays
 * that the compiler vectorises; the others are the fitted value plus their noise, a tail sorted by noise
 * ({@link DrawQuantiles#sortedTail}); then the two bounds of the draws and of the trends by
 * {@link DrawQuantiles}. A row where no draw has a new changepoint yet takes its bounds from the noise's
 * own quantiles, O(1). On a kept grid the first bracketed row's brackets come from the same row of the
 * last series (no pilot), and after it the call's later rows visit only their {@link NearDraws}. Cost
 * per row O(draws with a new changepoint up to the last row + log samples) (O(1) for the rows just after
 * the fit window; O(near draws + log samples) for the rows the near draws serve), plus the grid's when
 * it is not kept.
 */
final class FutureDraws {

    private static final ThreadLocal<FutureDraws> LOCAL = new ThreadLocal<>();
    /**
     * The near draws' windows as a share of the brackets {@link DrawQuantiles#followGuess} takes (about ±49
     * ranks of 1 000 plus the spread's growth over the call): a tenth of the rows of 16 walks 91-100 minutes
     * after a fit left a window a quarter as wide, 1.4 % one half as wide (then done in full); wider windows
     * visit more draws per row (about 120 of the 820 with changepoints at a half, 300 at one).
     */
    private static final double NEAR_WINDOW = 0.5;
    /** Largest magnitude the values of a row may reach with none of them overflowing (so none is NaN). */
    private static final double SAFE = 1e300;

    private final int ns;
    private final double pLo;
    private final double pHi;
    private final DrawQuantiles quantiles;
    /** The trend bounds' own finder: it follows the trends' quantiles from row to row. */
    private final DrawQuantiles trendQuantiles;
    private final DrawGrid grid;
    private final NearDraws near;
    private final double[] ys;
    private final double[] trCp;
    private final double[] trAll;
    private final double[] band = new double[2];
    /** This call's type-7 quantiles of the draws' standard noise (see {@link DrawPaths#z}). */
    private double zLo;
    private double zHi;
    /** Grids kept from the last call (for tests). */
    int gridsKept;
    /**
     * The first bracketed row of the last call on this grid (-1: none), the ratio of its series' scale to
     * its noise, and its quantiles and next half-widths relative to its centre, in units of its noise: the
     * next series' brackets for that row, moved by how much its ratio differs.
     */
    private int carryRow = -1;
    private double carryRatio;
    private double carryLo;
    private double carryHi;
    private double carryWLo;
    private double carryWHi;
    /** Whether this call's first bracketed row is still to come. */
    private boolean firstBracketed;

    private FutureDraws(int ns, double pLo, double pHi) {
        this.ns = ns;
        this.pLo = pLo;
        this.pHi = pHi;
        this.quantiles = new DrawQuantiles(ns, pLo, pHi);
        this.trendQuantiles = new DrawQuantiles(ns, pLo, pHi);
        grid = new DrawGrid(ns);
        near = new NearDraws(ns);
        ys = new double[ns];
        trCp = new double[ns];
        trAll = new double[ns];
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

    /** The near draws of this thread's instance (their counters, for tests). */
    NearDraws near() {
        return near;
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
        int n = ms.length;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = f.scaledTime(ms[i]);
        }
        if (grid.prepare(seed, s, t, tMax)) {
            gridsKept++;
        } else {
            carryRow = -1;
        }
        firstBracketed = true;
        int nWith = grid.nWith();
        double[] zPerm = grid.zPerm();
        quantiles.forget();
        trendQuantiles.forget();
        // The type-7 quantiles of the noise alone: the bounds of a row whose draws have no new changepoint.
        zLo = Uncertainty.quantile7(grid.zSorted(), pLo);
        zHi = Uncertainty.quantile7(grid.zSorted(), pHi);
        double zAbs = Math.max(Math.abs(grid.zSorted()[0]), Math.abs(grid.zSorted()[ns - 1]));
        double scale = lambda * f.yWork;
        boolean ascending = grid.ascending();
        // The near draws serve the rows of one block without trend bounds, with a positive noise, a finite
        // scale and non-negative seasonal factors.
        near.off();
        double fMin = Double.POSITIVE_INFINITY;
        double fMax = 0;
        double baseMax = 0;
        for (int i = 0; i < n; i++) {
            if (t[i] > 1) {
                fMin = Math.min(fMin, 1 + mul[i]);
                fMax = Math.max(fMax, 1 + mul[i]);
                baseMax = Math.max(baseMax, Math.abs(trend[i]) + Math.abs(add[i]));
            }
        }
        boolean nearing = tLower == null && ascending && noise > 0 && noise < Double.POSITIVE_INFINITY && scale >= 0
                && scale < Double.POSITIVE_INFINITY && fMin >= 0 && fMax < Double.POSITIVE_INFINITY && baseMax < SAFE;
        double tLast = Double.NaN;
        for (int i = 0; i < n; i++) {
            double ti = t[i];
            if (ti <= 1) {
                continue;
            }
            double base = trend[i] * (1 + mul[i]) + add[i];
            int upTo = grid.upTo(i);
            if (upTo == 0) {
                lower[i] = base + noise * zLo;
                upper[i] = base + noise * zHi;
                if (tLower != null) {
                    tLower[i] = trend[i];
                    tUpper[i] = trend[i];
                }
                continue;
            }
            int off = grid.offset(i);
            int m = grid.withChangepoint(i);
            double factor = 1 + mul[i];
            if (near.on() && 8 * m > ns) {
                quantiles.sortedTail(nWith, zPerm, base, noise);
                double growth = Math.max(1, (ti - 1) / (tLast - 1));
                boolean done = near.row(quantiles, grid.g(), off, trend[i], scale, factor, add[i], noise, zPerm,
                        base, growth, band);
                quantiles.noTail();
                if (done) {
                    lower[i] = band[0];
                    upper[i] = band[1];
                    tLast = ti;
                    continue;
                }
                near.off();
            }
            boolean finite = rowDraws(grid.g(), off, upTo, trend[i], scale, factor, add[i], noise, zPerm,
                    tLower != null);
            // No value can overflow below this reach, so none is NaN (a NaN trend would make its draw NaN too):
            // no test per draw, so that the loops vectorise. Beyond it, or with an infinite scale, look.
            double reach = (Math.abs(trend[i]) + Math.abs(scale) * grid.gMax(i)) * Math.abs(factor)
                    + Math.abs(add[i]) + Math.abs(noise) * zAbs;
            boolean nan = !(finite && reach < SAFE) && anyNaN(upTo);
            // With a finite centre and scale the others are not NaN (at worst infinite). The draws without
            // changepoints are a sorted tail, which the brackets search instead of visiting each draw (when the
            // noise has a scale to sort by).
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
                System.arraycopy(trCp, 0, tr, 0, upTo);
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
            bounds(i, m, upTo, base, noise, scale, trend[i], growth, lower, upper, tLower, tUpper);
            quantiles.noTail();
            if (nearing && 8 * m > ns) {
                nearing = false;
                startNear(ti, t[n - 1], scale, noise, fMin, fMax, baseMax, zAbs, zPerm);
            }
            tLast = ti;
        }
    }

    /**
     * After the first row bracketed in this call (at scaled time {@code ti}, the last row's {@code tEnd}),
     * sets the near draws up for the next rows, when a window can be given: each bound's window is
     * {@link #NEAR_WINDOW} times the bracket {@link DrawQuantiles#followGuess} would take at the last row.
     */
    private void startNear(double ti, double tEnd, double scale, double noise, double fMin, double fMax,
            double baseMax, double zAbs, double[] zPerm) {
        double hwLo = quantiles.halfWidthLower();
        double hwHi = quantiles.halfWidthUpper();
        double growth = (tEnd - 1) / (ti - 1);
        if (!grid.oneBlock() || Double.isNaN(hwLo) || Double.isNaN(hwHi) || !(growth >= 1 && growth < 1e6)) {
            return;
        }
        double relLo = quantiles.relativeLower();
        double relHi = quantiles.relativeUpper();
        double wLo = NEAR_WINDOW * (hwLo + Math.abs(relLo) * (growth - 1));
        double wHi = NEAR_WINDOW * (hwHi + Math.abs(relHi) * (growth - 1));
        double reach = baseMax * fMax + scale * fMax * grid.gMaxAll() + noise * zAbs + Math.abs(relLo) + wLo
                + Math.abs(relHi) + wHi;
        if (reach < SAFE) {
            near.setUp(grid, zPerm, scale, noise, fMin, fMax, relLo, wLo, relHi, wHi, reach);
        }
    }

    /**
     * The draws at positions [0, upTo) of a row into {@code ys} (and, {@code trends}, the trends into
     * {@code trCp}): the fitted trend plus {@code scale} times the draw's factor {@code g[off + j]}, times the
     * seasonal factor, plus the additive part and the draw's noise. Returns false when the scale is not
     * finite: then a draw without a changepoint (factor 0) is the fitted value plus its noise, one by one,
     * and the caller looks for NaN. A method of its own so that the compiler treats these loops alone.
     */
    private boolean rowDraws(double[] g, int off, int upTo, double trendI, double scale, double factor,
            double addI, double noise, double[] zPerm, boolean trends) {
        if (!Double.isFinite(scale)) {
            double base = trendI * factor + addI;
            for (int j = 0; j < upTo; j++) {
                double gj = g[off + j];
                double tr = gj == 0 ? trendI : trendI + scale * gj;
                trCp[j] = tr;
                ys[j] = gj == 0 ? base + noise * zPerm[j] : tr * factor + addI + noise * zPerm[j];
            }
            return false;
        }
        if (trends) {
            for (int j = 0; j < upTo; j++) {
                trCp[j] = trendI + scale * g[off + j];
            }
            for (int j = 0; j < upTo; j++) {
                ys[j] = trCp[j] * factor + addI + noise * zPerm[j];
            }
        } else {
            for (int j = 0; j < upTo; j++) {
                ys[j] = (trendI + scale * g[off + j]) * factor + addI + noise * zPerm[j];
            }
        }
        return true;
    }

    /** Whether a draw at [0, upTo) of the row is NaN. */
    private boolean anyNaN(int upTo) {
        for (int j = 0; j < upTo; j++) {
            if (ys[j] != ys[j]) {
                return true;
            }
        }
        return false;
    }

    /**
     * The bounds of row i, whose m draws with a changepoint are among [0, upTo) (the others there are on the
     * fitted trend), for a series of trend-change {@code scale}. Draws: with few on a trend of their own the
     * normal law of the others places the brackets, with more the last row's brackets moved to this row,
     * else a pilot. Trends: from the distinct trends and the repeated fitted one, or, when many draws have a
     * trend of their own, from all of them as for the draws.
     */
    private void bounds(int i, int m, int upTo, double base, double noise, double scale, double fitted,
            double growth, double[] lower, double[] upper, double[] tLower, double[] tUpper) {
        boolean first = firstBracketed && 8 * m > ns;
        if (8 * m <= ns) {
            quantiles.normalGuess(ys, base, noise, zLo, zHi, band);
        } else if (growth >= 1) {
            quantiles.followGuess(ys, base, growth, band);
        } else if (first && carryRow == i && noise > 0) {
            // The same row of the last series on these draws: its quantile in units of the noise moves with the
            // ratio of scale to noise by about the factor of the draw at the quantile (3 mean factors allowed).
            double moved = 3 * Math.abs(scale - noise * carryRatio) * grid.gMean(i);
            quantiles.carriedGuess(ys, base, noise * carryLo, noise * carryWLo + moved, noise * carryHi,
                    noise * carryWHi + moved, band);
        } else {
            quantiles.pilotGuess(ys, base, band);
        }
        if (first) {
            firstBracketed = false;
            double wLo = quantiles.halfWidthLower();
            double wHi = quantiles.halfWidthUpper();
            boolean held = noise > 0 && !Double.isNaN(wLo) && !Double.isNaN(wHi);
            carryRow = held ? i : -1;
            carryRatio = scale / noise;
            carryLo = quantiles.relativeLower() / noise;
            carryHi = quantiles.relativeUpper() / noise;
            carryWLo = wLo / noise;
            carryWHi = wHi / noise;
        }
        lower[i] = band[0];
        upper[i] = band[1];
        if (tLower == null) {
            return;
        }
        if (4 * m <= ns) {
            trendQuantiles.forget();
            trendQuantiles.withRepeats(trCp, upTo, fitted, band);
        } else {
            System.arraycopy(trCp, 0, trAll, 0, upTo);
            Arrays.fill(trAll, upTo, ns, fitted);
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
