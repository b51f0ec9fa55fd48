package dev.vigil.runner.config;

import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the merged YAML tree into a {@link RunnerConfig}, collecting every error (with YAML path and
 * line) instead of stopping at the first. Not thread-safe; one instance per validation.
 */
final class Validator {

    static final Map<String, String> SCHEDULER_CLASSES = Map.of(
            "periodic", "periodic", "scheduler.periodic.PeriodicScheduler", "periodic",
            "oneoff", "oneoff", "scheduler.oneoff.OneoffScheduler", "oneoff",
            "backtesting", "backtesting", "scheduler.backtesting.BacktestingScheduler", "backtesting");
    static final Map<String, String> READER_CLASSES = Map.of(
            "vm", "vm", "reader.vm.VmReader", "vm", "file", "file", "reader.file.FileReader", "file",
            "vlogs", "vlogs", "reader.vlogs.VLogsReader", "vlogs");
    static final Map<String, String> WRITER_CLASSES = Map.of(
            "vm", "vm", "writer.vm.VmWriter", "vm", "file", "file", "writer.file.FileWriter", "file");

    private static final Set<String> TOP = Set.of("schedulers", "models", "reader", "writer", "monitoring",
            "settings", "server", "preset", "model", "scheduler");
    private static final Set<String> AUTH = Set.of("user", "password", "bearer_token", "bearer_token_file",
            "verify_tls", "tls_cert_file", "tls_key_file");
    private static final Set<String> READER_KEYS = union(AUTH, Set.of("class", "datasource_url", "tenant_id",
            "sampling_period", "queries", "query_range_path", "health_path", "timeout", "fetch_timeout",
            "processing_timeout", "extra_filters", "query_from_last_seen_timestamp", "query_last_seen_max_lookback",
            "latency_offset", "max_points_per_query", "tz", "data_range", "offset", "series_processing_batch_size",
            "workers", "path"));
    private static final Set<String> QUERY_KEYS = Set.of("expr", "step", "data_range", "max_points_per_query", "tz",
            "tenant_id", "offset", "detection_direction", "min_dev_from_expected", "min_rel_dev_from_expected");
    private static final Set<String> WRITER_KEYS = union(AUTH, Set.of("class", "datasource_url", "tenant_id",
            "metric_format", "import_json_path", "health_path", "timeout", "connection_retry_attempts",
            "batch_max_series", "batch_max_bytes", "metric_prefix_cache_max_entries", "path", "report"));
    private static final Set<String> PERIODIC_KEYS = Set.of("class", "infer_every", "fit_every", "fit_window",
            "start_from", "tz", "scatter_infer_jobs");
    private static final Set<String> ONEOFF_KEYS = Set.of("class", "fit_start_iso", "fit_start_s", "fit_end_iso",
            "fit_end_s", "infer_start_iso", "infer_start_s", "infer_end_iso", "infer_end_s");
    private static final Set<String> BACKTESTING_KEYS = Set.of("class", "from", "from_iso", "from_s", "to", "to_iso",
            "to_s", "fit_window", "fit_every", "n_jobs", "inference_only", "exact", "infer_every");
    /** The model section's own keys (class and attachment); every other key is a model argument. */
    private static final Set<String> RUNNER_KEYS = Set.of("class", "queries", "schedulers");
    private static final Set<String> SETTINGS_KEYS = Set.of("n_workers", "native_threads_per_worker", "restore_state",
            "anomaly_score_outside_data_range", "retention", "logger_levels");
    private static final Set<String> MONITORING_KEYS = Set.of("pull", "push");
    private static final Set<String> PULL_KEYS = Set.of("addr", "port");
    private static final Set<String> PUSH_KEYS = union(AUTH, Set.of("url", "tenant_id", "timeout", "push_frequency",
            "extra_labels", "health_path"));
    private static final Set<String> LEVELS = Set.of("debug", "info", "warning", "warn", "error", "critical", "fatal");
    private static final Set<String> POLICY_KEYS = Set.of("detection_direction", "min_dev_from_expected",
            "min_rel_dev_from_expected", "data_range");
    private static final Pattern ARG = Pattern.compile("argument '([^']+)'");

