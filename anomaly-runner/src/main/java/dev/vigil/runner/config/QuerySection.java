package dev.vigil.runner.config;

import static dev.vigil.runner.config.ConfigKeys.DETECTION_DIRECTION;
import static dev.vigil.runner.config.ConfigKeys.EXPR;
import static dev.vigil.runner.config.ConfigKeys.MIN_DEV;
import static dev.vigil.runner.config.ConfigKeys.MIN_REL_DEV;
import static dev.vigil.runner.config.ConfigKeys.QUERIES;
import static dev.vigil.runner.config.ConfigKeys.QUERY_DATA_RANGE;
import static dev.vigil.runner.config.ConfigKeys.QUERY_MAX_POINTS;
import static dev.vigil.runner.config.ConfigKeys.QUERY_OFFSET;
import static dev.vigil.runner.config.ConfigKeys.QUERY_TENANT;
import static dev.vigil.runner.config.ConfigKeys.QUERY_TZ;
import static dev.vigil.runner.config.ConfigKeys.READER_DATA_RANGE;
import static dev.vigil.runner.config.ConfigKeys.READER_MAX_POINTS;
import static dev.vigil.runner.config.ConfigKeys.READER_OFFSET;
import static dev.vigil.runner.config.ConfigKeys.READER_TENANT;
import static dev.vigil.runner.config.ConfigKeys.READER_TZ;
import static dev.vigil.runner.config.ConfigKeys.STEP;

import dev.vigil.runner.config.ConfigKey.Section;
import dev.vigil.vm.DataRange;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates {@code reader.queries} into {@link QueryConfig}s, applying the reader-level defaults
 * ({@code step} from {@code sampling_period}, {@code data_range}, {@code tz}, {@code offset},
 * {@code max_points_per_query}, {@code tenant_id}) and accepting the legacy {@code {alias: expr}} form
 * with a warning. Stateless and thread-safe.
 */
final class QuerySection {

    /** The query-level business policies handed to the models of the query, in the order they are printed. */
    static final List<ConfigKey> POLICIES = List.of(DETECTION_DIRECTION, MIN_DEV, MIN_REL_DEV, QUERY_DATA_RANGE);

    private QuerySection() {
    }

    /**
     * The queries of a reader.
     *
     * @param configs every valid query by alias
     * @param fields every query's mapping by alias, valid or not
     */
    record Result(Map<String, QueryConfig> configs, Map<String, Fields> fields) {
    }

    /**
     * The queries of {@code reader}.
     *
     * @param sampling the reader's {@code sampling_period} ({@code null} after an error: no query is built)
     * @param vm whether the reader is VictoriaMetrics' (the file reader ignores {@code tenant_id})
     */
    static Result validate(Fields reader, Duration sampling, boolean vm) {
        Map<String, QueryConfig> configs = new LinkedHashMap<>();
        Map<String, Fields> fields = new LinkedHashMap<>();
        Node qn = reader.get(QUERIES);
        if (qn == null) {
            reader.require(QUERIES, ": a mapping of query alias to {expr: ...}");
            return new Result(configs, fields);
        }
        Fields all = Fields.of(reader.diagnostics(), reader.pathOf(QUERIES), qn);
        if (all == null) {
            return new Result(configs, fields);
        }
        if (all.map().isEmpty()) {
            reader.error(QUERIES, "needs at least one query");
        }
        Defaults d = new Defaults(sampling, reader.range(READER_DATA_RANGE), reader.zone(READER_TZ),
                reader.duration(READER_OFFSET, false), reader.integer(READER_MAX_POINTS, 0),
                reader.string(READER_TENANT));
        boolean[] warned = {false};
        all.map().forEach((alias, q) -> {
            String p = all.pathOf(alias);
            Fields f;
            if (q.value() instanceof String) {
                if (!warned[0]) {
                    reader.warn("reader.queries in the old {alias: expr} form is deprecated; use {alias: {expr: ...}}");
                    warned[0] = true;
                }
                f = Fields.of(reader.diagnostics(), p, q, Map.of(EXPR.name(), q));
            } else if (q.isMap()) {
                f = Fields.of(reader.diagnostics(), p, q);
            } else {
                reader.diagnostics().error(p, q, "must be a mapping with at least 'expr' (or, legacy, the expression"
                        + " itself)");
                return;
            }
            fields.put(alias, f);
            QueryConfig c = query(alias, f, d, vm);
            if (c != null) {
                configs.put(alias, c);
            }
        });
        return new Result(Collections.unmodifiableMap(configs), Collections.unmodifiableMap(fields));
    }

    /** The reader-level values a query inherits. */
    private record Defaults(Duration step, double[] range, ZoneId tz, Duration offset, long maxPoints, String tenant) {
    }

    private static QueryConfig query(String alias, Fields f, Defaults d, boolean vm) {
        int errorsBefore = f.diagnostics().errorCount();
        f.checkKeys(Section.QUERY);
        String expr = f.string(EXPR);
        if (expr == null || expr.isBlank()) {
            f.diagnostics().error(f.pathOf(EXPR), f.node(), "is required: the MetricsQL expression to read");
        }
        Duration step = f.duration(STEP, d.step(), true);
        double[] range = f.range(QUERY_DATA_RANGE, d.range());
        Map<String, Object> policies = new LinkedHashMap<>();
        for (ConfigKey k : POLICIES) {
            if (f.isSet(k)) {
                policies.put(k.name(), f.get(k).plain());
            }
        }
        ZoneId tz = f.zone(QUERY_TZ, d.tz());
        Duration offset = f.duration(QUERY_OFFSET, d.offset(), false);
        long maxPoints = f.integer(QUERY_MAX_POINTS, d.maxPoints());
        String tenant = f.string(QUERY_TENANT, d.tenant());
        if (step == null || f.diagnostics().errorCount() > errorsBefore) {
            return null;
        }
        dev.vigil.vm.QueryConfig client = ClientSettings.build(f, () -> {
            dev.vigil.vm.QueryConfig.Builder b = dev.vigil.vm.QueryConfig.builder(alias, expr).step(step).tz(tz)
                    .offset(offset).dataRange(new DataRange(range[0], range[1]));
            if (maxPoints > 0) {
                b.maxPointsPerQuery((int) Math.min(maxPoints, Integer.MAX_VALUE));
            }
            if (vm && tenant != null) {
                b.tenantId(tenant);
            }
            return b.build();
        });
        return client == null ? null : new QueryConfig(client, policies);
    }
}
