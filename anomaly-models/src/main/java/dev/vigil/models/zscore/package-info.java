/**
 * Z-score models: {@code zscore} (offline: mean and standard deviation of the fit window) and
 * {@code zscore_online} (decayed running mean and variance). yhat is the mean; the band is
 * {@code mean ± z_threshold · std} (population standard deviation).
 */
package dev.vigil.models.zscore;
