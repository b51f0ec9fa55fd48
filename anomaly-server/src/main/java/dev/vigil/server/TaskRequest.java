package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.core.time.Durations;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.registry.ModelRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * A detection task as posted to {@code /api/v1/anomaly_detection/tasks}, validated: read {@code query}
 * at {@code step} from {@code datasource_url} over {@code [start_infer_s - fit_window, end_infer_s]},
 * fit the model of {@code model_spec} on the points before {@code start_infer_s} and score the points
 * from it on, refitting every {@code fit_every} on the trailing {@code fit_window} when set.
 * Immutable and thread-safe.
 *
 * @param query the MetricsQL/PromQL expression
 * @param step the resolution, also the reader's sampling period
 * @param datasourceUrl the datasource, or {@code null} for the running reader's
 * @param tenantId the tenant, or {@code null}
 * @param fitWindow how much history before the inference window the model learns from
 * @param fitEvery the refit period, or {@code null} to fit once
 * @param inferEvery the inference period of the equivalent scheduler ({@code null}: {@code step}); used by
 *     the exported {@code config.yaml}, while the task itself scores every point of the window
 * @param startInfer the first scored instant
 * @param endInfer the last scored instant
 * @param modelJson {@code model_spec} as posted, e.g. {@code {"class": "zscore_online", "z_threshold": 3}}
 * @param model the model it makes
 * @param exact {@code exact: true}: online models learn every point of the inference window after scoring
 *     it, so each point is scored by the model state a running periodic scheduler would have at its time;
 *     {@code false} (vmanomaly's default): the faster approximation, each refit period scored by the model
 *     as fitted on the {@code fit_window} before it (no learning within the period)
 */
record TaskRequest(String query, Duration step, String datasourceUrl, String tenantId, Duration fitWindow,
                   Duration fitEvery, Duration inferEvery, Instant startInfer, Instant endInfer,
                   Map<String, Object> modelJson, ModelSpec model, boolean exact) {

    /** Keys a task may carry; any other is refused so a typo is not silently ignored. */
    static final Set<String> KEYS = Set.of("query", "step", "datasource_url", "tenant_id", "fit_window", "fit_every",
            "infer_every", "start_infer_s", "end_infer_s", "model_spec", "exact", "datasource_type");

    /** The most points a task reads per series (fit window and inference window). */
    static final long MAX_POINTS = 1_000_000;

    /**
     * Validates a posted task.
     *
     * @throws ApiException 422 naming the field at fault
     */
    @SuppressWarnings("unchecked")
    static TaskRequest parse(JsonNode body, ModelRegistry registry, Clock clock) {
        body.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw ApiException.invalid(k, "unknown field '" + k + "'; known: " + String.join(", ",
                        new java.util.TreeSet<>(KEYS)));
            }
        });
        String type = text(body, "datasource_type");
        if (type != null && !type.equals("vm")) {
            throw ApiException.invalid("datasource_type", "only 'vm' is supported, got \"" + type + "\"");
        }
        String query = text(body, "query");
        if (query == null || query.isBlank()) {
            throw ApiException.invalid("query", "'query' is required: a MetricsQL expression");
        }
        Duration step = duration(body, "step", Duration.ofMinutes(1));
        Duration fitWindow = duration(body, "fit_window", Duration.ofDays(1));
        Duration fitEvery = duration(body, "fit_every", null);
        Duration inferEvery = duration(body, "infer_every", null);
        Instant end = instant(body, "end_infer_s", clock.instant());
        Instant start = instant(body, "start_infer_s", end.minus(step.multipliedBy(60)));
        if (!start.isBefore(end)) {
            throw ApiException.invalid("start_infer_s", "'start_infer_s' (" + start + ") must be before 'end_infer_s' ("
                    + end + ")");
        }
        long points = Duration.between(start.minus(fitWindow), end).toMillis() / step.toMillis();
        if (points > MAX_POINTS) {
            throw ApiException.invalid("step", "the task would read " + points + " points per series (fit_window plus"
                    + " the inference window at this step); at most " + MAX_POINTS + ": use a larger step");
        }
        JsonNode spec = body.get("model_spec");
        if (spec == null || !spec.isObject()) {
            throw ApiException.invalid("model_spec", "'model_spec' is required: an object such as {\"class\":"
                    + " \"zscore_online\", \"z_threshold\": 3}");
        }
        ModelSpec model = CatalogApi.model(registry, spec, "model_spec.");
        JsonNode exact = body.get("exact");
        if (exact != null && !exact.isBoolean() && !exact.isNull()) {
            throw ApiException.invalid("exact", "'exact' must be true or false, got " + exact);
        }
        return new TaskRequest(query.trim(), step, text(body, "datasource_url"), text(body, "tenant_id"), fitWindow,
                fitEvery, inferEvery, start, end, Exchange.JSON.convertValue(spec, Map.class), model,
                exact != null && exact.asBoolean());
    }

    /** The request as JSON fields, as posted. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("query", query);
        m.put("step", Durations.format(step));
        m.put("datasource_url", datasourceUrl);
        m.put("tenant_id", tenantId);
        m.put("fit_window", Durations.format(fitWindow));
        m.put("fit_every", fitEvery == null ? null : Durations.format(fitEvery));
        m.put("infer_every", inferEvery == null ? null : Durations.format(inferEvery));
        m.put("start_infer_s", startInfer.toEpochMilli() / 1000.0);
        m.put("end_infer_s", endInfer.toEpochMilli() / 1000.0);
        m.put("model_spec", modelJson);
        m.put("exact", exact);
        return m;
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isValueNode()) {
            throw ApiException.invalid(field, "'" + field + "' must be a single value, got " + n);
        }
        String s = n.asText().trim();
        return s.isEmpty() ? null : s;
    }

    /** A positive duration ({@code 1m}, {@code 1h30m}, {@code PT1H}; a bare number is seconds). */
    static Duration duration(JsonNode body, String field, Duration def) {
        String s = text(body, field);
        if (s == null) {
            return def;
        }
        Duration d;
        try {
            d = s.matches("\\d+(\\.\\d+)?") ? Duration.ofMillis((long) (Double.parseDouble(s) * 1000)) : Durations.parse(s);
        } catch (RuntimeException e) {
            throw ApiException.invalid(field, "'" + field + "' is not a duration (e.g. 1m, 1h30m, 7d): \"" + s + "\"");
        }
        if (d.toMillis() < 1000) {
            throw ApiException.invalid(field, "'" + field + "' must be at least 1s, got \"" + s + "\"");
        }
        return d;
    }

    private static Instant instant(JsonNode body, String field, Instant def) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return def;
        }
        double s;
        if (n.isNumber()) {
            s = n.asDouble();
        } else {
            try {
                s = Double.parseDouble(n.asText().trim());
            } catch (NumberFormatException e) {
                throw ApiException.invalid(field, "'" + field + "' must be a Unix time in seconds, got " + n);
            }
        }
        if (!Double.isFinite(s) || s < 0 || s > 32_503_680_000d) {
            throw ApiException.invalid(field, "'" + field + "' must be a Unix time in seconds between 0 and year"
                    + " 3000, got " + n);
        }
        return Instant.ofEpochMilli((long) (s * 1000));
    }
}
