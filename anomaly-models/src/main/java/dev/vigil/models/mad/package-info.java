/**
 * Median/MAD models: {@code mad} (offline: exact median and MAD of the fit window) and
 * {@code mad_online} (t-digest estimates of the median and of the median absolute deviation,
 * updated point by point). yhat is the median; the band is
 * {@code median ± threshold · 1.4826 · MAD}, never narrower than a tiny relative floor so that a
 * constant series still yields finite scores above 1 for real deviations.
 */
package dev.vigil.models.mad;
