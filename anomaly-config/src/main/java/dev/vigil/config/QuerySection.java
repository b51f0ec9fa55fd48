package dev.vigil.config;

import dev.vigil.config.ConfigKey.Section;
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
    static final List<String> POLICIES = List.of("detection_direction", "min_dev_from_expected",
            "min_rel_dev_from_expected", "data_range");

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
        if (reader.get("queries") == null) {
            reader.require("queries", ": a mapping of query alias to {expr: ...}");
            return new Result(configs, fields);
        }
        Fields all = reader.section("queries", null);
        if (all == null) {
            return new Result(configs, fields);
        }
        if (all.map().isEmpty()) {
            reader.error("queries", "needs at least one query");
        }
        Defaults d = new Defaults(sampling, reader.range("data_range"), reader.zone("tz"),
                reader.duration("offset", false), reader.integer("max_points_per_query", 0),
                reader.string("tenant_id"));
        boolean[] warned = {false};
        all.map().forEach((alias, q) -> {
            String p = all.pathOf(alias);
            Fields f;
            if (q.value() instanceof String) {
                if (!warned[0]) {
                    reader.warn("reader.queries in the old {alias: expr} form is deprecated; use {alias: {expr: ...}}");
                    warned[0] = true;
                }
                f = Fields.of(reader.diagnostics(), p, q, Map.of("expr", q), Section.QUERY);
            } else if (q.isMap()) {
                f = Fields.of(reader.diagnostics(), p, q, Section.QUERY);
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
        f.checkKeys();
        String expr = f.string("expr");
        if (expr == null || expr.isBlank()) {
            f.error("expr", null, "is required: the MetricsQL expression to read");
        }
        Duration step = f.duration("step", d.step(), true);
        double[] range = f.range("data_range", d.range());
        Map<String, Object> policies = new LinkedHashMap<>();
        for (String k : POLICIES) {
            if (f.isSet(k)) {
                policies.put(k, f.get(k).plain());
            }
        }
        ZoneId tz = f.zone("tz", d.tz());
        Duration offset = f.duration("offset", d.offset(), false);
        long maxPoints = f.integer("max_points_per_query", d.maxPoints());
        String tenant = f.string("tenant_id", d.tenant());
        if (step == null || f.diagnostics().errorCount() > errorsBefore) {
            return null;
        }
        dev.vigil.vm.QueryConfig client = f.client(() -> {
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
