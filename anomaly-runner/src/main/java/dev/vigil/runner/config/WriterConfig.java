package dev.vigil.runner.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The validated {@code writer} section (spec 5). {@code kind} is {@code vm} ({@code /api/v1/import})
 * or {@code file} (CSV, or VictoriaMetrics JSON lines when {@code path} ends in {@code .json}/{@code .jsonl}).
 *
 * @param metricFormat output naming template: {@code __name__} (with {@code $VAR}), {@code for}
 *     (with {@code $QUERY_KEY}) and static labels
 */
public record WriterConfig(String kind, String datasourceUrl, String tenantId, Map<String, String> metricFormat,
                           Auth auth, Duration timeout, Path path) {
}
