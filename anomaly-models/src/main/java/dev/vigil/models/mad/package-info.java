/**
 * Median/MAD models: the deprecated offline {@code model.mad.MADModel} (the alias {@code mad} before
 * vmanomaly v1.28.4; exact median and MAD of the fit window) and {@code mad_online} (also the alias
 * {@code mad}) (t-digest estimates of the median and of the median absolute deviation,
 * updated point by point). yhat is the median; the band is
 * {@code median ± threshold · σ̂}, σ̂ the largest of {@code 1.4826 · MAD}, {@code 1.2533 · mean|x - median|} and
 * {@code q_0.995(|x - median|) / 2.807} (all equal on normal data), never narrower than a tiny relative floor so
 * that a constant series still yields finite scores above 1 for real deviations.
 */
package dev.vigil.models.mad;
