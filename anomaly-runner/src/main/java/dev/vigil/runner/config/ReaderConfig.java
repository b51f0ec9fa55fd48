package dev.vigil.runner.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The validated {@code reader} section (spec 4.1). {@code kind} is {@code vm} (VictoriaMetrics or
 * Prometheus {@code /api/v1/query_range}) or {@code file} (a CSV or VictoriaMetrics JSON-lines export
 * file at {@code path}, read as if it were the datasource).
 *
 * @param workers concurrent requests of one split read ({@code workers}; 0 = the client's default, 4)
 * @param queryLastSeenMaxLookback {@code query_last_seen_max_lookback}: how far back from the end of an
 *     inference window {@code query_from_last_seen_timestamp} may reach; {@code null} = no limit
 * @param seriesProcessingBatchSize {@code series_processing_batch_size}: series per fit/infer task (default 8)
 * @param fetchTimeout {@code fetch_timeout}: the time one datasource request may take; {@code null} = {@code timeout}
 */
public record ReaderConfig(String kind, String datasourceUrl, String tenantId, Duration samplingPeriod,
                           Map<String, QueryConfig> queries, String queryRangePath, Auth auth, Duration timeout,
                           List<String> extraFilters, boolean queryFromLastSeenTimestamp, Duration latencyOffset,
                           Path path, int workers, Duration queryLastSeenMaxLookback, int seriesProcessingBatchSize,
                           Duration fetchTimeout) {

    /** Default {@code series_processing_batch_size}, vmanomaly's. */
    public static final int DEFAULT_SERIES_BATCH = 8;

    /** The time one datasource request may take: {@code fetch_timeout}, else {@code timeout}. */
    public Duration requestTimeout() {
        return fetchTimeout != null ? fetchTimeout : timeout;
    }

    /** A reader section without a last-seen lookback limit or fetch_timeout, and with the default series batch. */
    public ReaderConfig(String kind, String datasourceUrl, String tenantId, Duration samplingPeriod,
                        Map<String, QueryConfig> queries, String queryRangePath, Auth auth, Duration timeout,
                        List<String> extraFilters, boolean queryFromLastSeenTimestamp, Duration latencyOffset,
                        Path path, int workers) {
        this(kind, datasourceUrl, tenantId, samplingPeriod, queries, queryRangePath, auth, timeout, extraFilters,
                queryFromLastSeenTimestamp, latencyOffset, path, workers, null, DEFAULT_SERIES_BATCH, null);
    }

    /** A reader section with the client's default number of workers. */
    public ReaderConfig(String kind, String datasourceUrl, String tenantId, Duration samplingPeriod,
                        Map<String, QueryConfig> queries, String queryRangePath, Auth auth, Duration timeout,
                        List<String> extraFilters, boolean queryFromLastSeenTimestamp, Duration latencyOffset,
                        Path path) {
        this(kind, datasourceUrl, tenantId, samplingPeriod, queries, queryRangePath, auth, timeout, extraFilters,
                queryFromLastSeenTimestamp, latencyOffset, path, 0);
    }
}
