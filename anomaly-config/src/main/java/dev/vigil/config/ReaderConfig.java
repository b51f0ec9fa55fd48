package dev.vigil.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated {@code reader} section: VictoriaMetrics or Prometheus {@code /api/v1/query_range},
 * read by the client configured by {@code client}, or (no {@code client}) a CSV or VictoriaMetrics
 * JSON-lines export file at {@code path}, read as if it were the datasource. The record holds what the
 * runner itself uses; the HTTP keys live in {@code client} only. Immutable and thread-safe.
 *
 * @param datasourceUrl {@code datasource_url} as written ({@code vm}; {@code null} for {@code file}), for
 *     the {@code url} label of the metrics and the logs once its credentials are removed
 * @param path the file read by the {@code file} reader, {@code null} for {@code vm}
 * @param client the VictoriaMetrics client's reader settings (connection, {@code query_range_path},
 *     {@code extra_filters}, {@code latency_offset}, {@code workers}), {@code null} for {@code file}
 * @param samplingPeriod {@code sampling_period}: the default {@code step} of the queries
 * @param timeout {@code timeout} as written: one logical read, retries included
 * @param fetchTimeout {@code fetch_timeout}, which bounds each read in place of {@code timeout};
 *     {@code null} when not set
 * @param queries the queries, every reader-level default applied
 * @param queryFromLastSeenTimestamp {@code query_from_last_seen_timestamp} (default {@code true}: inferences
 *     catch up from the last point scored of each series)
 * @param queryLastSeenMaxLookback {@code query_last_seen_max_lookback}: how far back from the end of an
 *     inference window the catch-up may reach; {@code null} when not set (the runner then applies its
 *     default limit)
 * @param seriesProcessingBatchSize {@code series_processing_batch_size}: series per fit/infer task
 */
public record ReaderConfig(String datasourceUrl, Path path, dev.vigil.vm.ReaderConfig client, Duration samplingPeriod,
                           Duration timeout, Duration fetchTimeout, Map<String, QueryConfig> queries,
                           boolean queryFromLastSeenTimestamp, Duration queryLastSeenMaxLookback,
                           int seriesProcessingBatchSize) {

    /** The catch-up limit when {@code query_last_seen_max_lookback} is not set. */
    public static final Duration DEFAULT_LAST_SEEN_MAX_LOOKBACK = Duration.ofHours(1);

    /** Copies the queries, keeping their order. */
    public ReaderConfig {
        queries = Collections.unmodifiableMap(new LinkedHashMap<>(queries));
    }

    /**
     * The catch-up limit in force: {@code query_last_seen_max_lookback}, else
     * {@link #DEFAULT_LAST_SEEN_MAX_LOOKBACK}; {@code null} when inferences do not catch up
     * ({@code query_from_last_seen_timestamp: false}), where no limit applies.
     */
    public Duration effectiveLastSeenMaxLookback() {
        if (!queryFromLastSeenTimestamp) {
            return null;
        }
        return queryLastSeenMaxLookback == null ? DEFAULT_LAST_SEEN_MAX_LOOKBACK : queryLastSeenMaxLookback;
    }

    /** The canonical {@code class}: {@code vm} (with client settings) or {@code file}. */
    public String kind() {
        return client == null ? "file" : "vm";
    }

    /** The same reader with only {@code live} queries (those some model reads). */
    public ReaderConfig withQueries(Map<String, QueryConfig> live) {
        return new ReaderConfig(datasourceUrl, path, client, samplingPeriod, timeout, fetchTimeout, live,
                queryFromLastSeenTimestamp, queryLastSeenMaxLookback, seriesProcessingBatchSize);
    }

    /**
     * The same reader parking the chunks of split reads in {@code dir} ({@code null}: in memory); the
     * {@code file} reader, which has no chunks, is returned as it is.
     */
    public ReaderConfig withSpillDir(Path dir) {
        if (client == null) {
            return this;
        }
        return new ReaderConfig(datasourceUrl, path, client.withSpillDir(dir), samplingPeriod, timeout, fetchTimeout,
                queries, queryFromLastSeenTimestamp, queryLastSeenMaxLookback, seriesProcessingBatchSize);
    }

    /**
     * The same reader with {@code extra_filters} replaced by {@code filters} (a member's share of a
     * configuration split by {@code extra_filters}).
     *
     * @throws IllegalStateException for the {@code file} reader, which has no {@code extra_filters}
     */
    public ReaderConfig withExtraFilters(java.util.List<String> filters) {
        if (client == null) {
            throw new IllegalStateException("the file reader has no extra_filters");
        }
        dev.vigil.vm.ReaderConfig replaced = client.withExtraFilters(filters);
        return new ReaderConfig(datasourceUrl, path, replaced, samplingPeriod, timeout, fetchTimeout, queries,
                queryFromLastSeenTimestamp, queryLastSeenMaxLookback, seriesProcessingBatchSize);
    }
}
