package dev.vigil.models.isolationforest;

import dev.vigil.core.series.Series;
import dev.vigil.core.stats.RobustStats;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.MultivariateModel;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.internal.BaseModelSpec;
import java.util.Arrays;
import java.util.List;

/**
 * Spec of {@code isolation_forest_univariate}; {@link Multivariate} is
 * {@code isolation_forest_multivariate}. Immutable and thread-safe.
 *
 * <p><b>Fit</b>: each finite row (the value, or the channels, then the {@link SeasonalFeatures})
 * becomes a training row; {@link ForestFitter} grows the forest; {@code offset_} is -0.5 for
 * {@code contamination: auto}, else the {@code 100 · contamination} percentile (numpy's linear
 * interpolation) of the training rows' {@code score_samples}, as scikit-learn sets it. O(trees · ψ ·
 * depth + n · trees · depth).
 *
 * <p><b>Inference</b>: {@code anomaly_score = score_samples / offset_}. Both are negative, so the
 * score is above 1 exactly where scikit-learn's {@code decision_function = score_samples - offset_}
 * is negative (its {@code predict} says outlier), 1 on the threshold, and grows as the point is
 * isolated sooner; it lies in (0, 1 / |offset_|] (in (0, 2] for "auto"). Inside the fit rows' range
 * it is scikit-learn's; beyond it, it keeps rising with the distance ({@link FittedForest}). There is no {@code yhat}
 * and no band, so the business arguments that compare {@code y} to {@code yhat}
 * ({@code detection_direction}, {@code min_dev_from_expected}, {@code scale}...) have no effect;
 * {@code data_range} does: a value outside it scores {@code anomaly_score_outside_data_range}.
 */
class IsolationForestSpec extends BaseModelSpec {

    /** scikit-learn's threshold for contamination "auto". */
    static final double AUTO_OFFSET = -0.5;

    private final ForestOptions options;
    private final SeasonalFeatures seasonal;

    IsolationForestSpec(ModelArgs args) {
        super(args, List.of());
        this.options = ForestOptions.read(args);
        this.seasonal = new SeasonalFeatures(options.seasonal(), options.zone());
    }

    ForestOptions options() {
        return options;
    }

    SeasonalFeatures seasonal() {
        return seasonal;
    }

    @Override
    public boolean isOnline() {
        return false;
    }

    @Override
    public List<String> availableOutputs() {
        return List.of();
    }

    @Override
    public FittedForest fit(Series train) {
        int n = train.size();
        double[] values = new double[n];
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = train.value(i);
            ts[i] = train.timestamp(i);
        }
        return fitRows(ts, values, n, 1);
    }

    /**
     * Fits on {@code n} rows of {@code channels} values, row-major in {@code values}; rows with a
     * non-finite value are skipped.
     */
    final FittedForest fitRows(long[] ts, double[] values, int n, int channels) {
        int dims = channels + seasonal.width();
        double[] x = new double[n * dims];
        int count = 0;
        SeasonalFeatures.Cursor cursor = seasonal.cursor();
        for (int i = 0; i < n; i++) {
            if (finiteRow(values, i * channels, channels)) {
                System.arraycopy(values, i * channels, x, count * dims, channels);
                seasonal.write(cursor, ts[i], x, count * dims + channels);
                count++;
            }
        }
        if (count < 2) {
            throw new InsufficientDataException("model '" + alias() + "' needs at least 2 finite "
                    + (channels == 1 ? "points" : "rows") + " to fit, got " + count);
        }
        int psi = options.maxSamples(count);
        int mf = options.maxFeatures(alias(), dims);
        Forest forest = new ForestFitter(x, count, dims, psi, mf, options.bootstrap()).fit(options.trees(),
                options.seed());
        double offset = AUTO_OFFSET;
        if (!Double.isNaN(options.contamination())) {
            double[] scores = new double[count];
            forest.pathSums(x, count, scores);
            for (int i = 0; i < count; i++) {
                scores[i] = forest.scoreSample(scores[i]);
            }
            offset = offset(scores, options.contamination());
        }
        if (!options.beyondFitRange()) {
            return new FittedForest(this, forest, offset, channels, null, null);
        }
        double[] low = new double[channels];
        double[] high = new double[channels];
        Arrays.fill(low, Double.POSITIVE_INFINITY);
        Arrays.fill(high, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < count; i++) {
            for (int c = 0; c < channels; c++) {
                double v = x[i * dims + c];
                low[c] = Math.min(low[c], v);
                high[c] = Math.max(high[c], v);
            }
        }
        return new FittedForest(this, forest, offset, channels, low, high);
    }

    /**
     * scikit-learn's {@code offset_} for a contamination: {@code np.percentile(scores, 100 · c)}, linear
     * interpolation between order statistics (numpy divides the percentage by 100 again, so the
     * quantile is {@code 100 · c / 100}, which can differ from c in the last bit). O(n) expected.
     */
    static double offset(double[] scores, double contamination) {
        return RobustStats.quantile(scores, 100.0 * contamination / 100.0);
    }

    static boolean finiteRow(double[] values, int from, int channels) {
        for (int c = 0; c < channels; c++) {
            if (!Double.isFinite(values[from + c])) {
                return false;
            }
        }
        return true;
    }

    /** {@code isolation_forest_multivariate}: the same forest over several channels. */
    static final class Multivariate extends IsolationForestSpec implements MultivariateSpec {

        Multivariate(ModelArgs args) {
            super(args);
        }

        @Override
        public MultivariateModel fit(long[] timestamps, double[][] rows) {
            int channels = FittedForest.checkAligned(timestamps, rows, -1);
            return fitRows(timestamps, FittedForest.flatten(rows, channels), rows.length, channels);
        }

        @Override
        public MultivariateModel fit(long[] timestamps, double[] values, int rows, int channels) {
            Rows.check(timestamps, values, rows, channels);
            return fitRows(timestamps, values, rows, channels);
        }
    }
}
