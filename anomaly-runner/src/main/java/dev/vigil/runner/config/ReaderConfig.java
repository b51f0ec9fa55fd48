package dev.vigil.runner.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The validated {@code reader} section (spec 4.1). {@code kind} is {@code vm} (VictoriaMetrics or
 * Prometheus {@code /api/v1/query_range}) or {@code file} (a CSV or VictoriaMetrics JSON-lines export
 * file at {@code path}, read as if it were the datasource).
 */
public record ReaderConfig(String kind, String datasourceUrl, String tenantId, Duration samplingPeriod,
                           Map<String, QueryConfig> queries, String queryRangePath, Auth auth, Duration timeout,
                           List<String> extraFilters, boolean queryFromLastSeenTimestamp, Duration latencyOffset,
                           Path path) {
}
