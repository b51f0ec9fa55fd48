/**
 * {@code rolling_quantile}: quantiles of a sliding window of the last {@code window_steps} points
 * (online since vmanomaly v1.28.0). yhat is the window median; the band runs from the
 * {@code 1 - quantile} to the {@code quantile} quantile, optionally widened by half an IQR times
 * {@code iqr_threshold} on each side.
 */
package dev.vigil.models.rollingquantile;
