/**
 * Self-monitoring (spec 6): vmanomaly's {@code vmanomaly_*} metric families on the official
 * Prometheus Java client ({@link dev.vigil.runner.monitoring.RunnerMetrics}), served on
 * {@code /metrics} with {@code /health} ({@link dev.vigil.runner.monitoring.MonitoringServer}) and
 * optionally pushed to a VictoriaMetrics import endpoint ({@link dev.vigil.runner.monitoring.MetricsPusher}).
 */
package dev.vigil.runner.monitoring;
