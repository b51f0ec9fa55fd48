package dev.vigil.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.config.ConfigException;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.core.time.Durations;
import dev.vigil.vm.UrlCredentials;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/vmanomaly/config.yaml}: the runner configuration that runs a task's query and model on
 * schedule (checked by the configuration loader before it is served, so {@code --dryRun} accepts it),
 * and {@code /api/vmanomaly/example-alert-rule.yaml}: a vmalert rule on the {@code anomaly_score} it
 * writes. Parameters are a task's ({@code task_id}) or given one by one. Thread-safe.
 */
final class Templates {

    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();

    private final ServerContext ctx;
    private final TaskManager tasks;

    Templates(ServerContext ctx, TaskManager tasks) {
        this.ctx = ctx;
        this.tasks = tasks;
    }

    void register(Router r) {
        r.add("GET", "/api/vmanomaly/config.yaml", this::config)
                .add("GET", "/api/vmanomaly/example-alert-rule.yaml", this::alertRule);
    }

    /** The task of {@code task_id}, or one made of the query parameters. */
    private TaskRequest request(Exchange ex) {
        String id = ex.param("task_id");
        if (id != null) {
            return tasks.request(id);
        }
        ObjectNode body = Exchange.JSON.createObjectNode();
        for (String k : new String[] {"query", "step", "datasource_url", "tenant_id", "fit_window", "fit_every",
            "infer_every"}) {
            String v = ex.param(k);
            if (v != null) {
                body.put(k, v);
            }
        }
        if (body.get("query") == null) {
            throw ApiException.badRequest("query", "query parameter 'query' (or 'task_id') is required");
        }
        String spec = ex.param("model_spec");
        if (spec != null) {
            try {
                body.set("model_spec", Exchange.JSON.readTree(spec));
            } catch (JsonProcessingException e) {
                throw ApiException.badRequest("model_spec", "'model_spec' must be a JSON object, e.g."
                        + " {\"class\":\"zscore_online\"}: " + e.getOriginalMessage());
            }
        } else {
            body.set("model_spec", Exchange.JSON.createObjectNode().put("class", ex.param("model_class") == null
                    ? "zscore_online" : ex.param("model_class")));
        }
        body.put("start_infer_s", 1);
        body.put("end_infer_s", 2);
        return TaskRequest.parse(body, ctx.registry(), ctx.clock());
    }

    private void config(Exchange ex) throws JsonProcessingException {
        TaskRequest t = request(ex);
        String url = t.datasourceUrl();
        if (url == null) {
            // The reader's URL (credentials in it masked) when the task used the reader's datasource.
            var running = ctx.running().get();
            url = running == null || running.reader().datasourceUrl() == null ? "http://localhost:8428"
                    : UrlCredentials.removed(running.reader().datasourceUrl());
        }
        Duration infer = t.inferEvery() == null ? t.step() : t.inferEvery();
        Map<String, Object> sched = new LinkedHashMap<>();
        sched.put("class", "periodic");
        sched.put("infer_every", Durations.format(infer));
        sched.put("fit_every", Durations.format(t.fitEvery() == null ? t.fitWindow() : t.fitEvery()));
        sched.put("fit_window", Durations.format(t.fitWindow()));
        Map<String, Object> model = new LinkedHashMap<>(t.modelJson());
        model.put("queries", List.of("query"));
        model.put("schedulers", List.of("periodic"));
        Map<String, Object> reader = new LinkedHashMap<>();
        reader.put("class", "vm");
        reader.put("datasource_url", url);
        if (t.tenantId() != null) {
            reader.put("tenant_id", t.tenantId());
        }
        reader.put("sampling_period", Durations.format(t.step()));
        reader.put("queries", Map.of("query", Map.of("expr", t.query())));
        Map<String, Object> writer = new LinkedHashMap<>();
        writer.put("class", "vm");
        writer.put("datasource_url", url);
        if (t.tenantId() != null) {
            writer.put("tenant_id", t.tenantId());
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("schedulers", Map.of("periodic", sched));
        doc.put("models", Map.of("model", model));
        doc.put("reader", reader);
        doc.put("writer", writer);
        String yaml = YAML.writeValueAsString(CatalogApi.jsonSafe(doc));
        try {
            RunnerConfigs.parse(yaml, "config.yaml", Map.of(), ctx.registry());
        } catch (ConfigException e) {
            throw ApiException.invalid("model_spec", "the task does not make a valid configuration: " + e.getMessage());
        }
        ex.text(200, "application/yaml", "# vigil runner configuration; check it with: vigil --dryRun config.yaml\n"
                + yaml);
    }

    private void alertRule(Exchange ex) throws JsonProcessingException {
        TaskRequest t = request(ex);
        double threshold = 1.0;
        String th = ex.param("threshold");
        if (th != null) {
            try {
                threshold = Double.parseDouble(th);
            } catch (NumberFormatException e) {
                throw ApiException.invalid("threshold", "'threshold' must be a number, got \"" + th + "\"");
            }
        }
        String forText = ex.param("for");
        Duration forDuration = forText == null ? t.step().multipliedBy(2) : TaskRequest.duration(
                (JsonNode) Exchange.JSON.createObjectNode().put("for", forText), "for", null);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("alert", "AnomalyScoreHigh");
        rule.put("expr", "anomaly_score{for=\"query\"} > " + format(threshold));
        rule.put("for", Durations.format(forDuration));
        rule.put("labels", Map.of("severity", "warning"));
        Map<String, Object> ann = new LinkedHashMap<>();
        ann.put("summary", "Anomaly in {{ $labels.for }}: anomaly_score {{ $value | printf \"%.2f\" }} > "
                + format(threshold));
        ann.put("description", "The model found values of `" + t.query() + "` outside its expected range"
                + " (anomaly_score above " + format(threshold) + ") for " + Durations.format(forDuration) + ".");
        rule.put("annotations", ann);
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("name", "vigil-anomalies");
        group.put("rules", List.of(rule));
        ex.text(200, "application/yaml", "# vmalert rules on the anomaly_score the config.yaml of this task writes\n"
                + YAML.writeValueAsString(Map.of("groups", List.of(group))));
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
