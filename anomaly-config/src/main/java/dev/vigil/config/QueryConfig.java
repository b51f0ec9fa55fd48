package dev.vigil.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One query of {@code reader.queries}: the client's query with every reader-level default already
 * applied, plus the query-level business policies the runner hands to the query's models. Immutable
 * and thread-safe.
 *
 * @param client the query as the VictoriaMetrics client reads it; {@code step}, {@code tz},
 *     {@code offset} and {@code data_range} are always set (the reader's when the query sets none);
 *     the file reader uses its {@code expr} as a series selector
 * @param policies query-level business policies ({@code detection_direction},
 *     {@code min_dev_from_expected}, {@code min_rel_dev_from_expected}, {@code data_range}) that
 *     override the model's values (vmanomaly docs, Models, v1.30.2)
 */
public record QueryConfig(dev.vigil.vm.QueryConfig client, Map<String, Object> policies) {

    /** Copies the policies, keeping their order. */
    public QueryConfig {
        policies = Collections.unmodifiableMap(new LinkedHashMap<>(policies));
    }

    /** The query alias, e.g. {@code cpu}. */
    public String alias() {
        return client.alias();
    }

    /** The MetricsQL expression (file reader: a series selector). */
    public String expr() {
        return client.expr();
    }

    /** The query step. */
    public Duration step() {
        return client.step();
    }
}
