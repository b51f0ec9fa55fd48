package dev.vigil.models;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;

/**
 * A fitted model that keeps learning. {@link #inferAndUpdate} scores each point of the batch against
 * the state built from all earlier points (fit window, earlier batches, earlier points of this
 * batch), then folds the point in: scoring is causal, point by point ("prequential"), so a batch of
 * n points gives the same scores as n batches of one point.
 *
 * <p>Not thread-safe for writes: one writer at a time (the runner keeps one instance per series and
 * serialises its calls). {@link #infer} reads the state without changing it. {@link #copy} gives an
 * independent snapshot.
 *
 * <p>Common online arguments: {@code decay} d in (0, 1] multiplies the weight of the existing state
 * by d before each new point; {@code min_n_samples_seen} k gives a score of 0 while at most k points
 * have been seen; {@code history_strength} h makes the fitted history weigh h times its sample count
 * against later updates.
 */
public interface OnlineModel extends FittedModel {

    /** Scores the batch causally and updates the state with its finite points; NaN points are skipped. */
    Prediction inferAndUpdate(Series batch);

    /** Folds points into the state without scoring them. */
    void update(Series batch);

    /** The number of (finite) points seen so far, fit window included. */
    long samplesSeen();

    /** An independent deep copy of this model's state. */
    OnlineModel copy();
}
