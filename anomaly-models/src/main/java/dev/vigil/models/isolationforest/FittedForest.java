package dev.vigil.models.isolationforest;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.score.ScoreSpec;
import dev.vigil.core.series.Series;
import dev.vigil.models.MultivariateModel;
import dev.vigil.models.MultivariateSpec;
import java.util.Locale;

/**
 * A fitted isolation forest: the trees and {@code offset_}. Immutable and thread-safe: scoring
 * allocates its own buffers (one block of rows per call, nothing per row).
 */
final class FittedForest implements MultivariateModel {

    private final IsolationForestSpec spec;
    private final Forest forest;
    private final double offset;
    private final int channels;

    FittedForest(IsolationForestSpec spec, Forest forest, double offset, int channels) {
        this.spec = spec;
        this.forest = forest;
        this.offset = offset;
        this.channels = channels;
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
                out[at[r]] = forest.scoreSample(sums[r]) / offset;
            }
        }
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
