package dev.vigil.models.prophet;

import java.util.Arrays;

/**
 * The part of {@link FutureDraws}' work that does not depend on the series: the draws' layout for one
 * call's rows and each draw's trend change, in units of the series' rate-change scale, at each row. It
 * is a function of the seed, the number of draws, the fitted changepoint count {@code S} and the rows'
 * scaled times only, so a runner that asks the same rows (one cycle's timestamps) of many series fitted
 * on the same window computes it once: a call of at most {@link #BLOCK} rows keeps it, and the next call
 * with the same key reuses it. Not thread-safe: owned by a thread's {@link FutureDraws}.
 *
 * <p>Layout: the draws with a new changepoint before {@code T_max} come first, grouped by the first row at
 * or after their first changepoint (rows ascending), so that row i's draws with changepoints are the
 * prefix {@code [0, upTo(i))}; the others follow, sorted by noise ({@link DrawQuantiles#sortedTail}).
 * {@code zPerm} holds the noise of each position. Draw j's trend change at row i, in units of the scale,
 * is {@code g[offset(i) + j] = (t_i − 1)·E − A/S} from the cumulative sums of its changepoints before the
 * row ({@link DrawPaths}): 0 for a draw without one yet.
 *
 * <p>Costs: a new key O(samples + new changepoints up to the last row + draws with changepoints ·
 * log rows) for the layout, plus O(draws with changepoints) per row to fill the factors (in blocks of
 * {@link #BLOCK} rows); a kept key O(rows). Memory {@code BLOCK · samples} doubles (128 KB for 1 000).
 */
final class DrawGrid {

    /** Most rows whose factors are held at once, and most rows of a call whose grid is kept for the next. */
    static final int BLOCK = 16;

    private final int ns;
    /** This call's rows (scaled time), changepoint count and its inverse. */
    private double[] t;
    private int s;
    private double invS;
    /** The paths the layout was made from (their numbers depend on the key only). */
    private DrawPaths paths;
    private int nWith;
    private boolean ascending;
    private final double[] zPerm;
    /** Rows ascending: the draws whose first changepoint is at or before row i are [0, rowStart[i + 1]). */
    private int[] rowStart = new int[16];
    /** The factors of rows [block0, blockEnd), row i's at (i − block0)·nWith; their largest magnitude, their changepoints. */
    private final double[] g;
    private int block0 = -1;
    private int blockEnd = -1;
    private final double[] gMax = new double[BLOCK];
    private final double[] gMean = new double[BLOCK];
    private final int[] withCp = new int[BLOCK];
    /** Per draw (visiting order): its least and greatest factor over the block's rows after the fit window. */
    private final double[] gLow;
    private final double[] gHigh;
    /** The kept grid's key (kept: its one block covers every row). */
    private boolean kept;
    private long keySeed;
    private int keyS;
    private double[] keyT = new double[0];
    /** Working arrays of the layout and of the factors' fill (per draw, visiting order). */
    private final int[] cpDraw;
    private final double[] cpFirst;
    private final boolean[] taken;
    private final int[] from;
    private final int[] to;
    private final int[] next;
    private final double[] nextA;
    private final double[] curE;
    private final double[] curEA;
    private final int[] order;
    private final int[] firstRow;

