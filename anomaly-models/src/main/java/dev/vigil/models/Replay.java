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
 * {@link #DEFAULT_BATCH}, each batch one {@link Stepper#step}: an {@link OnlineModel} with
 * {@link OnlineModel#inferAndUpdate} (each point scored before it is learned), an offline model with
 * {@link FittedModel#infer}. With a {@link Refit} schedule the model is refitted from scratch on a
 * trailing window at each tick, as vmanomaly's periodic scheduler does; without one it is fitted once.
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
     * Fits {@code spec} on the first {@code fitPoints} rows and infers all rows, never refitting.
     *
     * @param progress called with the number of rows done after each batch (may be {@code null})
     * @throws InsufficientDataException when the fit window has too few valid points for the model
     */
    public static Prediction run(ModelSpec spec, Series series, int fitPoints, LongConsumer progress) {
        return run(spec, series, fitPoints, null, progress);
    }

    /**
     * Fits {@code spec} on the first {@code fitPoints} rows, infers the rest causally and, when
     * {@code refit} is given, refits the model from scratch at each of its ticks on the trailing
     * window before the tick (as a vmanomaly periodic scheduler does with {@code fit_every} and
     * {@code fit_window}).
     *
     * <p>The first tick is {@code every} after the first inferred row (row {@code fitPoints}): in
     * rows, row {@code fitPoints + k·every}; in time, the first row at or after
     * {@code t(fitPoints) + k·every}, ticks with no row collapsing into one. A refit uses only rows
     * before the row it precedes, so a score never depends on a later row. A refit whose window has
     * too few valid points ({@link InsufficientDataException}) keeps the previous model, as the runner
     * does; if the leading fit fails, rows are left unscored ({@code NaN}) until a refit succeeds, and
     * the leading fit's exception is thrown only when no fit succeeds at all.
     *
     * @param refit    the refit schedule, or {@code null} for none (fit once)
     * @param progress called with the number of rows done after each batch (may be {@code null})
     * @throws InsufficientDataException when no fit succeeds
     */
    public static Prediction run(ModelSpec spec, Series series, int fitPoints, Refit refit, LongConsumer progress) {
        return run(spec, series, fitPoints, refit, true, progress);
    }

    /**
     * As {@link #run(ModelSpec, Series, int, Refit, LongConsumer)}, choosing whether online models learn
     * during inference. With {@code learn = false} every row between two fits is scored by the model as
     * fitted ({@link FittedModel#infer}, state frozen), as one inference call per refit period would
     * score it: vmanomaly's non-exact backtesting and UI tasks (vmanomaly docs (v1.28), "Schedulers",
     * backtesting {@code exact}). Offline models score the same either way. O(n) plus the model's cost,
     * and cheaper for online models with {@code learn = false} (no state update per row).
     *
     * @param learn whether online models update on each row after scoring it
     */
    public static Prediction run(ModelSpec spec, Series series, int fitPoints, Refit refit, boolean learn,
                                 LongConsumer progress) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(series, "series");
        int n = series.size();
        if (fitPoints < 1 || fitPoints > n) {
            throw new IllegalArgumentException("fit window must hold between 1 and " + n + " rows, got " + fitPoints);
        }
        Series train = series.slice(0, fitPoints);
        Prediction.Builder out = Prediction.builder(series.labels(), series.timestamps());
        FittedModel model;
        InsufficientDataException firstFailure = null;
        try {
            model = spec.fit(train);
        } catch (InsufficientDataException e) {
            if (refit == null || fitPoints == n) {
                throw e;
            }
            model = null;
            firstFailure = e;
        }
        if (model != null) {
            copyRows(model.infer(train), out, 0);
        } else {
            copyValues(train, out, 0);
        }
        report(progress, fitPoints);
        int nextFit = refit == null ? n : nextTick(refit, series, fitPoints, fitPoints);
        for (int from = fitPoints; from < n; ) {
            if (from == nextFit) {
                long tick = refit.every().rows() ? series.timestamp(from) : tickAtOrBefore(refit, series, fitPoints, from);
                Series window = series.slice(refit.windowStart(series, from, tick), from);
                try {
                    model = spec.fit(window);
                } catch (InsufficientDataException e) {
                    // keep the previous model (or none), as the runner does after a failed fit
                }
                nextFit = nextTick(refit, series, fitPoints, from);
            }
            int to = Math.min(Math.min(n, nextFit), from + DEFAULT_BATCH);
            Series batch = series.slice(from, to);
            if (model == null) {
                copyValues(batch, out, from);
            } else {
                copyRows(learn ? Stepper.step(model, batch) : model.infer(batch), out, from);
            }
            report(progress, to);
            from = to;
        }
        if (model == null) {
            throw firstFailure;
        }
        return out.build();
    }

    /**
     * The row of the first refit tick after row {@code at} ({@code at} itself excluded), or the size
     * when there is none. Ticks in time are anchored at the first inferred row, {@code t(first)}.
     */
    private static int nextTick(Refit refit, Series series, int first, int at) {
        int n = series.size();
        long every = refit.every().amount();
        if (refit.every().rows()) {
            return (int) Math.min(n, at + every);
        }
        long t0 = series.timestamp(first);
        long k = Math.floorDiv(series.timestamp(at) - t0, every) + 1;
        long tick = k > (Long.MAX_VALUE - t0) / every ? Long.MAX_VALUE : t0 + k * every;
        return tick == Long.MAX_VALUE ? n : series.indexAtOrAfter(tick);
    }

    /** The latest tick at or before row {@code at}'s time (missed ticks collapse into it). */
    private static long tickAtOrBefore(Refit refit, Series series, int first, int at) {
        long t0 = series.timestamp(first);
        long every = refit.every().amount();
        return t0 + Math.floorDiv(series.timestamp(at) - t0, every) * every;
    }

    private static void report(LongConsumer progress, long done) {
        if (progress != null) {
            progress.accept(done);
        }
    }

    /** Rows with the input value and no prediction (no model fitted yet). */
    private static void copyValues(Series s, Prediction.Builder out, int offset) {
        for (int i = 0; i < s.size(); i++) {
            out.y()[offset + i] = s.value(i);
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
