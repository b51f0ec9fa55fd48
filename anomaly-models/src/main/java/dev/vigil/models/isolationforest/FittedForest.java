package dev.vigil.models.isolationforest;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.score.ScoreSpec;
import dev.vigil.core.series.Series;
import dev.vigil.models.MultivariateModel;
import dev.vigil.models.MultivariateSpec;
import java.util.Locale;

/**
 * A fitted isolation forest: the trees, {@code offset_} and each channel's range over the fit rows.
 * Immutable and thread-safe: scoring allocates its own buffers (one block of rows per call, nothing
 * per row).
 *
 * <p><b>Beyond the fit range.</b> Every split threshold lies inside the fit rows' range, so
 * scikit-learn gives every value above a channel's maximum the path of the maximum: a far spike and a
 * value just above the range score alike. Here a row whose channel {@code c} lies {@code e_c} beyond
 * that channel's range {@code [low_c, high_c]} (width {@code R_c}) has its mean path length shortened
 * to {@code E[h] · (1 − (1 / features) · Σ_c e_c / (R_c + e_c))}: {@code e / (R + e)} is the
 * chance that a root split drawn uniformly over the range widened to reach the point separates it at
 * once, and {@code 1 / features} the chance that the root splits on that channel. Inside the range
 * ({@code e = 0}) the score is scikit-learn's; outside it keeps rising with the distance, continuously
 * and monotonically, towards {@code 1 / |offset_|} (a constant channel, {@code R = 0}, reaches it at
 * once). A model without ranges ({@code extend_beyond_fit_range: false}, or restored from codec
 * version 1) scores as scikit-learn everywhere.
 */
final class FittedForest implements MultivariateModel {

    private final IsolationForestSpec spec;
    private final Forest forest;
    private final double offset;
    private final int channels;
    /** Per channel the fit rows' minimum and maximum, or null (no extension beyond the range). */
    private final double[] low;
    private final double[] high;

    /**
     * @param low  per channel the minimum over the fit rows, or null to score exactly as scikit-learn
     * @param high per channel the maximum over the fit rows, or null with {@code low}
     */
    FittedForest(IsolationForestSpec spec, Forest forest, double offset, int channels, double[] low, double[] high) {
        if ((low == null) != (high == null) || low != null && (low.length != channels || high.length != channels)) {
            throw new IllegalArgumentException("ranges of " + channels + " channels expected");
        }
        this.spec = spec;
        this.forest = forest;
        this.offset = offset;
        this.channels = channels;
        this.low = low;
        this.high = high;
    }

    @Override
    public IsolationForestSpec spec() {
        return spec;
    }

    Forest forest() {
        return forest;
    }

    /** scikit-learn's {@code offset_}: {@code decision_function = score_samples - offset_}. */
    double offset() {
        return offset;
    }

    /** Per channel the fit rows' minimum, or null (a state of codec version 1). Not to be modified. */
    double[] low() {
        return low;
    }

    /** Per channel the fit rows' maximum, or null (a state of codec version 1). Not to be modified. */
    double[] high() {
        return high;
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public Prediction infer(Series data) {
        if (channels != 1) {
            throw new IllegalStateException("model '" + spec.alias() + "' was fitted on " + channels
                    + " channels; score rows of that many channels with score(timestamps, rows)");
        }
        int n = data.size();
        Prediction.Builder b = Prediction.builder(data.labels(), data.timestamps());
        double[] y = b.y();
        for (int i = 0; i < n; i++) {
            y[i] = data.value(i);
        }
        long[] ts = data.timestamps();
        scoreInto(ts, y, n, b.anomalyScore());
        ScoreSpec ss = spec.scoreSpec();
        double[] score = b.anomalyScore();
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(y[i]) && (y[i] < ss.dataRangeLow() || y[i] > ss.dataRangeHigh())) {
                score[i] = ss.outsideDataRangeScore();
            }
        }
        return b.build();
    }

    @Override
    public double[] score(long[] timestamps, double[][] rows) {
        checkAligned(timestamps, rows, channels);
        double[] out = new double[rows.length];
        scoreInto(timestamps, flatten(rows, channels), rows.length, out);
        return out;
    }

    @Override
    public double[] score(long[] timestamps, double[] values, int rows) {
        MultivariateSpec.Rows.check(timestamps, values, rows, channels);
        double[] out = new double[rows];
        scoreInto(timestamps, values, rows, out);
        return out;
    }

    /**
     * Scores {@code n} rows of {@link #channels} values (row-major) into {@code out}: {@code NaN} for a
     * row with a non-finite value. Works block by block: O(block · features) scratch per call.
     */
    void scoreInto(long[] ts, double[] values, int n, double[] out) {
        int dims = forest.dims;
        SeasonalFeatures seasonal = spec.seasonal();
        int block = Math.min(Forest.BLOCK, Math.max(1, n));
        double[] x = new double[block * dims];
        double[] sums = new double[block];
        int[] at = new int[block];
        SeasonalFeatures.Cursor cursor = seasonal.cursor();
        int i = 0;
        while (i < n) {
            int rows = 0;
            while (i < n && rows < block) {
                if (IsolationForestSpec.finiteRow(values, i * channels, channels)) {
                    System.arraycopy(values, i * channels, x, rows * dims, channels);
                    seasonal.write(cursor, ts[i], x, rows * dims + channels);
                    at[rows++] = i;
                } else {
                    out[i] = Double.NaN;
                }
                i++;
            }
            forest.pathSums(x, rows, sums);
            for (int r = 0; r < rows; r++) {
                out[at[r]] = forest.scoreSample(sums[r] * keptPath(x, r * dims, dims)) / offset;
            }
        }
    }

    /**
     * The share of the mean path length a row keeps given how far its channels lie beyond the fit
     * range ({@code 1} inside it): {@code 1 − (1 / dims) · Σ_c e_c / (R_c + e_c)}. O(channels).
     */
    private double keptPath(double[] x, int off, int dims) {
        if (low == null) {
            return 1.0;
        }
        double separated = 0;
        for (int c = 0; c < channels; c++) {
            double v = x[off + c];
            double e = v > high[c] ? v - high[c] : v < low[c] ? low[c] - v : 0.0;
            if (e > 0) {
                double range = high[c] - low[c];
                // e / (R + e) written so that a huge e (or R = 0) gives 1, not inf / inf
                separated += 1.0 / (1.0 + range / e);
            }
        }
        return 1.0 - separated / dims;
    }

    /** The channel count of aligned rows (checked against {@code expected} unless it is -1). */
    static int checkAligned(long[] timestamps, double[][] rows, int expected) {
        if (timestamps.length != rows.length) {
            throw new IllegalArgumentException(rows.length + " rows for " + timestamps.length + " timestamps");
        }
        int c = expected;
        for (int i = 0; i < rows.length; i++) {
            if (c == -1) {
                c = rows[i].length;
                if (c < 1) {
                    throw new IllegalArgumentException("row 0 has no channel");
                }
            }
            if (rows[i].length != c) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " channels, expected " + c);
            }
        }
        return c == -1 ? 1 : c;
    }

    static double[] flatten(double[][] rows, int channels) {
        double[] out = new double[rows.length * channels];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * channels, channels);
        }
        return out;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s(trees=%d, max_samples=%d, features=%d, nodes=%d, offset=%.6g)",
                spec.alias(), forest.trees(), forest.maxSamples, forest.dims, forest.feature.length, offset);
    }
}
