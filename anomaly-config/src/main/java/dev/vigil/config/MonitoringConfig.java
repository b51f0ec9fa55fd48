package dev.vigil.config;

import java.time.Duration;
import java.util.Map;

/** The validated {@code monitoring} section; either part may be {@code null}. Immutable and thread-safe. */
public record MonitoringConfig(Pull pull, Push push) {

    /** {@code /metrics} and {@code /health} served on {@code addr:port}. */
    public record Pull(String addr, int port) {
    }

    /**
     * Metrics pushed to a VictoriaMetrics import endpoint every {@code pushFrequency}
     * ({@code null}: only after each stage), with {@code extraLabels}.
     */
    public record Push(String url, String tenantId, Auth auth, Duration timeout, Duration pushFrequency,
                       Map<String, String> extraLabels) {
    }
}
