package dev.vigil.vm;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One reader query ({@code reader.queries.<alias>}; vmanomaly docs, Reader, v1.30). Every optional key left
 * null takes the reader-level value when read by {@link VmReader}. Immutable and thread-safe; build with
 * {@link #builder(String, String)}.
 *
 * @param alias             the query key, e.g. {@code cpu}; becomes {@code $QUERY_KEY} and {@code for}
 * @param expr              the MetricsQL expression
 * @param step              {@code step}, or null for the reader's {@code sampling_period}
 * @param dataRange         {@code data_range}, or null for the reader's
 * @param maxPointsPerQuery {@code max_points_per_query}, or null for the reader's
 * @param tz                {@code tz}, or null for the reader's
 * @param tenant            {@code tenant_id}, or null for the reader's
 * @param offset            {@code offset}, or null for the reader's
 */
public record QueryConfig(String alias, String expr, Duration step, DataRange dataRange, Integer maxPointsPerQuery,
                          ZoneId tz, Tenant tenant, Duration offset) {

    /** Checks the keys. */
    public QueryConfig {
        if (alias == null || alias.isBlank()) {
            throw new VmConfigException("a query needs a non-empty alias");
        }
        if (expr == null || expr.isBlank()) {
            throw new VmConfigException("expr", "query '" + alias + "': 'expr' is required");
        }
        if (step != null && (step.isNegative() || step.toMillis() < 1)) {
            throw new VmConfigException("step", "query '" + alias + "': 'step' must be at least 1ms, got " + step);
        }
        if (maxPointsPerQuery != null && maxPointsPerQuery < 1) {
            throw new VmConfigException("max_points_per_query",
                    "query '" + alias + "': 'max_points_per_query' must be >= 1, got "
                    + maxPointsPerQuery);
        }
    }

    /** A builder for {@code alias: {expr: ...}}. */
    public static Builder builder(String alias, String expr) {
        return new Builder(alias, expr);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private final String alias;
        private final String expr;
        private Duration step;
        private DataRange dataRange;
        private Integer maxPoints;
        private ZoneId tz;
        private String tenantId;
        private Duration offset;

        private Builder(String alias, String expr) {
            this.alias = alias;
            this.expr = expr;
        }

        /** {@code step}. */
        public Builder step(Duration v) {
            step = v;
            return this;
        }

        /** {@code data_range}. */
        public Builder dataRange(DataRange v) {
            dataRange = v;
            return this;
        }

        /** {@code max_points_per_query}. */
        public Builder maxPointsPerQuery(int v) {
            maxPoints = v;
            return this;
        }

        /** {@code tz}. */
        public Builder tz(ZoneId v) {
            tz = v;
            return this;
        }

        /** {@code tenant_id} (needs a reader-level {@code tenant_id}). */
        public Builder tenantId(String v) {
            tenantId = v;
            return this;
        }

        /** {@code offset}, negative allowed. */
        public Builder offset(Duration v) {
            offset = v;
            return this;
        }

        /** Validates and builds. @throws VmConfigException naming the query and key */
        public QueryConfig build() {
            String where = "query '" + alias + "': ";
            try {
                return new QueryConfig(alias, expr, step, dataRange, maxPoints, tz,
                        tenantId == null ? null : Tenant.parse("tenant_id", tenantId), offset);
            } catch (VmConfigException e) {
                throw e.getMessage().startsWith(where) ? e : new VmConfigException(e.key(), where + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "QueryConfig[" + alias + ": " + Objects.toString(expr) + "]";
    }
}
