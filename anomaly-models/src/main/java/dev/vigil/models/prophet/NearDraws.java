package dev.vigil.models.prophet;

/**
 * The draws that can come near a row's bounds in the rest of a call, so that those rows visit only them
 * ({@link FutureDraws}). After a row whose bounds were bracketed, each bound gets a window around its
 * quantile, relative to the row's centre and wide enough for the brackets of the next rows (their
 * spread's growth included). A draw's value relative to its row's centre stays, over the call's rows,
 * within its noise plus the scale times the range of its factors ({@link DrawGrid#gLow},
 * {@link DrawGrid#gHigh}) times the range of the seasonal factors: a draw whose range is below a window
 * is counted below it, one above it left out, and only the others are visited per row. The bounds are the
 * same numbers as visiting every draw gives: each row's brackets are those {@link DrawQuantiles#followGuess}
 * would take, and a row whose bracket leaves its window, or misses its ranks, is done in full. Not
 * thread-safe: owned by a thread's {@link FutureDraws}.
 *
 * <p>Costs: O(draws with changepoints) to set up, once per call; then O(draws near each bound) per row.
 */
final class NearDraws {

    /** Relative margin of the windows over the rounding of the values' arithmetic. */
    private static final double ROUNDING = 1e-12;

    private final int[] lo;
    private final int[] hi;
    private final double[] vLo;
    private final double[] vHi;
    private int mLo;
    private int mHi;
    private int belowLo;
    private int belowHi;
    /** The windows, relative to a row's centre. */
    private double loA;
    private double loB;
    private double hiA;
    private double hiB;
    private boolean on;
    /** Calls set up and rows served (for tests). */
    int calls;
    int rows;

    NearDraws(int ns) {
        lo = new int[ns];
        hi = new int[ns];
        vLo = new double[ns];
        vHi = new double[ns];
    }

    /** Whether the rows of this call go through {@link #row}. */
    boolean on() {
        return on;
    }

    /** The rest of this call's rows are done in full. */
    void off() {
        on = false;
    }

    /**
     * Sorts the draws with changepoints [0, nWith) against the windows {@code relLo ± wLo} and
     * {@code relHi ± wHi}, for values {@code noise·z + scale·f·g} with {@code f} in [fMin, fMax] and
     * {@code g} in the draw's factor range; {@code reach} bounds the magnitude of every value the rows
     * compute (the windows' margin for rounding). Turns the rows on when fewer draws than nWith are near.
     *
     * @param scale non-negative and finite
     * @param fMin  non-negative
     */
    boolean setUp(DrawGrid grid, double[] zPerm, double scale, double noise, double fMin, double fMax,
            double relLo, double wLo, double relHi, double wHi, double reach) {
        int nWith = grid.nWith();
        double[] gl = grid.gLow();
        double[] gh = grid.gHigh();
        double eps = ROUNDING * reach;
        loA = relLo - wLo;
        loB = relLo + wLo;
        hiA = relHi - wHi;
        hiB = relHi + wHi;
        double belowLoAt = loA - eps;
        double aboveLoAt = loB + eps;
        double belowHiAt = hiA - eps;
        double aboveHiAt = hiB + eps;
        mLo = 0;
        mHi = 0;
        belowLo = 0;
        belowHi = 0;
        for (int j = 0; j < nWith; j++) {
            double zn = noise * zPerm[j];
            // With f >= 0 and gLow <= gHigh, f·g over [fMin, fMax] × [gLow, gHigh] is least at gLow and
            // greatest at gHigh, each at one end of [fMin, fMax].
            double low = zn + scale * Math.min(fMin * gl[j], fMax * gl[j]);
            double high = zn + scale * Math.max(fMin * gh[j], fMax * gh[j]);
            // Counted and kept without branches (which side a draw falls is unpredictable); a NaN bound
            // keeps the draw near, as a comparison that fails does.
            boolean underLo = high < belowLoAt;
            boolean underHi = high < belowHiAt;
            belowLo += underLo ? 1 : 0;
            belowHi += underHi ? 1 : 0;
            lo[mLo] = j;
            mLo += !underLo && !(low > aboveLoAt) ? 1 : 0;
            hi[mHi] = j;
            mHi += !underHi && !(low > aboveHiAt) ? 1 : 0;
        }
        on = mLo + mHi < nWith;
        if (on) {
            calls++;
        }
        return on;
    }

    /**
     * The bounds of a row from the near draws into {@code out}: their values as {@link FutureDraws} computes
     * every draw's, then {@link DrawQuantiles#followWithin} (whose sorted tail the caller has declared).
     * Returns false when the row is the caller's to do in full.
     */
    boolean row(DrawQuantiles q, double[] g, int off, double trendI, double scale, double factor, double addI,
            double noise, double[] zPerm, double base, double growth, double[] out) {
        for (int k = 0; k < mLo; k++) {
            int j = lo[k];
            vLo[k] = (trendI + scale * g[off + j]) * factor + addI + noise * zPerm[j];
        }
        for (int k = 0; k < mHi; k++) {
            int j = hi[k];
            vHi[k] = (trendI + scale * g[off + j]) * factor + addI + noise * zPerm[j];
        }
        if (q.followWithin(vLo, mLo, belowLo, vHi, mHi, belowHi, base, growth, base + loA, base + loB, base + hiA,
                base + hiB, out)) {
            rows++;
            return true;
        }
        return false;
    }
}
