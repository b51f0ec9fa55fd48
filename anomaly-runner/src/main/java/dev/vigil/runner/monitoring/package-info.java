/**
 * Self-monitoring (vmanomaly docs (v1.30), monitoring): vmanomaly's {@code vmanomaly_*} metric
 * families on the official Prometheus Java client ({@link dev.vigil.runner.monitoring.RunnerMetrics}),
 * served on {@code /metrics} with {@code /health} ({@link dev.vigil.runner.monitoring.MonitoringServer})
 * and optionally pushed to a VictoriaMetrics import endpoint
 * ({@link dev.vigil.runner.monitoring.MetricsPusher}, over the anomaly-vm-client's HTTP client).
 *
 * <p>Depends on the runner's configuration only, never on its I/O adapters or the service: the
 * service feeds it.
 */
package dev.vigil.runner.monitoring;
