package dev.vigil.vm;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader-level settings ({@code reader:} with {@code class: vm}; vmanomaly docs, Reader, v1.30). Immutable;
 * build with {@link #builder(HttpSettings)}. Thread-safe.
 *
 * @param http                       connection settings ({@code timeout} defaults to 30 s)
 * @param samplingPeriod             {@code sampling_period}: the default {@code step}; required
 * @param queryRangePath             {@code query_range_path}, default {@code /api/v1/query_range}
 * @param extraFilters               {@code extra_filters}: series selectors sent as {@code extra_filters[]}
 * @param latencyOffset              {@code latency_offset} (default 1 ms), sent as VictoriaMetrics'
 *                                   {@code latency_offset} so points fresher than its 30 s default come back;
 *                                   null to leave the server default
 * @param maxPointsPerQuery          {@code max_points_per_query}: points per series per request before the
 *                                   range is split (default 10 000, below VictoriaMetrics' 30 000 limit)
 * @param offset                     {@code offset}: the query window is shifted back by it (negative: forward)
 * @param dataRange                  {@code data_range}, default {@link DataRange#ALL}
 * @param tz                         {@code tz}, default UTC
 * @param queryFromLastSeenTimestamp {@code query_from_last_seen_timestamp}
 * @param workers                    concurrent requests of one read (chunks), default 4
 * @param spillDir                   where a streamed read split into chunks parks them on disk while it lasts
 *                                   (files deleted when the read ends), so that it holds its series' labels
 *                                   rather than their points; default the JVM's temporary directory
 *                                   ({@code java.io.tmpdir}); {@code null} holds the chunks in memory. Not a
 *                                   vmanomaly key: vmanomaly's {@code VMANOMALY_DATA_DUMPS_DIR} sets it in the runner
 */
public record ReaderConfig(HttpSettings http, Duration samplingPeriod, String queryRangePath, List<String> extraFilters,
                           Duration latencyOffset, int maxPointsPerQuery, Duration offset, DataRange dataRange, ZoneId tz,
                           boolean queryFromLastSeenTimestamp, int workers, Path spillDir) {

    /** Checks the keys and copies the list. */
    public ReaderConfig {
        if (http == null) {
            throw new VmConfigException("reader: connection settings ('datasource_url', ...) are required");
        }
        if (samplingPeriod == null) {
            throw new VmConfigException("sampling_period", "reader: 'sampling_period' is required");
        }
        if (samplingPeriod.toMillis() < 1) {
            throw new VmConfigException("sampling_period", "reader: 'sampling_period' must be at least 1ms, got "
                    + samplingPeriod);
        }
        if (queryRangePath == null || !queryRangePath.startsWith("/")) {
            throw new VmConfigException("query_range_path", "reader: 'query_range_path' must start with '/', got '"
                    + queryRangePath + "'");
        }
        extraFilters = List.copyOf(extraFilters == null ? List.of() : extraFilters);
        if (latencyOffset != null && latencyOffset.isNegative()) {
            throw new VmConfigException("latency_offset", "reader: 'latency_offset' must not be negative, got "
                    + latencyOffset);
        }
        if (maxPointsPerQuery < 1) {
            throw new VmConfigException("max_points_per_query", "reader: 'max_points_per_query' must be >= 1, got "
                    + maxPointsPerQuery);
        }
        if (offset == null) {
            offset = Duration.ZERO;
        }
        if (dataRange == null) {
            dataRange = DataRange.ALL;
        }
        if (tz == null) {
            tz = ZoneOffset.UTC;
        }
        if (workers < 1) {
            throw new VmConfigException("workers", "reader: 'workers' must be >= 1, got " + workers);
        }
    }

    /** The same settings with {@code spillDir} replaced ({@code null}: chunks held in memory). */
    public ReaderConfig withSpillDir(Path dir) {
        return new ReaderConfig(http, samplingPeriod, queryRangePath, extraFilters, latencyOffset, maxPointsPerQuery,
                offset, dataRange, tz, queryFromLastSeenTimestamp, workers, dir);
    }

    /** The same settings with {@code extra_filters} replaced. */
    public ReaderConfig withExtraFilters(List<String> filters) {
        return new ReaderConfig(http, samplingPeriod, queryRangePath, filters, latencyOffset, maxPointsPerQuery,
                offset, dataRange, tz, queryFromLastSeenTimestamp, workers, spillDir);
    }

    /** A builder with the defaults listed on the record. */
    public static Builder builder(HttpSettings http) {
        return new Builder(http);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final HttpSettings http;
        private Duration samplingPeriod;
        private String queryRangePath = "/api/v1/query_range";
        private final List<String> extraFilters = new ArrayList<>();
        private Duration latencyOffset = Duration.ofMillis(1);
        private int maxPoints = 10_000;
        private Duration offset = Duration.ZERO;
        private DataRange dataRange = DataRange.ALL;
        private ZoneId tz = ZoneId.of("UTC");
        private boolean fromLastSeen;
        private int workers = 4;
        private Path spillDir = Path.of(System.getProperty("java.io.tmpdir"));

        private Builder(HttpSettings http) {
            this.http = http;
        }

        /** {@code sampling_period}, e.g. one minute; required. */
        public Builder samplingPeriod(Duration v) {
            samplingPeriod = v;
            return this;
        }

        /** {@code query_range_path}. */
        public Builder queryRangePath(String v) {
            queryRangePath = v;
            return this;
        }

        /** Adds to {@code extra_filters}, e.g. {@code {env="prod"}}. */
        public Builder extraFilter(String v) {
            if (v == null || v.isBlank()) {
                throw new VmConfigException("extra_filters",
                        "reader: 'extra_filters' entries must be non-empty selectors");
            }
            extraFilters.add(v);
            return this;
        }

        /** {@code latency_offset}; null keeps the server's {@code -search.latencyOffset}. */
        public Builder latencyOffset(Duration v) {
            latencyOffset = v;
            return this;
        }

        /** {@code max_points_per_query}. */
        public Builder maxPointsPerQuery(int v) {
            maxPoints = v;
            return this;
        }

        /** {@code offset}, negative allowed. */
        public Builder offset(Duration v) {
            offset = v;
            return this;
        }

        /** {@code data_range}. */
        public Builder dataRange(DataRange v) {
            dataRange = v;
            return this;
        }

        /** {@code tz}. */
        public Builder tz(ZoneId v) {
            tz = v;
            return this;
        }

        /** {@code query_from_last_seen_timestamp}. */
        public Builder queryFromLastSeenTimestamp(boolean v) {
            fromLastSeen = v;
            return this;
        }

        /** Concurrent requests per read. */
        public Builder workers(int v) {
            workers = v;
            return this;
        }

        /** Where a streamed read split into chunks parks them; {@code null} holds them in memory. */
        public Builder spillDir(Path v) {
            spillDir = v;
            return this;
        }

        /** Validates and builds. @throws VmConfigException naming the key at fault */
        public ReaderConfig build() {
            return new ReaderConfig(http, samplingPeriod, queryRangePath, extraFilters, latencyOffset, maxPoints,
                    offset, dataRange, tz, fromLastSeen, workers, spillDir);
        }
    }
}
