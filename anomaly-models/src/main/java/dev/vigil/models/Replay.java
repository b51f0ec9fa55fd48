package dev.vigil.models;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * The streaming protocol shared by {@code score}, {@code evaluate} and backtests: fit on a leading
 * window, then infer the rest causally in order, online models updating point by point.
 *
 * <p>The rows of the fit window are scored in-sample by the fitted model ({@link FittedModel#infer},
 * no update), so the output has one row per input row. The rows after it are scored in batches of
 * {@code batchSize}: an {@link OnlineModel} with {@link OnlineModel#inferAndUpdate} (each point scored
 * before it is learned), an offline model with {@link FittedModel#infer}.
 *
 * <p>Stateless and thread-safe; O(n) plus the model's own cost.
 */
public final class Replay {

    /** Rows per inference batch; online scores do not depend on it, progress reports do. */
    public static final int DEFAULT_BATCH = 4096;

    private Replay() {
    }

    /** The default fit window: the first 20 % of the rows, at least one. */
    public static int defaultFitPoints(int n) {
        return Math.max(1, (int) Math.ceil(n * 0.2));
    }

    /**
     * Fits {@code spec} on the first {@code fitPoints} rows and infers all rows.
     *
     * @param progress called with the number of rows done after each batch (may be {@code null})
     * @throws InsufficientDataException when the fit window has too few valid points for the model
     */
    public static Prediction run(ModelSpec spec, Series series, int fitPoints, LongConsumer progress) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(series, "series");
        int n = series.size();
        if (fitPoints < 1 || fitPoints > n) {
            throw new IllegalArgumentException("fit window must hold between 1 and " + n + " rows, got " + fitPoints);
        }
        Series train = series.slice(0, fitPoints);
        FittedModel model = spec.fit(train);
        Prediction.Builder out = Prediction.builder(series.labels(), series.timestamps());
        copyRows(model.infer(train), out, 0);
        report(progress, fitPoints);
        for (int from = fitPoints; from < n; from += DEFAULT_BATCH) {
            int to = Math.min(n, from + DEFAULT_BATCH);
            Series batch = series.slice(from, to);
            Prediction p = model instanceof OnlineModel ? ((OnlineModel) model).inferAndUpdate(batch) : model.infer(batch);
            copyRows(p, out, from);
            report(progress, to);
        }
        return out.build();
    }

    private static void report(LongConsumer progress, long done) {
        if (progress != null) {
            progress.accept(done);
        }
    }

    private static void copyRows(Prediction p, Prediction.Builder out, int offset) {
        List<String> extras = p.extraNames();
        for (int i = 0; i < p.size(); i++) {
            int r = offset + i;
            out.set(r, p.y(i), p.yhat(i), p.yhatLower(i), p.yhatUpper(i));
            out.anomalyScore()[r] = p.anomalyScore(i);
        }
        for (String e : extras) {
            double[] dst = out.extra(e);
            double[] src = p.column(e);
            System.arraycopy(src, 0, dst, offset, src.length);
        }
    }
}
