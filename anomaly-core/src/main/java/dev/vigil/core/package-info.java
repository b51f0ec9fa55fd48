/**
 * Vigil's pure-maths core: series, predictions, the anomaly-score pipeline, durations and
 * timestamps, robust and online statistics. No I/O, no logging, no threads of its own.
 *
 * <p>Sub-packages: {@link dev.vigil.core.series} (values), {@link dev.vigil.core.prediction}
 * (model outputs), {@link dev.vigil.core.score} (the score pipeline), {@link dev.vigil.core.time}
 * (duration and timestamp parsing), {@link dev.vigil.core.stats} (statistics).
 */
package dev.vigil.core;