    /**
     * The keys each section accepts (effective, accepted without effect, or refused with a "not
     * supported yet" error), by the section names of docs/configuration.md: {@code top},
     * {@code schedulers.periodic}, {@code schedulers.oneoff}, {@code schedulers.backtesting},
     * {@code models} (the runner's own keys; every other model key is a model argument),
     * {@code reader}, {@code reader.queries}, {@code writer}, {@code monitoring},
     * {@code monitoring.pull}, {@code monitoring.push}, {@code settings}.
     */
    static Map<String, Set<String>> knownKeys() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("top", TOP);
        m.put("schedulers.periodic", PERIODIC_KEYS);
        m.put("schedulers.oneoff", ONEOFF_KEYS);
        m.put("schedulers.backtesting", BACKTESTING_KEYS);
        m.put("models", union(RUNNER_KEYS, Set.of("provide_series")));
        m.put("reader", READER_KEYS);
        m.put("reader.queries", QUERY_KEYS);
        m.put("writer", WRITER_KEYS);
        m.put("monitoring", MONITORING_KEYS);
        m.put("monitoring.pull", PULL_KEYS);
        m.put("monitoring.push", PUSH_KEYS);
        m.put("settings", SETTINGS_KEYS);
        return Collections.unmodifiableMap(m);
    }

    private final ModelRegistry registry;
    private final List<ConfigError> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final String rootFile;

    Validator(ModelRegistry registry, String rootFile) {
        this.registry = registry;
        this.rootFile = rootFile;
    }

    List<ConfigError> errors() {
        return errors;
    }

    RunnerConfig validate(Node root) {
        if (root == null || !root.isMap()) {
            err("", root, "the configuration is empty: it needs at least the sections schedulers, models, reader"
                    + " and writer");
            return null;
        }
        Map<String, Node> top = new LinkedHashMap<>(root.map());
        keys(top, "", root, TOP);
        Node preset = top.get("preset");
        if (preset != null && !(preset.isNull() || "".equals(preset.value()))) {
            err("preset", preset, "presets are not supported yet; write the schedulers, models, reader and writer"
                    + " sections explicitly");
        }
        Node server = top.get("server");
        if (server != null) {
            err("server", server, "the 'server' section (REST API and UI) is not supported yet; use monitoring.pull"
                    + " for /metrics and /health");
        }
        legacy(top, "model", "models", "default_model");
        legacy(top, "scheduler", "schedulers", "default_scheduler");

        Settings settings = settings(top.get("settings"));
        final ReaderConfig reader0 = reader(required(top, "reader", root));
        WriterConfig writer = writer(required(top, "writer", root));
        Map<String, SchedulerConfig> schedulers = new LinkedHashMap<>();
        Node sNode = required(top, "schedulers", root);
        if (sNode != null && mapOf(sNode, "schedulers")) {
            if (sNode.map().isEmpty()) {
                err("schedulers", sNode, "needs at least one scheduler");
            }
            sNode.map().forEach((alias, n) -> {
                SchedulerConfig s = scheduler(alias, n);
                if (s != null) {
                    schedulers.put(alias, s);
                }
            });
        }
        Map<String, ModelConfig> models = new LinkedHashMap<>();
        Node mNode = required(top, "models", root);
        Map<String, QueryConfig> queries = reader0 == null ? Map.of() : reader0.queries();
        if (mNode != null && mapOf(mNode, "models")) {
            if (mNode.map().isEmpty()) {
                err("models", mNode, "needs at least one model");
            }
            Set<String> schedulerAliases = sNode != null && sNode.isMap() ? sNode.map().keySet() : Set.of();
            Set<String> queryAliases = queries.keySet();
            mNode.map().forEach((alias, n) -> {
                ModelConfig m = model(alias, n, queryAliases, schedulerAliases, queries, settings);
                if (m != null) {
                    models.put(alias, m);
                }
            });
        }
        MonitoringConfig monitoring = monitoring(top.get("monitoring"));
        if (!errors.isEmpty()) {
            return null;
        }
        // Orphans (spec 1.5): schedulers without models are not started, queries without models not read.
        Set<String> usedSchedulers = new LinkedHashSet<>();
        Set<String> usedQueries = new LinkedHashSet<>();
        models.values().forEach(m -> {
            usedSchedulers.addAll(m.schedulers());
            usedQueries.addAll(m.queries());
        });
        schedulers.keySet().removeIf(a -> {
            boolean orphan = !usedSchedulers.contains(a);
            if (orphan) {
                warnings.add("scheduler '" + a + "' is attached to no model; it will not run");
            }
            return orphan;
        });
        Map<String, QueryConfig> liveQueries = new LinkedHashMap<>();
        queries.forEach((a, q) -> {
            if (usedQueries.contains(a)) {
                liveQueries.put(a, q);
            } else {
                warnings.add("query '" + a + "' is used by no model; it will not be read");
            }
        });
        if (models.isEmpty()) {
            err("models", mNode, "every model is unattached (queries or schedulers set to [] or null): nothing to run");
            return null;
        }
        ReaderConfig r0 = reader0;
        ReaderConfig reader = new ReaderConfig(r0.kind(), r0.datasourceUrl(), r0.tenantId(), r0.samplingPeriod(),
                Collections.unmodifiableMap(liveQueries), r0.queryRangePath(), r0.auth(), r0.timeout(),
                r0.extraFilters(), r0.queryFromLastSeenTimestamp(), r0.latencyOffset(), r0.path(), r0.workers(),
                r0.queryLastSeenMaxLookback(), r0.seriesProcessingBatchSize(), r0.fetchTimeout());
        RunnerConfig partial = new RunnerConfig(Collections.unmodifiableMap(schedulers),
                Collections.unmodifiableMap(models), reader, writer, monitoring, settings, List.copyOf(warnings), Map.of());
        return new RunnerConfig(partial.schedulers(), partial.models(), reader, writer, monitoring, settings,
                List.copyOf(warnings), Resolved.of(partial));
    }

    // ---- sections -------------------------------------------------------------------------------

    private void legacy(Map<String, Node> top, String single, String plural, String alias) {
        Node n = top.remove(single);
        if (n == null) {
            return;
        }
        if (top.containsKey(plural)) {
            warnings.add("both '" + single + "' and '" + plural + "' are set; the legacy '" + single + "' is ignored");
            return;
        }
        warnings.add("'" + single + "' is deprecated; it is read as " + plural + "." + alias);
        Map<String, Node> m = new LinkedHashMap<>();
        m.put(alias, n);
        top.put(plural, new Node(m, n.file(), n.line()));
    }

    private Settings settings(Node n) {
        int workers = 1;
        double outside = 1.01;
        Map<String, String> levels = new LinkedHashMap<>();
        if (n != null && mapOf(n, "settings")) {
            Map<String, Node> m = n.map();
            keys(m, "settings", n, SETTINGS_KEYS);
            if (m.containsKey("n_workers")) {
                Long w = integer(m.get("n_workers"), "settings.n_workers");
                if (w != null) {
                    if (w < -1) {
                        err("settings.n_workers", m.get("n_workers"), "must be >= -1 (0 or -1 = all cores), got " + w);
                    } else {
                        workers = w <= 0 ? Runtime.getRuntime().availableProcessors() : (int) (long) w;
                    }
                }
            }
            if (m.containsKey("anomaly_score_outside_data_range")) {
                Double d = number(m.get("anomaly_score_outside_data_range"), "settings.anomaly_score_outside_data_range");
                outside = d == null ? outside : d;
            }
            Node rs = m.get("restore_state");
            if (rs != null && Boolean.TRUE.equals(bool(rs, "settings.restore_state"))) {
                err("settings.restore_state", rs, "state restoration is not supported yet; remove it or set false");
            }
            if (m.containsKey("retention") && !m.get("retention").isNull()) {
                err("settings.retention", m.get("retention"), "retention of stale models is not supported yet");
            }
            Node ll = m.get("logger_levels");
            if (ll != null && mapOf(ll, "settings.logger_levels")) {
                ll.map().forEach((k, v) -> {
                    String lv = String.valueOf(v.value()).toLowerCase(Locale.ROOT);
                    if (!LEVELS.contains(lv)) {
                        err("settings.logger_levels." + k, v, "unknown level \"" + v.value() + "\"; use one of debug,"
                                + " info, warning, error, critical");
                    } else {
                        levels.put(k, lv);
                    }
                });
            }
        }
        return new Settings(workers, outside, Collections.unmodifiableMap(levels));
    }

    private ReaderConfig reader(Node n) {
        if (n == null || !mapOf(n, "reader")) {
            return null;
        }
        Map<String, Node> m = n.map();
        String kind = classOf(m, "reader", n, READER_CLASSES, "vm");
        if ("vlogs".equals(kind)) {
            err("reader.class", m.get("class"), "the VictoriaLogs reader is not supported yet; use vm or file");
        }
        keys(m, "reader", n, READER_KEYS);
        notSupported(m, "reader", "tenant_id", v -> "multitenant".equals(v), "tenant_id: multitenant");
        String url = str(m, "reader", "datasource_url", null);
        Path path = null;
        if ("file".equals(kind)) {
            String p = str(m, "reader", "path", null);
            if (p == null) {
                err("reader.path", n, "the file reader needs 'path' (a CSV or VictoriaMetrics JSON-lines file)");
            } else {
                path = Path.of(p);
            }
        } else if (url == null) {
            err("reader.datasource_url", n, "is required (e.g. http://localhost:8428)");
        }
        Duration sampling = dur(m, "reader", "sampling_period", null, true);
        if (sampling == null && m.get("sampling_period") == null) {
            err("reader.sampling_period", n, "is required (e.g. 1m): the step of the queries");
        }
        ZoneId tz = zone(m, "reader", "tz", ZoneId.of("UTC"));
        double[] range = range(m.get("data_range"), "reader.data_range");
        Duration offset = dur(m, "reader", "offset", Duration.ZERO, false);
        int maxPoints = (int) longOr(m, "reader", "max_points_per_query", 0L);
        Map<String, QueryConfig> queries = new LinkedHashMap<>();
        Node qn = m.get("queries");
        if (qn == null) {
            err("reader.queries", n, "is required: a mapping of query alias to {expr: ...}");
        } else if (mapOf(qn, "reader.queries")) {
            if (qn.map().isEmpty()) {
                err("reader.queries", qn, "needs at least one query");
            }
            boolean[] warned = {false};
            qn.map().forEach((alias, q) -> {
                String p = "reader.queries." + alias;
                Map<String, Node> qm;
                if (q.value() instanceof String) {
                    if (!warned[0]) {
                        warnings.add("reader.queries in the old {alias: expr} form is deprecated; use {alias: {expr: ...}}");
                        warned[0] = true;
                    }
                    qm = Map.of("expr", q);
                } else if (q.isMap()) {
                    qm = q.map();
                } else {
                    err(p, q, "must be a mapping with at least 'expr' (or, legacy, the expression itself)");
                    return;
                }
                keys(qm, p, q, QUERY_KEYS);
                String expr = str(qm, p, "expr", null);
                if (expr == null || expr.isBlank()) {
                    err(p + ".expr", q, "is required: the MetricsQL expression to read");
                }
                Duration step = dur(qm, p, "step", sampling, true);
                double[] qr = qm.containsKey("data_range") ? range(qm.get("data_range"), p + ".data_range") : range;
                Map<String, Object> policies = new LinkedHashMap<>();
                for (String k : POLICY_KEYS) {
                    if (qm.containsKey(k) && !qm.get(k).isNull()) {
                        policies.put(k, qm.get(k).plain());
                    }
                }
                queries.put(alias, new QueryConfig(alias, expr, step, qr[0], qr[1], zone(qm, p, "tz", tz),
                        dur(qm, p, "offset", offset, false), (int) longOr(qm, p, "max_points_per_query", (long) maxPoints),
                        str(qm, p, "tenant_id", str(m, "reader", "tenant_id", null)),
                        Collections.unmodifiableMap(policies)));
            });
        }
        List<String> filters = new ArrayList<>();
        Node ef = m.get("extra_filters");
        if (ef != null && !ef.isNull()) {
            if (ef.isList()) {
                ef.list().forEach(f -> filters.add(String.valueOf(f.value())));
            } else {
                filters.add(String.valueOf(ef.value()));
            }
        }
        Boolean fromLast = m.containsKey("query_from_last_seen_timestamp")
                ? bool(m.get("query_from_last_seen_timestamp"), "reader.query_from_last_seen_timestamp") : Boolean.FALSE;
        Duration lookback = dur(m, "reader", "query_last_seen_max_lookback", null, true);
        if (lookback != null && !Boolean.TRUE.equals(fromLast)) {
            warnings.add("reader.query_last_seen_max_lookback has no effect without query_from_last_seen_timestamp: true");
        }
        return new ReaderConfig(kind, url, str(m, "reader", "tenant_id", null), sampling, queries,
                str(m, "reader", "query_range_path", "/api/v1/query_range"), auth(m, "reader"),
                dur(m, "reader", "timeout", Duration.ofSeconds(30), true), List.copyOf(filters),
                Boolean.TRUE.equals(fromLast), dur(m, "reader", "latency_offset", Duration.ofMillis(1), false), path,
                (int) atLeast(m, "reader", "workers", 0L, 0), lookback,
                (int) atLeast(m, "reader", "series_processing_batch_size", (long) ReaderConfig.DEFAULT_SERIES_BATCH, 1),
                dur(m, "reader", "fetch_timeout", null, true));
    }

    private WriterConfig writer(Node n) {
        if (n == null || !mapOf(n, "writer")) {
            return null;
        }
        Map<String, Node> m = n.map();
        String kind = classOf(m, "writer", n, WRITER_CLASSES, "vm");
        keys(m, "writer", n, WRITER_KEYS);
        notSupported(m, "writer", "tenant_id", v -> "multitenant".equals(v), "tenant_id: multitenant");
        String url = str(m, "writer", "datasource_url", null);
        Path path = null;
        if ("file".equals(kind)) {
            String p = str(m, "writer", "path", null);
            if (p == null) {
                err("writer.path", n, "the file writer needs 'path' (.csv, or .jsonl for VictoriaMetrics JSON lines)");
            } else {
                path = Path.of(p);
            }
        } else if (url == null) {
            err("writer.datasource_url", n, "is required (e.g. http://localhost:8428)");
        }
        Path report = null;
        String rp = str(m, "writer", "report", null);
        if (rp != null) {
            if (!"file".equals(kind)) {
                err("writer.report", m.get("report"), "the HTML report is written by the file writer only (class: file);"
                        + " with VictoriaMetrics, plot the outputs in Grafana (deploy/docker/grafana)");
            } else if (rp.isBlank()) {
                err("writer.report", m.get("report"), "must be a file path (e.g. target/report.html)");
            } else {
                report = Path.of(rp);
                if (path != null && report.toAbsolutePath().normalize().equals(path.toAbsolutePath().normalize())) {
                    err("writer.report", m.get("report"), "must differ from writer.path (" + path + ")");
                }
            }
        }
        Map<String, String> format = new LinkedHashMap<>();
        format.put("__name__", "$VAR");
        format.put("for", "$QUERY_KEY");
        Node mf = m.get("metric_format");
        if (mf != null && mapOf(mf, "writer.metric_format")) {
            mf.map().forEach((k, v) -> format.put(k, String.valueOf(v.value())));
            if (!format.get("__name__").contains("$VAR")) {
                err("writer.metric_format.__name__", mf.map().getOrDefault("__name__", mf),
                        "must contain $VAR (the output series name), got \"" + format.get("__name__") + "\"");
            }
        }
        return new WriterConfig(kind, url, str(m, "writer", "tenant_id", null), Collections.unmodifiableMap(format),
                auth(m, "writer"), dur(m, "writer", "timeout", Duration.ofSeconds(5), true), path,
                (int) atLeast(m, "writer", "connection_retry_attempts", (long) WriterConfig.DEFAULT_RETRIES, 0),
                (int) atLeast(m, "writer", "batch_max_series", (long) WriterConfig.DEFAULT_BATCH_SERIES, 1),
                atLeast(m, "writer", "batch_max_bytes", WriterConfig.DEFAULT_BATCH_BYTES, 1), report, importPath(m));
    }

    /** {@code writer.import_json_path}: a path starting with '/', deprecated in vmanomaly (a warning). */
    private String importPath(Map<String, Node> m) {
        String v = str(m, "writer", "import_json_path", null);
        if (v == null) {
            return WriterConfig.DEFAULT_IMPORT_PATH;
        }
        if (!v.startsWith("/")) {
            err("writer.import_json_path", m.get("import_json_path"), "must start with '/', got \"" + v + "\"");
            return WriterConfig.DEFAULT_IMPORT_PATH;
        }
        warnings.add("writer.import_json_path is deprecated in vmanomaly (since v1.19.2); writing to " + v);
        return v;
    }

    /** An integer key that must be at least {@code min}; its default when absent or wrong (the error is recorded). */
    private long atLeast(Map<String, Node> m, String p, String key, long def, long min) {
        long v = longOr(m, p, key, def);
        if (v < min) {
            err(p + "." + key, m.get(key), "must be >= " + min + ", got " + v);
            return def;
        }
        return v;
    }

    private MonitoringConfig monitoring(Node n) {
        if (n == null || n.isNull() || !mapOf(n, "monitoring")) {
            return new MonitoringConfig(null, null);
        }
        Map<String, Node> m = n.map();
        keys(m, "monitoring", n, MONITORING_KEYS);
        MonitoringConfig.Pull pull = null;
        Node pn = m.get("pull");
        if (pn != null && (pn.isNull() || mapOf(pn, "monitoring.pull"))) {
            Map<String, Node> pm = pn.isNull() ? Map.of() : pn.map();
            keys(pm, "monitoring.pull", pn, PULL_KEYS);
            long port = longOr(pm, "monitoring.pull", "port", (long) MonitoringConfig.DEFAULT_PORT);
            if (port < 0 || port > 65535) {
                err("monitoring.pull.port", pm.get("port"), "must be a TCP port in [0, 65535], got " + port);
            }
            pull = new MonitoringConfig.Pull(str(pm, "monitoring.pull", "addr", "0.0.0.0"), (int) port);
        }
        MonitoringConfig.Push push = null;
        Node un = m.get("push");
        if (un != null && mapOf(un, "monitoring.push")) {
            Map<String, Node> um = un.map();
            keys(um, "monitoring.push", un, PUSH_KEYS);
            String url = str(um, "monitoring.push", "url", null);
            if (url == null) {
                err("monitoring.push.url", un, "is required (e.g. http://localhost:8428)");
            }
            Node pf = um.get("push_frequency");
            Duration freq = pf != null && "".equals(pf.value()) ? null
                    : dur(um, "monitoring.push", "push_frequency", Duration.ofMinutes(15), true);
            Map<String, String> extra = new LinkedHashMap<>();
            Node el = um.get("extra_labels");
            if (el != null && mapOf(el, "monitoring.push.extra_labels")) {
                el.map().forEach((k, v) -> extra.put(k, String.valueOf(v.value())));
            }
            push = new MonitoringConfig.Push(url, str(um, "monitoring.push", "tenant_id", null), auth(um, "monitoring.push"),
                    dur(um, "monitoring.push", "timeout", Duration.ofSeconds(5), true), freq,
                    Collections.unmodifiableMap(extra));
        }
        return new MonitoringConfig(pull, push);
    }

    private SchedulerConfig scheduler(String alias, Node n) {
        String p = "schedulers." + alias;
        if (!mapOf(n, p)) {
            return null;
        }
        Map<String, Node> m = n.map();
        String kind = classOf(m, p, n, SCHEDULER_CLASSES, "periodic");
        if (kind == null) {
            return null;
        }
        switch (kind) {
            case "periodic": {
                keys(m, p, n, PERIODIC_KEYS);
                notSupported(m, p, "scatter_infer_jobs", Boolean.TRUE::equals, "scatter_infer_jobs: true");
                Duration infer = dur(m, p, "infer_every", null, true);
                Duration fitWindow = dur(m, p, "fit_window", null, true);
                if (!m.containsKey("infer_every")) {
                    err(p + ".infer_every", n, "is required (e.g. 1m)");
                }
                if (!m.containsKey("fit_window")) {
                    err(p + ".fit_window", n, "is required (e.g. 14d)");
                }
                Duration fit = dur(m, p, "fit_every", infer, true);
                atLeastSecond(m, p, "infer_every", infer);
                atLeastSecond(m, p, "fit_window", fitWindow);
                atLeastSecond(m, p, "fit_every", fit);
                ZoneId tz = zone(m, p, "tz", ZoneId.of("UTC"));
                String start = str(m, p, "start_from", null);
                if (start != null && !start.matches("\\d{1,2}:\\d{2}")) {
                    try {
                        Durations.parseInstant(start, tz);
                    } catch (IllegalArgumentException e) {
                        err(p + ".start_from", m.get("start_from"), "must be HH:MM or an ISO-8601 time: " + e.getMessage());
                    }
                }
                return infer == null || fitWindow == null ? null
                        : new SchedulerConfig.Periodic(alias, infer, fit, fitWindow, start, tz);
            }
            case "oneoff": {
                keys(m, p, n, ONEOFF_KEYS);
                Instant fs = instant(m, p, n, "fit_start");
                Instant fe = instant(m, p, n, "fit_end");
                Instant is = instant(m, p, n, "infer_start");
                Instant ie = instant(m, p, n, "infer_end");
                order(p, n, "fit_start", fs, "fit_end", fe);
                order(p, n, "infer_start", is, "infer_end", ie);
                return fs == null || fe == null || is == null || ie == null ? null
                        : new SchedulerConfig.Oneoff(alias, fs, fe, is, ie);
            }
            default: {
                keys(m, p, n, BACKTESTING_KEYS);
                Instant from = instant(m, p, n, "from");
                Instant to = instant(m, p, n, "to");
                order(p, n, "from", from, "to", to);
                Duration fw = dur(m, p, "fit_window", null, true);
                Duration fe = dur(m, p, "fit_every", null, true);
                if (!m.containsKey("fit_window")) {
                    err(p + ".fit_window", n, "is required (e.g. PT1H or 1h)");
                }
                if (!m.containsKey("fit_every")) {
                    err(p + ".fit_every", n, "is required (e.g. PT1H or 1h)");
                }
                atLeastSecond(m, p, "fit_window", fw);
                atLeastSecond(m, p, "fit_every", fe);
                long jobs = longOr(m, p, "n_jobs", 1L);
                if (jobs < 1) {
                    err(p + ".n_jobs", m.get("n_jobs"), "must be >= 1, got " + jobs);
                }
                Boolean io = m.containsKey("inference_only") ? bool(m.get("inference_only"), p + ".inference_only") : null;
                Boolean exact = m.containsKey("exact") ? bool(m.get("exact"), p + ".exact") : null;
                Duration ie = dur(m, p, "infer_every", null, true);
                atLeastSecond(m, p, "infer_every", ie);
                if (ie != null && !Boolean.TRUE.equals(exact)) {
                    warnings.add(p + ".infer_every has no effect without exact: true");
                }
                return from == null || to == null || fw == null || fe == null ? null
                        : new SchedulerConfig.Backtesting(alias, from, to, fw, fe, Boolean.TRUE.equals(io), (int) jobs,
                        Boolean.TRUE.equals(exact), ie);
            }
        }
    }

    private ModelConfig model(String alias, Node n, Set<String> queryAliases, Set<String> schedulerAliases,
                              Map<String, QueryConfig> queries, Settings settings) {
        String p = "models." + alias;
        if (!mapOf(n, p)) {
            return null;
        }
        Map<String, Node> m = n.map();
        Node cn = m.get("class");
        if (cn == null || cn.isNull()) {
            err(p + ".class", n, "is required; known models: " + String.join(", ", registry.aliases()));
            return null;
        }
        String cls;
        try {
            cls = registry.canonicalAlias(String.valueOf(cn.value()));
        } catch (ModelConfigException e) {
            err(p + ".class", cn, e.getMessage());
            return null;
        }
        List<String> qs = attach(m, p, "queries", queryAliases, "reader.queries");
        List<String> ss = attach(m, p, "schedulers", schedulerAliases, "schedulers");
        if (qs == null || ss == null) {
            return null;
        }
        if (qs.isEmpty() || ss.isEmpty()) {
            warnings.add("model '" + alias + "' is attached to no " + (qs.isEmpty() ? "query" : "scheduler")
                    + "; it is dropped");
            return null;
        }
        Map<String, Object> args = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (!RUNNER_KEYS.contains(k)) {
                args.put(k, v.plain());
            }
        });
        if (args.containsKey("data_range")) {
            warnings.add("model '" + alias + "': data_range on the model is deprecated; set it on the query");
        }
        Map<String, ModelSpec> specs = new LinkedHashMap<>();
        for (String q : qs) {
            Map<String, Object> a = new LinkedHashMap<>(args);
            QueryConfig qc = queries.get(q);
            if (!a.containsKey("data_range") && qc != null) {
                a.put("data_range", List.of(qc.dataRangeLow(), qc.dataRangeHigh()));
            }
            if (qc != null) {
                a.putAll(qc.policies());
            }
            a.putIfAbsent("anomaly_score_outside_data_range", settings.anomalyScoreOutsideDataRange());
            try {
                ModelSpec spec = registry.create(cls, a);
                if (qc != null && !args.containsKey("tz") && spec.resolvedArgs().containsKey("tz")) {
                    // vmanomaly: a model that takes a zone (prophet's tz_aware) gets the reader query's
                    // tz (per query, else the reader's) unless the model sets its own.
                    a.put("tz", qc.tz().getId());
                    spec = registry.create(cls, a);
                }
                specs.put(q, spec);
            } catch (ModelConfigException e) {
                Matcher am = ARG.matcher(e.getMessage());
                Node at = am.find() && m.containsKey(am.group(1)) ? m.get(am.group(1)) : n;
                String path = at == n ? p : p + "." + am.group(1);
                if (qc != null && qc.policies().containsKey(lastArg(e.getMessage()))) {
                    path = "reader.queries." + q + "." + lastArg(e.getMessage());
                }
                err(path, at, e.getMessage());
                return null;
            }
        }
        return new ModelConfig(alias, cls, Collections.unmodifiableMap(args), qs, ss, Collections.unmodifiableMap(specs));
    }

    private static String lastArg(String msg) {
        Matcher am = ARG.matcher(msg);
        return am.find() ? am.group(1) : "";
    }

    /** Spec 1.5: omitted = all (with a warning), "all" = all, null or [] = none, else a list of known aliases. */
    private List<String> attach(Map<String, Node> m, String p, String key, Set<String> known, String where) {
        if (!m.containsKey(key)) {
            warnings.add(p + " has no '" + key + "': attached to all " + key + " (write '" + key
                    + ": all' to say so explicitly)");
            return List.copyOf(known);
        }
        Node n = m.get(key);
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
            err(p + "." + key, n, "must be a list of aliases of " + where + ", 'all', or [] / null");
            return null;
        }
        boolean ok = true;
        for (String a : names) {
            if (!known.contains(a)) {
                String near = ModelArgs.nearest(a, known);
                err(p + "." + key, n, "unknown alias \"" + a + "\"" + (near == null ? "" : " (did you mean '" + near + "'?)")
                        + "; defined in " + where + ": " + String.join(", ", known));
                ok = false;
            }
        }
        return ok ? List.copyOf(names) : null;
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private void err(String path, Node at, String message) {
        errors.add(new ConfigError(path, at == null ? rootFile : at.where(), message));
    }

    private Node required(Map<String, Node> top, String key, Node root) {
        Node n = top.get(key);
        if (n == null || n.isNull()) {
            err(key, root, "section '" + key + "' is required");
            return null;
        }
        return n;
    }

    private boolean mapOf(Node n, String path) {
        if (!n.isMap()) {
            err(path, n, "must be a mapping, got " + describe(n));
            return false;
        }
        return true;
    }

    private static String describe(Node n) {
        return n.isList() ? "a list" : n.isNull() ? "nothing" : "\"" + n.value() + "\"";
    }

    private void keys(Map<String, Node> m, String path, Node at, Set<String> allowed) {
        for (Map.Entry<String, Node> e : m.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                String near = ModelArgs.nearest(e.getKey(), allowed);
                err(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), "unknown key \"" + e.getKey() + "\""
                        + (near == null ? "" : " (did you mean '" + near + "'?)") + "; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    private void notSupported(Map<String, Node> m, String p, String key, java.util.function.Predicate<Object> when,
                              String what) {
        Node n = m.get(key);
        if (n != null && when.test(n.value())) {
            err(p + "." + key, n, what + " is not supported yet");
        }
    }

    private String classOf(Map<String, Node> m, String p, Node at, Map<String, String> classes, String def) {
        Node cn = m.get("class");
        if (cn == null || cn.isNull()) {
            return def;
        }
        String c = classes.get(String.valueOf(cn.value()).trim());
        if (c == null) {
            String near = ModelArgs.nearest(String.valueOf(cn.value()), classes.keySet());
            err(p + ".class", cn, "unknown class \"" + cn.value() + "\"" + (near == null ? "" : " (did you mean '" + near
                    + "'?)") + "; known: " + String.join(", ", new java.util.TreeSet<>(classes.keySet())));
        }
        return c;
    }

    private String str(Map<String, Node> m, String p, String key, String def) {
        Node n = m.get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        if (n.isMap() || n.isList()) {
            err(p + "." + key, n, "must be a single value, got " + describe(n));
            return def;
        }
        return String.valueOf(n.value());
    }

    private Duration dur(Map<String, Node> m, String p, String key, Duration def, boolean positive) {
        Node n = m.get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        try {
            Duration d = Durations.parse(String.valueOf(n.value()));
            if (positive && (d.isNegative() || d.isZero())) {
                err(p + "." + key, n, "must be a positive duration, got \"" + n.value() + "\"");
                return def;
            }
            return d;
        } catch (IllegalArgumentException e) {
            err(p + "." + key, n, e.getMessage());
            return def;
        }
    }

    private void atLeastSecond(Map<String, Node> m, String p, String key, Duration d) {
        if (d != null && m.containsKey(key) && d.compareTo(Duration.ofSeconds(1)) < 0) {
            err(p + "." + key, m.get(key), "must be at least 1s, got \"" + m.get(key).value() + "\"");
        }
    }

    private ZoneId zone(Map<String, Node> m, String p, String key, ZoneId def) {
        Node n = m.get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        try {
            return ZoneId.of(String.valueOf(n.value()));
        } catch (DateTimeException e) {
            err(p + "." + key, n, "unknown time zone \"" + n.value() + "\" (use an IANA name such as Europe/Paris)");
            return def;
        }
    }

    private Instant instant(Map<String, Node> m, String p, Node at, String base) {
        Node n = null;
        String used = null;
        for (String k : List.of(base, base + "_iso", base + "_s")) {
            if (m.containsKey(k) && !m.get(k).isNull()) {
                if (n != null) {
                    err(p + "." + k, m.get(k), "give only one of " + base + ", " + base + "_iso, " + base + "_s");
                }
                n = m.get(k);
                used = k;
            }
        }
        if (n == null) {
            err(p + "." + base + "_iso", at, "is required (" + base + "_iso: ISO-8601 time, or " + base
                    + "_s: Unix seconds)");
            return null;
        }
        try {
            if (used.endsWith("_s") && !(n.value() instanceof Number)) {
                Double.parseDouble(String.valueOf(n.value()));
            }
            return Durations.parseInstant(n.value(), ZoneId.of("UTC"));
        } catch (IllegalArgumentException e) {
            err(p + "." + used, n, e.getMessage());
            return null;
        }
    }

    private void order(String p, Node at, String a, Instant ia, String b, Instant ib) {
        if (ia != null && ib != null && !ib.isAfter(ia)) {
            err(p + "." + b, at, b + " (" + ib + ") must be after " + a + " (" + ia + ")");
        }
    }

    private Long integer(Node n, String p) {
        Object v = n.value();
        if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        if (v instanceof String && ((String) v).trim().matches("-?\\d+")) {
            return Long.parseLong(((String) v).trim());
        }
        err(p, n, "must be a whole number, got " + describe(n));
        return null;
    }

    private long longOr(Map<String, Node> m, String p, String key, Long def) {
        Node n = m.get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        Long l = integer(n, p + "." + key);
        return l == null ? def : l;
    }

    private Double number(Node n, String p) {
        Object v = n.value();
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(v).trim());
        } catch (NumberFormatException e) {
            err(p, n, "must be a number, got " + describe(n));
            return null;
        }
    }

    private Boolean bool(Node n, String p) {
        Object v = n.value();
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("1")) {
            return true;
        }
        if (s.equals("false") || s.equals("0")) {
            return false;
        }
        err(p, n, "must be true or false, got " + describe(n));
        return null;
    }

    private double[] range(Node n, String p) {
        double[] r = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        if (n == null || n.isNull()) {
            return r;
        }
        if (!n.isList() || n.list().size() != 2) {
            err(p, n, "must be a [low, high] pair, e.g. [0, \"inf\"]");
            return r;
        }
        for (int i = 0; i < 2; i++) {
            Object v = n.list().get(i).value();
            String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
            try {
                r[i] = v instanceof Number ? ((Number) v).doubleValue()
                        : s.equals("inf") || s.equals("+inf") ? Double.POSITIVE_INFINITY
                        : s.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(s);
            } catch (NumberFormatException e) {
                err(p, n, "must hold numbers or \"inf\"/\"-inf\", got \"" + v + "\"");
            }
        }
        if (r[0] > r[1]) {
            err(p, n, "low (" + r[0] + ") must not exceed high (" + r[1] + ")");
        }
        return r;
    }

    private Auth auth(Map<String, Node> m, String p) {
        Node vt = m.get("verify_tls");
        Object verify = vt == null || vt.isNull() ? Boolean.TRUE : vt.value();
        return new Auth(str(m, p, "user", null), str(m, p, "password", null), str(m, p, "bearer_token", null),
                str(m, p, "bearer_token_file", null), verify, str(m, p, "tls_cert_file", null),
                str(m, p, "tls_key_file", null));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return Collections.unmodifiableSet(s);
    }
}
