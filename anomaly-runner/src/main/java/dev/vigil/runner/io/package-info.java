/**
 * The runner's view of storage: {@link dev.vigil.runner.io.SeriesReader} and
 * {@link dev.vigil.runner.io.SeriesWriter}, with implementations for files (CSV, VictoriaMetrics
 * JSON-lines export format), so the runner needs no external service, and for VictoriaMetrics over
 * HTTP ({@code /api/v1/query_range}, {@code /api/v1/import}). {@link dev.vigil.runner.io.IoFactory}
 * builds them from the reader and writer sections. Adapters only: the file formats are read and
 * written by {@code dev.vigil.eval.csv} and the VictoriaMetrics client's {@code VmCodec}, series
 * selectors matched by {@code dev.vigil.core.series.SeriesSelector}.
 */
package dev.vigil.runner.io;
