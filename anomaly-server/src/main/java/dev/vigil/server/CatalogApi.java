package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.config.ConfigError;
import dev.vigil.config.ConfigException;
import dev.vigil.config.ModelConfig;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.config.ServerConfig;
import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.ModelDescriptor;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.registry.DescriptorJson;
import dev.vigil.models.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The read-only endpoints about models and configurations: the model list and schemas, model and
 * configuration validation, build info, and the queries and models of the running configuration.
 * Stateless apart from its context; thread-safe.
 */
final class CatalogApi {

    private final ServerContext ctx;
    /** The {@code server} section in force (a hot reload may change it). */
    private final Supplier<ServerConfig> settings;

    CatalogApi(ServerContext ctx, Supplier<ServerConfig> settings) {
        this.ctx = ctx;
        this.settings = settings;
    }

    void register(Router r) {
        r.add("GET", "/api/v1/server/buildinfo", this::buildinfo)
                .add("GET", "/api/v1/models", this::models)
                .add("GET", "/api/v1/model/schema", this::schema)
                .add("POST", "/api/v1/model/validate", this::validateModel)
                .add("POST", "/api/v1/config/validate", this::validateConfig)
                .add("GET", "/api/v1/server/queries", this::queries)
                .add("GET", "/api/v1/server/models", this::serverModels);
    }

