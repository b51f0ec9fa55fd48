/**
 * Isolation forest models, as vmanomaly's {@code isolation_forest_univariate}
 * ({@code model.isolation_forest.IsolationForestModel}) and {@code isolation_forest_multivariate}
 * ({@code model.isolation_forest.IsolationForestMultivariateModel}), which wrap scikit-learn's
 * {@code IsolationForest}: the same trees (random feature, uniform split in the node's range, depth
 * limit {@code ceil(log2 ψ)}), the same path-length normalisation and threshold ({@code offset_}).
 * The anomaly score is {@code score_samples / offset_}: above 1 exactly where scikit-learn's
 * {@code predict} says outlier. Beyond the fit rows' range, where scikit-learn's score stops changing,
 * the path is shortened with the distance so that the score keeps rising (see {@code FittedForest}).
 * Optional cyclical calendar features ({@code seasonal_features}).
 * Implementations are package-private; callers use {@link dev.vigil.models.isolationforest.IsolationForestModels}
 * or the registry.
 */
package dev.vigil.models.isolationforest;
