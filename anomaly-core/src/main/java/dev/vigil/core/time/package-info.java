/**
 * Duration and timestamp text as it appears in vmanomaly configs, the VictoriaMetrics API and the
 * NAB data: {@link dev.vigil.core.time.Durations} (Prometheus, pandas and ISO-8601 durations) and
 * {@link dev.vigil.core.time.Timestamps} (ISO-8601 with or without zone, NAB date-times, epoch
 * seconds). Both are stateless and thread-safe and throw {@link java.lang.IllegalArgumentException}
 * with the offending text and the accepted forms on bad input.
 */
package dev.vigil.core.time;
