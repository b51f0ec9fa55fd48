package dev.vigil.runner.config;

import dev.vigil.models.ModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a validated configuration as plain maps (every default filled in) for {@code --dryRun}. */
final class Resolved {

    private Resolved() {
    }

    static Map<String, Object> of(RunnerConfig c) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> scheds = new LinkedHashMap<>();
        c.schedulers().forEach((a, s) -> scheds.put(a, scheduler(s)));
        out.put("schedulers", scheds);
        Map<String, Object> models = new LinkedHashMap<>();
        c.models().forEach((a, m) -> {
            Map<String, Object> mm = new LinkedHashMap<>();
            mm.put("class", m.modelClass());
            mm.put("queries", m.queries());
            mm.put("schedulers", m.schedulers());
            ModelSpec first = m.specs().values().iterator().next();
            first.resolvedArgs().forEach((k, v) -> mm.put(k, plain(v)));
            models.put(a, mm);
        });
        out.put("models", models);
        Map<String, Object> reader = new LinkedHashMap<>();
        ReaderConfig r = c.reader();
        reader.put("class", r.kind());
        if (r.path() != null) {
            reader.put("path", r.path().toString());
        } else {
            reader.put("datasource_url", r.datasourceUrl());
            reader.put("query_range_path", r.queryRangePath());
        }
        putIf(reader, "tenant_id", r.tenantId());
        reader.put("sampling_period", Durations.format(r.samplingPeriod()));
        reader.put("timeout", Durations.format(r.timeout()));
        if (r.fetchTimeout() != null) {
            reader.put("fetch_timeout", Durations.format(r.fetchTimeout()));
        }
        reader.put("latency_offset", Durations.format(r.latencyOffset()));
        reader.put("extra_filters", r.extraFilters());
        reader.put("query_from_last_seen_timestamp", r.queryFromLastSeenTimestamp());
        if (r.queryLastSeenMaxLookback() != null) {
            reader.put("query_last_seen_max_lookback", Durations.format(r.queryLastSeenMaxLookback()));
        }
        reader.put("series_processing_batch_size", r.seriesProcessingBatchSize());
        if (r.workers() > 0) {
            reader.put("workers", r.workers());
        }
        Map<String, Object> qs = new LinkedHashMap<>();
        r.queries().forEach((a, q) -> {
            Map<String, Object> qm = new LinkedHashMap<>();
            qm.put("expr", q.expr());
            qm.put("step", Durations.format(q.step()));
            qm.put("data_range", List.of(num(q.dataRangeLow()), num(q.dataRangeHigh())));
            qm.put("tz", q.tz().getId());
            qm.put("offset", Durations.format(q.offset()));
            if (q.maxPointsPerQuery() > 0) {
                qm.put("max_points_per_query", q.maxPointsPerQuery());
            }
            putIf(qm, "tenant_id", q.tenantId());
            q.policies().forEach(qm::put);
            qs.put(a, qm);
        });
        reader.put("queries", qs);
        out.put("reader", reader);
        Map<String, Object> writer = new LinkedHashMap<>();
        WriterConfig w = c.writer();
        writer.put("class", w.kind());
        if (w.path() != null) {
            writer.put("path", w.path().toString());
            if (w.report() != null) {
                writer.put("report", w.report().toString());
            }
        } else {
            writer.put("datasource_url", w.datasourceUrl());
        }
        putIf(writer, "tenant_id", w.tenantId());
        writer.put("metric_format", w.metricFormat());
        writer.put("timeout", Durations.format(w.timeout()));
        if (!WriterConfig.DEFAULT_IMPORT_PATH.equals(w.importPath())) {
            writer.put("import_json_path", w.importPath());
        }
        if (w.path() == null) {
            writer.put("connection_retry_attempts", w.connectionRetryAttempts());
            writer.put("batch_max_series", w.batchMaxSeries());
            writer.put("batch_max_bytes", w.batchMaxBytes());
        }
        out.put("writer", writer);
        Map<String, Object> mon = new LinkedHashMap<>();
        if (c.monitoring().pull() != null) {
            mon.put("pull", Map.of("addr", c.monitoring().pull().addr(), "port", c.monitoring().pull().port()));
        }
        MonitoringConfig.Push p = c.monitoring().push();
        if (p != null) {
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("url", p.url());
            putIf(pm, "tenant_id", p.tenantId());
            pm.put("timeout", Durations.format(p.timeout()));
            pm.put("push_frequency", p.pushFrequency() == null ? "" : Durations.format(p.pushFrequency()));
            pm.put("extra_labels", p.extraLabels());
            mon.put("push", pm);
        }
        out.put("monitoring", mon);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("n_workers", c.settings().nWorkers());
        settings.put("anomaly_score_outside_data_range", c.settings().anomalyScoreOutsideDataRange());
        settings.put("logger_levels", c.settings().loggerLevels());
        out.put("settings", settings);
        return out;
    }

    private static Map<String, Object> scheduler(SchedulerConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", s.kind());
        if (s instanceof SchedulerConfig.Periodic) {
            SchedulerConfig.Periodic p = (SchedulerConfig.Periodic) s;
            m.put("infer_every", Durations.format(p.inferEvery()));
            m.put("fit_every", Durations.format(p.fitEvery()));
            m.put("fit_window", Durations.format(p.fitWindow()));
            putIf(m, "start_from", p.startFrom());
            m.put("tz", p.tz().getId());
        } else if (s instanceof SchedulerConfig.Oneoff) {
            SchedulerConfig.Oneoff o = (SchedulerConfig.Oneoff) s;
            m.put("fit_start_iso", o.fitStart().toString());
            m.put("fit_end_iso", o.fitEnd().toString());
            m.put("infer_start_iso", o.inferStart().toString());
            m.put("infer_end_iso", o.inferEnd().toString());
        } else {
            SchedulerConfig.Backtesting b = (SchedulerConfig.Backtesting) s;
            m.put("from_iso", b.from().toString());
            m.put("to_iso", b.to().toString());
            m.put("fit_window", Durations.format(b.fitWindow()));
            m.put("fit_every", Durations.format(b.fitEvery()));
            m.put("inference_only", b.inferenceOnly());
            m.put("n_jobs", b.nJobs());
            m.put("exact", b.exact());
            if (b.inferEvery() != null) {
                m.put("infer_every", Durations.format(b.inferEvery()));
            }
        }
        return m;
    }

    private static void putIf(Map<String, Object> m, String k, Object v) {
        if (v != null) {
            m.put(k, v);
        }
    }

    private static Object num(double d) {
        return Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : (Object) d;
    }

    private static Object plain(Object v) {
        if (v instanceof Double) {
            return num((Double) v);
        }
        if (v instanceof List) {
            return ((List<?>) v).stream().map(Resolved::plain).toList();
        }
        return v;
    }
}
