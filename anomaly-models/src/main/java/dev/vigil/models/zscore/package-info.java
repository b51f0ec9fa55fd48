/**
 * Z-score models: the deprecated offline {@code model.zscore.ZscoreModel} (the alias {@code zscore}
 * before vmanomaly v1.28.4; mean and standard deviation of the fit window) and {@code zscore_online}
 * (also the alias {@code zscore}) (decayed running mean and variance). yhat is the mean; the band is
 * {@code mean ± z_threshold · std} (population standard deviation).
 */
package dev.vigil.models.zscore;
