package dev.vigil.config;

import dev.vigil.core.time.Durations;
import dev.vigil.config.ConfigKey.Section;
import dev.vigil.vm.Tenant;
import dev.vigil.vm.UrlCredentials;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a validated configuration as plain maps, every default filled in, for {@code --dryRun}
 * and {@code --outputSpec}. Every key written is looked up in its section's {@link ConfigKeys} rows,
 * so the output only holds keys the validator accepts; model arguments and query policies are written
 * as the model resolved them. Credentials inside a URL are masked ({@link UrlCredentials#masked}). Stateless and
 * thread-safe.
 */
final class Resolved {

    /** A URL's scheme and user information: {@code scheme://user:password@}. */

    private Resolved() {
    }

    /**
     * One output mapping whose keys are rows of {@code section}: a duration is written in Prometheus'
     * form, a path as text, and a {@code null} value not at all.
     */
    private record Out(Section section, Map<String, Object> map) {

        Out(Section section) {
            this(section, new LinkedHashMap<>());
        }

        Out put(String name, Object v) {
            ConfigKeys.get(section, name);
            if (v != null) {
                map.put(name, v instanceof Duration d ? Durations.format(d) : v instanceof Path ? v.toString()
                        : v instanceof Out o ? o.map() : v);
            }
            return this;
        }
    }

    static Map<String, Object> of(RunnerConfig c) {
        Map<String, Object> schedulers = new LinkedHashMap<>();
        c.schedulers().forEach((a, s) -> schedulers.put(a, scheduler(s).map()));
        Map<String, Object> models = new LinkedHashMap<>();
        c.models().forEach((a, m) -> {
            Out model = new Out(Section.MODELS).put("class", m.modelClass()).put("queries", m.queries())
                    .put("schedulers", m.schedulers());
            m.specs().values().iterator().next().resolvedArgs().forEach((k, v) -> model.map().put(k, plain(v)));
            models.put(a, model.map());
        });
        Out monitoring = new Out(Section.MONITORING);
        MonitoringConfig.Pull pull = c.monitoring().pull();
        if (pull != null) {
            monitoring.put("pull", new Out(Section.PULL).put("addr", pull.addr()).put("port", pull.port()));
        }
        MonitoringConfig.Push push = c.monitoring().push();
        if (push != null) {
            monitoring.put("push", new Out(Section.PUSH)
                    .put("url", UrlCredentials.masked(push.url()))
                    .put("tenant_id", push.tenantId())
                    .put("timeout", push.timeout())
                    .put("push_frequency", push.pushFrequency() == null ? "" : push.pushFrequency())
                    .put("extra_labels", push.extraLabels()));
        }
        Out settings = new Out(Section.SETTINGS)
                .put("n_workers", c.settings().nWorkers())
                .put("anomaly_score_outside_data_range", c.settings().anomalyScoreOutsideDataRange())
                .put("logger_levels", c.settings().loggerLevels());
        Settings.Retention retention = c.settings().retention();
        if (retention != null) {
            settings.put("retention", new Out(Section.RETENTION).put("ttl", retention.ttl())
                    .put("check_interval", retention.checkInterval()));
        }
        // The preset is already merged in; it is written for the record (the metrics' preset label).
        Out top = new Out(Section.TOP)
                .put("preset", c.preset().isEmpty() ? null : c.preset())
                .put("schedulers", schedulers)
                .put("models", models)
                .put("reader", c.reader() == null ? null : reader(c.reader()))
                .put("writer", c.writer() == null ? null : writer(c.writer()))
                .put("monitoring", monitoring)
                .put("settings", settings);
        ServerConfig server = c.server();
        if (server != null) {
            top.put("server", new Out(Section.SERVER).put("addr", server.addr()).put("port", server.port())
                    .put("path_prefix", server.pathPrefix()).put("max_concurrent_tasks", server.maxConcurrentTasks())
                    .put("ui_default_state", server.uiDefaultState()).put("ui_allowed_models", server.uiAllowedModels())
                    .put("use_reader_connection_settings", server.useReaderConnectionSettings()));
        }
        return top.map();
    }

    private static Out reader(ReaderConfig r) {
        dev.vigil.vm.ReaderConfig client = r.client();
        Out reader = new Out(Section.READER).put("class", r.kind());
        if (client == null) {
            reader.put("path", r.path());
        } else {
            reader.put("datasource_url", UrlCredentials.masked(r.datasourceUrl()))
                    .put("query_range_path", client.queryRangePath())
                    .put("tenant_id", tenant(client.http().tenant()));
        }
        reader.put("sampling_period", r.samplingPeriod())
                .put("timeout", r.timeout())
                .put("fetch_timeout", r.fetchTimeout());
        if (client != null) {
            reader.put("latency_offset", client.latencyOffset()).put("extra_filters", client.extraFilters());
        }
        reader.put("query_from_last_seen_timestamp", r.queryFromLastSeenTimestamp())
                .put("query_last_seen_max_lookback", r.effectiveLastSeenMaxLookback())
                .put("series_processing_batch_size", r.seriesProcessingBatchSize());
        if (client != null) {
            reader.put("workers", client.workers());
        }
        Map<String, Object> queries = new LinkedHashMap<>();
        r.queries().forEach((a, q) -> {
            dev.vigil.vm.QueryConfig vq = q.client();
            Out query = new Out(Section.QUERY)
                    .put("expr", vq.expr())
                    .put("step", vq.step())
                    .put("data_range", List.of(num(vq.dataRange().low()), num(vq.dataRange().high())))
                    .put("tz", vq.tz().getId())
                    .put("offset", vq.offset())
                    .put("max_points_per_query", vq.maxPointsPerQuery())
                    .put("tenant_id", tenant(vq.tenant()));
            q.policies().forEach((k, v) -> query.put(k, plain(v)));
            queries.put(a, query.map());
        });
        return reader.put("queries", queries);
    }

    private static Out writer(WriterConfig w) {
        dev.vigil.vm.WriterConfig client = w.client();
        Out writer = new Out(Section.WRITER).put("class", w.kind());
        if (client == null) {
            return writer.put("path", w.path()).put("report", w.report()).put("metric_format", w.metricFormat());
        }
        writer.put("datasource_url", UrlCredentials.masked(w.datasourceUrl()))
                .put("tenant_id", tenant(client.http().tenant()))
                .put("metric_format", client.metricFormat())
                .put("timeout", client.http().timeout());
        if (!WriterSection.IMPORT_PATH.equals(client.importPath())) {
            writer.put("import_json_path", client.importPath());
        }
        return writer.put("connection_retry_attempts", client.connectionRetryAttempts())
                .put("batch_max_series", client.batchMaxSeries())
                .put("batch_max_bytes", client.batchMaxBytes());
    }

    private static Out scheduler(SchedulerConfig s) {
        if (s instanceof SchedulerConfig.Periodic p) {
            return new Out(Section.PERIODIC)
                    .put("class", p.kind())
                    .put("infer_every", p.inferEvery())
                    .put("fit_every", p.fitEvery())
                    .put("fit_window", p.fitWindow())
                    .put("start_from", p.startFrom())
                    .put("tz", p.tz().getId());
        }
        if (s instanceof SchedulerConfig.Oneoff o) {
            return new Out(Section.ONEOFF)
                    .put("class", o.kind())
                    .put("fit_start_iso", o.fitStart().toString())
                    .put("fit_end_iso", o.fitEnd().toString())
                    .put("infer_start_iso", o.inferStart().toString())
                    .put("infer_end_iso", o.inferEnd().toString());
        }
        SchedulerConfig.Backtesting b = (SchedulerConfig.Backtesting) s;
        return new Out(Section.BACKTESTING)
                .put("class", b.kind())
                .put("from_iso", b.from().toString())
                .put("to_iso", b.to().toString())
                .put("fit_window", b.fitWindow())
                .put("fit_every", b.fitEvery())
                .put("inference_only", b.inferenceOnly())
                .put("n_jobs", b.nJobs())
                .put("exact", b.exact())
                .put("infer_every", b.inferEvery());
    }

    /** The tenant as {@code tenant_id} spells it, {@code null} for a single node. */
    private static String tenant(Tenant t) {
        return t == null || t.isSingle() ? null : t.value();
    }

    private static Object num(double d) {
        return Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : (Object) d;
    }

    private static Object plain(Object v) {
        if (v instanceof Double d) {
            return num(d);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Resolved::plain).toList();
        }
        return v;
    }
}
