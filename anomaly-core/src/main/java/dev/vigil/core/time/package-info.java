/**
 * Duration and timestamp text as it appears in vmanomaly configs, the VictoriaMetrics API, command-line
 * options and data files; the project's only parsers of such text:
 * {@link dev.vigil.core.time.Durations} (Prometheus, pandas and ISO-8601 durations, and the canonical
 * Prometheus form back) and {@link dev.vigil.core.time.Timestamps} (ISO-8601 with or without zone, NAB
 * date-times, dates, epoch seconds and epoch milliseconds). Both are stateless and thread-safe and throw
 * {@link java.lang.IllegalArgumentException} with the offending text and the accepted forms on bad input.
 */
package dev.vigil.core.time;