    private void buildinfo(Exchange ex) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "vigil");
        m.put("version", ctx.version());
        m.put("java_version", System.getProperty("java.version"));
        ServerConfig c = settings.get();
        m.put("path_prefix", c.pathPrefix());
        m.put("max_concurrent_tasks", c.maxConcurrentTasks());
        m.put("ui_default_state", c.uiDefaultState());
        m.put("ui_allowed_models", c.uiAllowedModels());
        ex.json(200, m);
    }

    private void models(Exchange ex) {
        ex.json(200, ctx.registry().descriptors().stream().map(DescriptorJson::of).toList());
    }

    /** A JSON schema of the model's arguments, with the registry's descriptor beside it. */
    private void schema(Exchange ex) {
        String name = ex.required("model_class");
        ModelDescriptor d;
        try {
            d = ctx.registry().descriptor(name);
        } catch (ModelConfigException e) {
            throw ApiException.notFound("model_class", e.getMessage());
        }
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        props.put("class", Map.of("type", "string", "const", d.alias()));
        Set<String> shared = new java.util.HashSet<>();
        ArgDescriptor.common().forEach(a -> shared.add(a.name()));
        ArgDescriptor.online().forEach(a -> shared.add(a.name()));
        for (ArgDescriptor a : d.args()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("type", jsonType(a.type()));
            p.put("x-vigil-type", a.type().jsonName());
            if (a.defaultValue() != null) {
                p.put("default", DescriptorJson.value(a.defaultValue()));
            }
            p.put("description", a.doc());
            if (shared.contains(a.name())) {
                p.put("x-vigil-group", "common"); // the score pipeline's and online arguments every model shares
            }
            props.put(a.name(), p);
            if (a.required()) {
                required.add(a.name());
            }
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("title", d.alias());
        s.put("type", "object");
        s.put("properties", props);
        s.put("required", required);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_class", d.alias());
        out.put("class", d.classPath());
        out.put("schema", s);
        out.put("descriptor", DescriptorJson.of(d));
        ex.json(200, out);
    }

    private static Object jsonType(ArgDescriptor.Type t) {
        return switch (t) {
            case NUMBER -> List.of("number", "string");
            case INTEGER -> "integer";
            case INTEGER_OR_AUTO -> List.of("integer", "string");
            case BOOLEAN -> "boolean";
            case STRING, DURATION, DURATION_OR_AUTO -> "string";
            case NUMBER_OR_PAIR -> List.of("number", "array");
            case NUMBER_LIST, STRING_LIST, MAP_LIST -> "array";
            case MAP -> "object";
        };
    }

    /** 201 with the resolved arguments, or 422 naming the argument at fault. */
    private void validateModel(Exchange ex) {
        JsonNode body = ex.jsonBody();
        JsonNode spec = body.has("model_spec") && body.get("model_spec").isObject() ? body.get("model_spec") : body;
        ModelSpec m = model(ctx.registry(), spec, body == spec ? "" : "model_spec.");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("valid", true);
        out.put("class", m.alias());
        out.put("args", m.resolvedArgs());
        ex.json(201, jsonSafe(out));
    }

    /**
     * The model of a JSON model configuration ({@code {"class": "zscore_online", "z_threshold": 3}}).
     *
     * @param path prefix of the field names in errors ({@code model_spec.})
     * @throws ApiException 422 naming the class or the argument at fault
     */
    static ModelSpec model(ModelRegistry registry, JsonNode spec, String path) {
        JsonNode cls = spec.get("class");
        if (cls == null || !cls.isTextual() || cls.asText().isBlank()) {
            throw ApiException.invalid(path + "class", "'" + path + "class' is required: a model alias such as"
                    + " zscore_online (GET /api/v1/models lists them)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> args = Exchange.JSON.convertValue(spec, Map.class);
        try {
            return registry.create(cls.asText(), args, Set.of("class", "queries", "schedulers", "provide_series"));
        } catch (ModelConfigException e) {
            String field = e.argument() == null ? path + "class" : path + e.argument();
            throw ApiException.invalid(field, e.getMessage());
        }
    }

    /** 200 with the resolved configuration, or 422 with every error (path, line, message) as {@code --dryRun}. */
    private void validateConfig(Exchange ex) {
        String yaml = ex.body();
        if (yaml.isBlank()) {
            throw ApiException.badRequest("body", "the body must be a YAML configuration, got nothing");
        }
        try {
            // No environment: placeholders of a posted config must not reveal the server's variables.
            RunnerConfig c = RunnerConfigs.parse(yaml, "body", Map.of(), ctx.registry());
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("valid", true);
            out.put("warnings", c.warnings());
            out.put("resolved", RunnerConfigs.toYaml(c));
            ex.json(200, out);
        } catch (ConfigException e) {
            List<Map<String, Object>> errors = new ArrayList<>();
            for (ConfigError err : e.errors()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("path", err.path());
                m.put("where", err.where());
                m.put("message", err.message());
                errors.add(m);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("valid", false);
            out.put("detail", e.getMessage());
            out.put("field", e.errors().get(0).path().isEmpty() ? "body" : e.errors().get(0).path());
            out.put("errors", errors);
            ex.json(422, out);
        }
    }

    private RunnerConfig running() {
        RunnerConfig c = ctx.running().get();
        if (c == null) {
            throw ApiException.notFound("config", "the server runs without a production configuration");
        }
        return c;
    }

    private void queries(Exchange ex) {
        List<Map<String, Object>> out = new ArrayList<>();
        running().reader().queries().forEach((alias, q) -> out.add(query(alias, q)));
        ex.json(200, out);
    }

    private static Map<String, Object> query(String alias, QueryConfig q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alias", alias);
        m.put("expr", q.client().expr());
        m.put("step", q.client().step() == null ? null : dev.vigil.core.time.Durations.format(q.client().step()));
        m.put("tenant_id", q.client().tenant() == null ? null : q.client().tenant().value());
        m.put("policies", q.policies());
        return m;
    }

    /** The models of the running configuration, filtered by {@code ui_allowed_models}. */
    private void serverModels(Exchange ex) {
        List<String> allowed = settings.get().uiAllowedModels();
        List<Map<String, Object>> out = new ArrayList<>();
        for (ModelConfig m : running().models().values()) {
            if (allowed != null && !allowed.contains(m.alias())) {
                continue;
            }
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("alias", m.alias());
            x.put("class", m.modelClass());
            x.put("args", m.args());
            x.put("queries", m.queries());
            x.put("schedulers", m.schedulers());
            out.add(x);
        }
        ex.json(200, jsonSafe(out));
    }

    /** Replaces infinities (not JSON) by {@code "inf"}/{@code "-inf"}, as the argument parser reads them. */
    @SuppressWarnings("unchecked")
    static Object jsonSafe(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> out.put(k, jsonSafe(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(CatalogApi::jsonSafe).toList();
        }
        return DescriptorJson.value(v);
    }
}
