package dev.vigil.models.holtwinters;

/**
 * The fitted state of a {@code holtwinters} model, beyond its spec. Immutable value.
 *
 * @param fit        the fitted exponential-smoothing model (form, parameters, final states, in-sample forecasts)
 * @param center     the standardisation offset subtracted before the fit
 * @param scale      the standardisation divisor
 * @param t0         the timestamp (epoch ms) of the first grid point
 * @param step       the grid step in ms
 * @param autoSeason whether the season length was detected (for the description)
 */
record HoltWintersState(EsFit fit, double center, double scale, long t0, long step, boolean autoSeason) {
}