    DrawGrid(int ns) {
        this.ns = ns;
        zPerm = new double[ns];
        g = new double[BLOCK * ns];
        gLow = new double[ns];
        gHigh = new double[ns];
        cpDraw = new int[ns];
        cpFirst = new double[ns];
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

    /**
     * Makes the grid of rows at scaled times {@code t} for {@code s} fitted changepoints and the draws of
     * {@code seed}, or keeps the last one when the key is the same; returns whether it was kept.
     * {@code t} is not copied unless kept, nor changed.
     */
    boolean prepare(long seed, int s, double[] t, double tMax) {
        if (kept && keySeed == seed && keyS == s && Arrays.equals(keyT, t)) {
            this.t = keyT;
            return true;
        }
        kept = false;
        this.t = t;
        this.s = s;
        invS = s > 0 ? 1.0 / s : 0;
        // New changepoints come at rate S per unit of scaled time: unit time S·(t − 1). No fitted changepoint,
        // no new ones.
        double uMax = s * (tMax - 1);
        paths = DrawPaths.of(seed, ns, Math.max(0, uMax));
        layout(uMax);
        block0 = -1;
        blockEnd = -1;
        if (t.length <= BLOCK) {
            fill(0);
            keyT = t.clone();
            this.t = keyT;
            keySeed = seed;
            keyS = s;
            kept = true;
        }
        return false;
    }

    /** Draws with a new changepoint before the last row: positions [0, nWith) of the layout. */
    int nWith() {
        return nWith;
    }

    /** Noise of each position of the layout; [nWith, samples) ascending. */
    double[] zPerm() {
        return zPerm;
    }

    /** The noise of the draws, sorted ascending. */
    double[] zSorted() {
        return paths.zSorted;
    }

    /** Whether the rows ascend (then row i's draws with changepoints are a prefix growing with i). */
    boolean ascending() {
        return ascending;
    }

    /** Row i's draws with changepoints lie in [0, upTo(i)) of the layout (all nWith when rows do not ascend). */
    int upTo(int i) {
        return ascending ? rowStart[i + 1] : nWith;
    }

    /**
     * The factors of the block's rows, row i's from {@link #offset}(i): valid until the next offset or prepare.
     * Positions [upTo(i), nWith) of a row hold 0 when {@link #oneBlock} (otherwise they are not written).
     */
    double[] g() {
        return g;
    }

    /** Where row i's factors start in {@link #g}, filling its block when needed (rows asked ascending). */
    int offset(int i) {
        if (i < block0 || i >= blockEnd) {
            fill(i);
        }
        return (i - block0) * nWith;
    }

    /** The largest magnitude of row i's factors (after {@link #offset}(i)). */
    double gMax(int i) {
        return gMax[i - block0];
    }

    /** Whether one block holds every row (then {@link #gLow} and {@link #gHigh} span the call). */
    boolean oneBlock() {
        return block0 == 0 && blockEnd == t.length;
    }

    /** Per draw (visiting order): its least factor over the block's rows after the fit window. */
    double[] gLow() {
        return gLow;
    }

    /** Per draw (visiting order): its greatest factor over the block's rows after the fit window. */
    double[] gHigh() {
        return gHigh;
    }

    /** The largest magnitude of the factors of the block's rows. */
    double gMaxAll() {
        double m = 0;
        for (int i = block0; i < blockEnd; i++) {
            m = Math.max(m, gMax[i - block0]);
        }
        return m;
    }

    /** The mean magnitude of row i's factors over [0, upTo(i)) (after {@link #offset}(i)). */
    double gMean(int i) {
        return gMean[i - block0];
    }

    /** How many draws have a new changepoint before row i (after {@link #offset}(i)). */
    int withChangepoint(int i) {
        return withCp[i - block0];
    }

    /** Lays the draws out for the rows (see the class comment) and puts each before its first changepoint. */
    private void layout(double uMax) {
        double[] z = paths.z;
        nWith = 0;
        if (s > 0) {
            for (int d = 0; d < ns; d++) {
                double a = paths.first(d);
                if (a <= uMax) {
                    cpDraw[nWith] = d;
                    cpFirst[nWith++] = 1 + a / s;
                }
            }
        }
        ascending = groupByFirstRow();
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
        int p = nWith;
        for (int d : paths.byNoise) {
            if (taken[d]) {
                taken[d] = false;
            } else {
                zPerm[p++] = z[d];
            }
        }
    }

    /**
     * Fills the factors of the block of rows from {@code b0}: each draw's changepoints are followed from
     * the last row filled (rows ascending) or from the first (otherwise). A block that holds every row also
     * gets each draw's factor range ({@link NearDraws} serves only such calls).
     */
    private void fill(int b0) {
        double[] fa = paths.flatArrivals();
        double[] fe = paths.flatSumE();
        double[] fea = paths.flatSumEA();
        block0 = b0;
        blockEnd = Math.min(t.length, b0 + BLOCK);
        boolean whole = oneBlock();
        for (int i = b0; i < blockEnd; i++) {
            double ti = t[i];
            gMax[i - b0] = 0;
            gMean[i - b0] = 0;
            withCp[i - b0] = 0;
            if (ti <= 1) {
                continue;
            }
            double u = s * (ti - 1);
            int upTo = upTo(i);
            int at = (i - b0) * nWith;
            double max = 0;
            double sum = 0;
            int c = 0;
            for (int j = 0; j < upTo; j++) {
                if (!ascending) {
                    restart(j, fa);
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
                double v = (ti - 1) * curE[j] - curEA[j] * invS;
                g[at + j] = v;
                max = Math.max(max, Math.abs(v));
                sum += Math.abs(v);
                c += next[j] != from[j] ? 1 : 0;
            }
            gMax[i - b0] = max;
            gMean[i - b0] = upTo > 0 ? sum / upTo : 0;
            withCp[i - b0] = c;
            if (whole) {
                // The draws whose first changepoint is after this row: factor 0.
                Arrays.fill(g, at + upTo, at + nWith, 0);
            }
        }
        if (!whole) {
            return;
        }
        Arrays.fill(gLow, 0, nWith, Double.POSITIVE_INFINITY);
        Arrays.fill(gHigh, 0, nWith, Double.NEGATIVE_INFINITY);
        for (int i = b0; i < blockEnd; i++) {
            if (t[i] <= 1) {
                continue;
            }
            int at = (i - b0) * nWith;
            for (int j = 0; j < nWith; j++) {
                gLow[j] = Math.min(gLow[j], g[at + j]);
                gHigh[j] = Math.max(gHigh[j], g[at + j]);
            }
        }
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
    private boolean groupByFirstRow() {
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
}
