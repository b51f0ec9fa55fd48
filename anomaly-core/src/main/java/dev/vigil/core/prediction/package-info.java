/**
 * What a model returns for a batch of points: the {@link dev.vigil.core.prediction.Prediction}
 * columns {@code y}, {@code yhat}, {@code yhat_lower}, {@code yhat_upper}, {@code anomaly_score} and
 * optional named extras. Immutable and thread-safe once built.
 */
package dev.vigil.core.prediction;
