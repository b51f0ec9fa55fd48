package dev.vigil.models.rollingquantile;

/**
 * The fitted state of a {@code rolling_quantile} model, beyond its spec. A value passed between a
 * model and a stream: the array is not copied.
 *
 * @param window the points in the window, oldest first (at most {@code window_steps})
 * @param seen   finite points learnt
 */
record RollingQuantileState(double[] window, long seen) {
}
