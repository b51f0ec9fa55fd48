/**
 * The {@code evaluate} command as a library: {@link dev.vigil.eval.corpus.Evaluator} replays
 * {@link dev.vigil.eval.corpus.Detector}s (registry models, the rolling z-score baseline, precomputed
 * scores) over a labelled corpus in the Numenta Anomaly Benchmark layout ({@code data/<category>/<name>.csv}
 * plus a windows JSON) with the same protocol as {@code score} ({@link dev.vigil.models.Replay}),
 * scores them with {@link dev.vigil.eval.nab.NabScorer} and {@link dev.vigil.eval.nab.EventMetrics}
 * ({@link dev.vigil.eval.corpus.Evaluation}), builds the comparison table, and optionally writes the
 * per-row scores (NAB layout) and an HTML report. Files are read with {@code dev.vigil.eval.csv}; the
 * report's per-file detail pages are the {@code score} command's {@link dev.vigil.eval.report.HtmlReport}.
 * Nothing here prints: progress and results go to a listener. Stateless between runs; a detector is
 * replayed over several files at once when asked to.
 */
package dev.vigil.eval.corpus;
