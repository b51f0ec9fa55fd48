/**
 * Automatic detection of seasonal periods in a regularly sampled series
 * ({@link dev.vigil.core.seasonality.PeriodDetector}): sample autocorrelation with Bartlett's
 * significance bound, peak prominence and a harmonic rule for nested periods (daily inside weekly).
 * Periods are in samples; the caller converts them to durations with its sampling step.
 */
package dev.vigil.core.seasonality;
