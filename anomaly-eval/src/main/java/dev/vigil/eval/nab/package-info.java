/**
 * Benchmark scoring of anomaly detectors: the Numenta Anomaly Benchmark (NAB) score with its three
 * application profiles and corpus-wide threshold optimisation ({@link dev.vigil.eval.nab.NabScorer}),
 * event-level precision/recall/F1 ({@link dev.vigil.eval.nab.EventMetrics}) and a plain
 * rolling z-score baseline ({@link dev.vigil.eval.nab.RollingZBaseline}).
 *
 * <p>Pure maths on {@code long[]} timestamps (epoch milliseconds) and {@code double[]} scores; no I/O.
 * Every type is immutable or stateless and thread-safe.
 */
package dev.vigil.eval.nab;
