package dev.vigil.vm;

/**
 * The result of a datasource health probe.
 *
 * @param healthy       whether {@code /health} answered 2xx
 * @param code          HTTP status or a failure code as in vmanomaly's metrics
 * @param message       a short explanation (no credentials)
 * @param durationNanos how long the probe took
 */
public record HealthStatus(boolean healthy, String code, String message, long durationNanos) {
}
