/**
 * Z-score models: the deprecated offline {@code model.zscore.ZscoreModel} (the alias {@code zscore}
 * before vmanomaly v1.28.4; mean and standard deviation of the fit window) and {@code zscore_online}
 * (also the alias {@code zscore}) (decayed running mean and variance). yhat is the mean; the band is
 * {@code mean ± z_threshold · max(std, tail)} (population standard deviation, floored by the fit window's
 * {@code q_0.995(|x - mean|) / 2.807}, equal on normal data and wider on heavy-tailed data).
 */
package dev.vigil.models.zscore;
