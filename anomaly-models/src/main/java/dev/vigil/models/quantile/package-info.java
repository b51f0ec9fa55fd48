/**
 * {@code quantile_online}: seasonal online quantiles. Each sub-season bucket of the seasonal
 * interval (e.g. 7d / 1h: 168 buckets) keeps a t-digest of its values; yhat_lower, yhat and
 * yhat_upper are three of its quantiles, optionally blended with the global quantiles and widened
 * by an IQR multiple.
 */
package dev.vigil.models.quantile;
