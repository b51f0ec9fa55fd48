/**
 * Self-contained HTML reports of scored series: {@link dev.vigil.eval.report.HtmlReport} draws
 * {@code y}, the {@code yhat} band, anomaly markers and the {@code anomaly_score} panel as inline
 * SVG (no scripts, no network), downsampled per pixel so that millions of rows give a small file.
 * {@link dev.vigil.eval.report.ScoreSummary} holds the statistics shown in its table.
 */
package dev.vigil.eval.report;
