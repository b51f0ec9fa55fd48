/**
 * The {@code evaluate} command: replays models over a labelled corpus in the Numenta Anomaly
 * Benchmark layout ({@code data/<category>/<name>.csv} plus a windows JSON) with the same protocol
 * as {@code score} ({@link dev.vigil.models.Replay}), scores them with the library's
 * {@link dev.vigil.eval.nab.NabScorer} and {@link dev.vigil.eval.nab.EventMetrics},
 * prints a comparison table, and optionally writes the per-row scores (NAB layout) and an HTML
 * report. Files are read with the runner's CSV reader ({@code dev.vigil.eval.csv}); the report's
 * per-file detail pages are the {@code score} command's {@link dev.vigil.eval.report.HtmlReport}.
 * Everything here is single-threaded and stateless between runs.
 */
package dev.vigil.eval.corpus;
