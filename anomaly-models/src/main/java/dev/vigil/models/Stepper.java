package dev.vigil.models;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One inference step of the fit/infer protocol, shared by {@link Replay} and the runner's service:
 * an {@link OnlineModel} scores each point before it learns it ({@link OnlineModel#inferAndUpdate}),
 * any other model only scores ({@link FittedModel#infer}).
 *
 * <p>{@link #stepAligned} splits a batch into the micro-batches a scheduler inferring every
 * {@code every} ms from {@code anchor} would have seen: the points in
 * {@code (anchor + k·every, anchor + (k+1)·every]} form one step. Only an online model gets
 * micro-batches (an offline model is not changed by inference, so it gets the batch as one step).
 * {@link #startOnline} is the warm start of a series first seen at inference: an online model fitted
 * on no points, which then learns from the points it scores.
 *
 * <p>Stateless and thread-safe; an online model passed in is not, so each model must be stepped by
 * one thread at a time.
 */
public final class Stepper {

    private Stepper() {
    }

    /**
     * Scores {@code batch} with {@code model}, updating an online model with the batch's finite
     * points after scoring them.
     */
    public static Prediction step(FittedModel model, Series batch) {
        return model instanceof OnlineModel ? ((OnlineModel) model).inferAndUpdate(batch) : model.infer(batch);
    }

    /**
     * Scores {@code batch} in time-aligned micro-batches: with an online model and {@code every > 0},
     * each run of points in one interval {@code (anchor + k·every, anchor + (k+1)·every]} is one
     * {@link #step}; otherwise the whole batch is one step. The batch itself (not a copy) is stepped
     * when it is one part.
     *
     * @param anchor the start of the interval grid (epoch ms), e.g. the first inference start
     * @param every  the interval (ms); 0 or less for one step
     * @param sink   receives the prediction of each step, in time order
     * @return the number of steps taken (0 for an empty batch)
     */
    public static int stepAligned(FittedModel model, Series batch, long anchor, long every, Consumer<Prediction> sink) {
        Objects.requireNonNull(model, "model");
        long grid = model instanceof OnlineModel ? every : 0;
        int steps = 0;
        int i = 0;
        while (i < batch.size()) {
            int j = grid > 0 ? intervalEnd(batch, i, anchor, grid) : batch.size();
            Series part = i == 0 && j == batch.size() ? batch : batch.slice(i, j);
            sink.accept(step(model, part));
            steps++;
            i = j;
        }
        return steps;
    }

    /** The index after the last point of the interval that holds point {@code i}. */
    private static int intervalEnd(Series batch, int i, long anchor, long every) {
        long end = anchor + (Math.floorDiv(batch.timestamp(i) - anchor - 1, every) + 1) * every;
        int j = i;
        while (j < batch.size() && batch.timestamp(j) <= end) {
            j++;
        }
        return j;
    }

    /**
     * The warm start of a series first seen at inference: {@code spec} fitted on no points, for an
     * online spec; {@code null} for an offline one, whose series waits for its next fit.
     */
    public static FittedModel startOnline(ModelSpec spec, Labels labels) {
        return spec.isOnline() ? spec.fit(Series.empty(labels)) : null;
    }
}
