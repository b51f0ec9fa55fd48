package dev.vigil.config;

import dev.vigil.models.ModelConfigException;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.ModelDescriptor;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.config.ConfigKey.Section;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates the {@code models} section: each alias's class, its attachment to queries and schedulers
 * (vmanomaly docs, Models, v1.29: omitted = all with a warning, {@code all}, {@code null} or {@code []}
 * = none), and its arguments, by building one {@link ModelSpec} per attached query with that query's
 * policies, {@code data_range} and {@code tz} applied. A model argument the model refuses is reported
 * at its own line (or at the query's, for a query-level policy), found through
 * {@link ModelConfigException#argument()}. Not thread-safe: one instance per validation.
 */
final class ModelsSection {

    private final Diagnostics diag;
    private final ModelRegistry registry;
    private final ReaderSection.Result reader;
    private final Set<String> schedulerAliases;
    private final Settings settings;

    /**
     * @param reader the reader's queries ({@code null} when the reader is unusable)
     * @param schedulerAliases every alias of section {@code schedulers}, valid or not
     */
    ModelsSection(Diagnostics diag, ModelRegistry registry, ReaderSection.Result reader, Set<String> schedulerAliases,
                  Settings settings) {
        this.diag = diag;
        this.registry = registry;
        this.reader = reader;
        this.schedulerAliases = schedulerAliases;
        this.settings = settings;
    }

    /** The attached, valid models of the section at {@code node} (present), by alias. */
    Map<String, ModelConfig> validate(Node node) {
        Fields all = Fields.of(diag, "models", node, null);
        return all == null ? Map.of() : all.entries("model", Section.MODELS, this::model);
    }

    private ModelConfig model(String alias, Fields f) {
        Node cn = f.get("class");
        if (cn == null || cn.isNull()) {
            f.error("class", "is required; known models: " + String.join(", ", registry.aliases()));
            return null;
        }
        String cls;
        try {
            cls = registry.canonicalAlias(String.valueOf(cn.value()));
            registry.notice(String.valueOf(cn.value())).ifPresent(n -> diag.warn("model '" + alias + "': " + n));
        } catch (ModelConfigException e) {
            f.error("class", e.getMessage());
            return null;
        }
        Set<String> queryAliases = reader == null ? Set.of() : reader.queries().keySet();
        List<String> qs = attach(f, "queries", queryAliases, "reader.queries");
        List<String> ss = attach(f, "schedulers", schedulerAliases, "schedulers");
        if (qs == null || ss == null) {
            return null;
        }
        if (qs.isEmpty() || ss.isEmpty()) {
            diag.warn("model '" + alias + "' is attached to no " + (qs.isEmpty() ? "query" : "scheduler")
                    + "; it is dropped");
            return null;
        }
        Map<String, Object> args = new LinkedHashMap<>();
        Set<String> runnerKeys = ConfigKeys.runnerModelKeys();
        f.map().forEach((k, v) -> {
            if (!runnerKeys.contains(k)) {
                args.put(k, v.plain());
            }
        });
        if (args.containsKey("data_range")) {
            diag.warn("model '" + alias + "': data_range on the model is deprecated; set it on the query");
        }
        if (args.containsKey("groupby") && !groupby(f, cls, args.get("groupby"))) {
            return null;
        }
        Map<String, ModelSpec> specs = new LinkedHashMap<>();
        for (String q : qs) {
            ModelSpec spec = spec(f, cls, args, q);
            if (spec == null) {
                return null;
            }
            specs.put(q, spec);
        }
        return new ModelConfig(alias, cls, Collections.unmodifiableMap(args), qs, ss, Collections.unmodifiableMap(specs));
    }

    /** The runner's key of multivariate and peer models: it forms the groups, the model never sees it. */
    private static final Set<String> GROUPBY = Set.of("groupby");

    /**
     * Checks {@code groupby}: a list of label names, on a multivariate or peer model only (vmanomaly
     * docs, "Models", groupby, v1.16.0); {@code false} after recording the error.
     */
    private boolean groupby(Fields f, String cls, Object value) {
        ModelDescriptor.Topology topology = registry.descriptor(cls).topology();
        if (topology == ModelDescriptor.Topology.UNIVARIATE) {
            f.error("groupby", "applies to multivariate and peer models only; model '" + cls
                    + "' fits one model per series already");
            return false;
        }
        if (!(value instanceof List<?> names) || names.stream().anyMatch(n -> !(n instanceof String s) || s.isBlank())) {
            f.error("groupby", "must be a list of label names, e.g. [host], got " + value);
            return false;
        }
        return true;
    }

    /** The model's spec for query {@code q}, or {@code null} after recording the argument at fault. */
    private ModelSpec spec(Fields f, String cls, Map<String, Object> args, String q) {
        QueryConfig qc = reader == null || reader.config() == null ? null : reader.config().queries().get(q);
        dev.vigil.vm.QueryConfig vq = qc == null ? null : qc.client();
        Map<String, Object> a = new LinkedHashMap<>(args);
        if (qc != null) {
            if (!a.containsKey("data_range")) {
                a.put("data_range", List.of(vq.dataRange().low(), vq.dataRange().high()));
            }
            a.putAll(qc.policies());
        }
        a.putIfAbsent("anomaly_score_outside_data_range", settings.anomalyScoreOutsideDataRange());
        try {
            ModelSpec spec = registry.create(cls, a, GROUPBY);
            if (qc != null && !args.containsKey("tz") && spec.resolvedArgs().containsKey("tz")
                    && !vq.tz().getId().equals(String.valueOf(spec.resolvedArgs().get("tz")))) {
                // vmanomaly: a model that takes a zone (prophet's tz_aware) gets the reader query's
                // tz (per query, else the reader's) unless the model sets its own.
                a.put("tz", vq.tz().getId());
                spec = registry.create(cls, a, GROUPBY);
            }
            return spec;
        } catch (ModelConfigException e) {
            String arg = e.argument();
            Fields query = reader == null ? null : reader.queries().get(q);
            if (arg != null && qc != null && qc.policies().containsKey(arg) && query != null) {
                query.error(arg, query.map().get(arg), e.getMessage());
            } else if (arg != null && f.map().containsKey(arg)) {
                f.error(arg, f.map().get(arg), e.getMessage());
            } else {
                diag.error(f.path(), f.node(), e.getMessage());
            }
            return null;
        }
    }

    /**
     * {@code queries}/{@code schedulers} of a model: omitted = all (a warning), {@code all} = all,
     * {@code null} or {@code []} = none, else a list of known aliases; {@code null} after an error.
     */
    private List<String> attach(Fields f, String key, Set<String> known, String where) {
        if (!f.contains(key)) {
            diag.warn(f.path() + " has no '" + key + "': attached to all " + key + " (write '" + key
                    + ": all' to say so explicitly)");
            return List.copyOf(known);
        }
        Node n = f.get(key);
        if (n.isNull()) {
            return List.of();
        }
        if ("all".equals(n.value())) {
            return List.copyOf(known);
        }
        List<String> names = new ArrayList<>();
        if (n.isList()) {
            n.list().forEach(x -> names.add(String.valueOf(x.value())));
        } else if (n.value() instanceof String) {
            names.add((String) n.value());
        } else {
            f.error(key, "must be a list of aliases of " + where + ", 'all', or [] / null");
            return null;
        }
        boolean ok = true;
        for (String a : names) {
            if (!known.contains(a)) {
                f.error(key, "unknown alias \"" + a + "\"" + Fields.didYouMean(a, known) + "; defined in " + where
                        + ": " + String.join(", ", known));
                ok = false;
            }
        }
        return ok ? List.copyOf(names) : null;
    }
}
