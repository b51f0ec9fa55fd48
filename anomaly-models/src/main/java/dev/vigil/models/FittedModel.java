package dev.vigil.models;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;

/**
 * A model fitted on one series. Offline models are immutable and thread-safe: {@link #infer} has no
 * side effect and may be called concurrently.
 */
public interface FittedModel {

    /** The spec this model was fitted from. */
    ModelSpec spec();

    /**
     * Predicts and scores every point of {@code data}: one row per point, in order, with
     * {@code y} the input value. A {@code NaN} or infinite input gives a {@code NaN} score, never an
     * exception. For an {@link OnlineModel} this does <em>not</em> update the state.
     */
    Prediction infer(Series data);

    /** A one-line human description of the fitted state (parameters, detected periods...). */
    default String describe() {
        return spec().alias();
    }
}
