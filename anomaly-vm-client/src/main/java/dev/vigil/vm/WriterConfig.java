package dev.vigil.vm;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writer settings ({@code writer:} with {@code class: vm}; vmanomaly docs, Writer, v1.30). Immutable;
 * build with {@link #builder(HttpSettings)}. Thread-safe.
 *
 * @param http                    connection settings ({@code timeout} defaults to 5 s)
 * @param metricFormat            {@code metric_format}: {@code __name__} (must contain {@code $VAR}) and other
 *                                labels; values may use {@code $VAR} and {@code $QUERY_KEY}. Default
 *                                {@code {__name__: $VAR, for: $QUERY_KEY}}
 * @param connectionRetryAttempts {@code connection_retry_attempts}: extra attempts after a connection-level
 *                                failure (connection refused/reset) or an HTTP 5xx answer, with exponential
 *                                backoff and jitter; default 1 (vmanomaly's default), so two attempts in all
 * @param batchMaxSeries          {@code batch_max_series}: series per request, default 1000
 * @param batchMaxBytes           {@code batch_max_bytes}: uncompressed JSON bytes per request, default 8 MiB
 *                                (a single larger series still goes alone)
 * @param gzip                    whether bodies are gzip-compressed ({@code Content-Encoding: gzip}); default true
 * @param importPath              the import path, default {@code /api/v1/import}
 */
public record WriterConfig(HttpSettings http, Map<String, String> metricFormat, int connectionRetryAttempts,
                           int batchMaxSeries, long batchMaxBytes, boolean gzip, String importPath) {

    /** The default {@code metric_format}. */
    public static final Map<String, String> DEFAULT_METRIC_FORMAT = defaultFormat();

    private static Map<String, String> defaultFormat() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("__name__", "$VAR");
        m.put("for", "$QUERY_KEY");
        return Collections.unmodifiableMap(m);
    }

    /** Checks the keys and copies the map. */
    public WriterConfig {
        if (http == null) {
            throw new VmConfigException("writer: connection settings ('datasource_url', ...) are required");
        }
        if (metricFormat == null) {
            metricFormat = DEFAULT_METRIC_FORMAT;
        }
        String name = metricFormat.get("__name__");
        if (name == null || !name.contains("$VAR")) {
            throw new VmConfigException("metric_format.__name__",
                    "writer: 'metric_format.__name__' must contain '$VAR', got "
                    + (name == null ? "no __name__" : "'" + name + "'"));
        }
        for (Map.Entry<String, String> e : metricFormat.entrySet()) {
            if (e.getKey() == null || e.getKey().isEmpty() || e.getValue() == null) {
                throw new VmConfigException("metric_format",
                        "writer: 'metric_format' has an empty key or a null value: " + e);
            }
        }
        metricFormat = Collections.unmodifiableMap(new LinkedHashMap<>(metricFormat));
        if (connectionRetryAttempts < 0) {
            throw new VmConfigException("connection_retry_attempts",
                    "writer: 'connection_retry_attempts' must be >= 0, got " + connectionRetryAttempts);
        }
        if (batchMaxSeries < 1) {
            throw new VmConfigException("batch_max_series", "writer: 'batch_max_series' must be >= 1, got "
                    + batchMaxSeries);
        }
        if (batchMaxBytes < 1) {
            throw new VmConfigException("batch_max_bytes",
                    "writer: 'batch_max_bytes' must be >= 1, got " + batchMaxBytes);
        }
        if (importPath == null || !importPath.startsWith("/")) {
            throw new VmConfigException("import_json_path", "writer: 'import_json_path' must start with '/', got '"
                    + importPath + "'");
        }
    }

    /** A builder with the defaults listed on the record. */
    public static Builder builder(HttpSettings http) {
        return new Builder(http);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final HttpSettings http;
        private Map<String, String> metricFormat = DEFAULT_METRIC_FORMAT;
        private int retries = 1;
        private int batchMaxSeries = 1000;
        private long batchMaxBytes = 8L << 20;
        private boolean gzip = true;
        private String importPath = "/api/v1/import";

        private Builder(HttpSettings http) {
            this.http = http;
        }

        /** {@code metric_format}. */
        public Builder metricFormat(Map<String, String> v) {
            metricFormat = v;
            return this;
        }

        /** {@code connection_retry_attempts}. */
        public Builder connectionRetryAttempts(int v) {
            retries = v;
            return this;
        }

        /** {@code batch_max_series}. */
        public Builder batchMaxSeries(int v) {
            batchMaxSeries = v;
            return this;
        }

        /** {@code batch_max_bytes}. */
        public Builder batchMaxBytes(long v) {
            batchMaxBytes = v;
            return this;
        }

        /** Whether to gzip request bodies. */
        public Builder gzip(boolean v) {
            gzip = v;
            return this;
        }

        /** {@code import_json_path}. */
        public Builder importPath(String v) {
            importPath = v;
            return this;
        }

        /** Validates and builds. @throws VmConfigException naming the key at fault */
        public WriterConfig build() {
            return new WriterConfig(http, metricFormat, retries, batchMaxSeries, batchMaxBytes, gzip, importPath);
        }
    }
}
