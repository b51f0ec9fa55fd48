/**
 * Evaluation and reports: the library behind the runner's {@code score} and {@code evaluate}
 * commands and its file writer's HTML report.
 *
 * <ul>
 *   <li>{@code score}: the {@code score} pipeline (one model on one CSV file, scores and report);</li>
 *   <li>{@code nab}: the Numenta Anomaly Benchmark's scorer, profiles, event metrics, the rolling
 *       z baseline and a labelled corpus reader;</li>
 *   <li>{@code csv}: CSV series input and output (also the runner's series files);</li>
 *   <li>{@code report}: self-contained HTML reports ({@code y} with the band, scores, summary);</li>
 *   <li>{@code corpus}: the {@code evaluate} pipeline, replaying detectors over a corpus, and the
 *       comparison tables.</li>
 * </ul>
 *
 * <p>This package holds only {@link dev.vigil.eval.InputException}, which every sub-package may
 * throw; it imports none of them.
 */
package dev.vigil.eval;
