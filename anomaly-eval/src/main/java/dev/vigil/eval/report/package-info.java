/**
 * Self-contained HTML reports of scored series: {@link dev.vigil.eval.report.HtmlReport} draws
 * {@code y}, the {@code yhat} band, anomaly markers and the {@code anomaly_score} panel as inline
 * SVG (no scripts, no network), downsampled per pixel so that millions of rows give a small file;
 * {@link dev.vigil.eval.report.ServiceReport} collects a running service's output into one such page.
 * {@link dev.vigil.eval.report.ScoreSummary} holds the statistics shown in the tables. The page
 * (head, tables) and the plot are rendered by package-private classes.
 */
package dev.vigil.eval.report;
