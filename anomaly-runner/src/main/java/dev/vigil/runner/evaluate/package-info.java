/**
 * The {@code evaluate} command: replays models over a labelled corpus in the Numenta Anomaly
 * Benchmark layout ({@code data/<category>/<name>.csv} plus a windows JSON), scores them with
 * {@link dev.vigil.core.evaluation.NabScorer} and event-level P/R/F1, prints a comparison table,
 * and optionally writes the per-row scores (NAB layout) and an HTML report.
 */
package dev.vigil.runner.evaluate;
