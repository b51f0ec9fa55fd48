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
 * @param connectionRetryAttempts extra attempts after a connection-level failure (default 1)
 * @param batchMaxSeries series per import request (default 1000)
 * @param batchMaxBytes uncompressed bytes per import request (default 8 MiB)
 * @param report the file writer's HTML report ({@code report}), or {@code null} for none
 * @param importPath the import endpoint ({@code import_json_path}, deprecated in vmanomaly), default
 *     {@code /api/v1/import}
 */
public record WriterConfig(String kind, String datasourceUrl, String tenantId, Map<String, String> metricFormat,
                           Auth auth, Duration timeout, Path path, int connectionRetryAttempts, int batchMaxSeries,
                           long batchMaxBytes, Path report, String importPath) {

    /** Default {@code import_json_path}. */
    public static final String DEFAULT_IMPORT_PATH = "/api/v1/import";

    /** Defaults of the three batching keys. */
    public static final int DEFAULT_RETRIES = 1;
    /** Default {@code batch_max_series}. */
    public static final int DEFAULT_BATCH_SERIES = 1000;
    /** Default {@code batch_max_bytes}. */
    public static final long DEFAULT_BATCH_BYTES = 8L << 20;

    /** A writer section without an HTML report, importing at the default path. */
    public WriterConfig(String kind, String datasourceUrl, String tenantId, Map<String, String> metricFormat, Auth auth,
                        Duration timeout, Path path, int connectionRetryAttempts, int batchMaxSeries, long batchMaxBytes) {
        this(kind, datasourceUrl, tenantId, metricFormat, auth, timeout, path, connectionRetryAttempts, batchMaxSeries,
                batchMaxBytes, null, DEFAULT_IMPORT_PATH);
    }

    /** A writer section with the default retry and batch limits. */
    public WriterConfig(String kind, String datasourceUrl, String tenantId, Map<String, String> metricFormat, Auth auth,
                        Duration timeout, Path path) {
        this(kind, datasourceUrl, tenantId, metricFormat, auth, timeout, path, DEFAULT_RETRIES, DEFAULT_BATCH_SERIES,
                DEFAULT_BATCH_BYTES);
    }
}
