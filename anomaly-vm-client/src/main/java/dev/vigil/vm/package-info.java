/**
 * A small VictoriaMetrics client for Vigil: {@link dev.vigil.vm.VmReader} reads
 * {@code /api/v1/query_range} into {@link dev.vigil.core.series.Series}, {@link dev.vigil.vm.VmWriter}
 * writes JSON lines to {@code /api/v1/import}. Built on {@code java.net.http} and Jackson's streaming
 * API only; no logging and no metrics library: every request is reported to a
 * {@link dev.vigil.vm.VmListener} so that the caller can log and export metrics.
 *
 * <p>Configuration is immutable records built once and validated once
 * ({@link dev.vigil.vm.ReaderConfig}, {@link dev.vigil.vm.QueryConfig}, {@link dev.vigil.vm.WriterConfig},
 * sharing {@link dev.vigil.vm.HttpSettings}); a mistake raises a {@link dev.vigil.vm.VmConfigException}
 * naming the vmanomaly key. A failed request raises a {@link dev.vigil.vm.VmRequestException} carrying
 * the result code of vmanomaly's reader and writer metrics (vmanomaly docs, Monitoring, v1.30). See {@code docs/vm-client.md}.
 */
package dev.vigil.vm;
