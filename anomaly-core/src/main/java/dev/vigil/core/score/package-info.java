/**
 * The anomaly-score pipeline of vmanomaly (vmanomaly docs, Models, v1.31): {@link dev.vigil.core.score.ScoreSpec}
 * holds the validated business arguments and {@link dev.vigil.core.score.ScorePipeline} turns
 * {@code y}, {@code yhat}, {@code yhat_lower} and {@code yhat_upper} into {@code anomaly_score}.
 * Both are immutable and thread-safe; the pipeline allocates nothing per point.
 */
package dev.vigil.core.score;
