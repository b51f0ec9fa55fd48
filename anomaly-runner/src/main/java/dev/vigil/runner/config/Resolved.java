package dev.vigil.runner.config;

import static dev.vigil.runner.config.ConfigKeys.BACKTESTING_FIT_EVERY;
import static dev.vigil.runner.config.ConfigKeys.BACKTESTING_FIT_WINDOW;
import static dev.vigil.runner.config.ConfigKeys.BACKTESTING_INFER_EVERY;
import static dev.vigil.runner.config.ConfigKeys.BATCH_MAX_BYTES;
import static dev.vigil.runner.config.ConfigKeys.BATCH_MAX_SERIES;
import static dev.vigil.runner.config.ConfigKeys.EXACT;
import static dev.vigil.runner.config.ConfigKeys.EXPR;
import static dev.vigil.runner.config.ConfigKeys.EXTRA_FILTERS;
import static dev.vigil.runner.config.ConfigKeys.EXTRA_LABELS;
import static dev.vigil.runner.config.ConfigKeys.FETCH_TIMEOUT;
import static dev.vigil.runner.config.ConfigKeys.FIT_END;
import static dev.vigil.runner.config.ConfigKeys.FIT_START;
import static dev.vigil.runner.config.ConfigKeys.FROM;
import static dev.vigil.runner.config.ConfigKeys.FROM_LAST_SEEN;
import static dev.vigil.runner.config.ConfigKeys.IMPORT_PATH;
import static dev.vigil.runner.config.ConfigKeys.INFERENCE_ONLY;
import static dev.vigil.runner.config.ConfigKeys.INFER_END;
import static dev.vigil.runner.config.ConfigKeys.INFER_START;
import static dev.vigil.runner.config.ConfigKeys.LAST_SEEN_MAX_LOOKBACK;
import static dev.vigil.runner.config.ConfigKeys.LATENCY_OFFSET;
import static dev.vigil.runner.config.ConfigKeys.LOGGER_LEVELS;
import static dev.vigil.runner.config.ConfigKeys.METRIC_FORMAT;
import static dev.vigil.runner.config.ConfigKeys.MODELS_SECTION;
import static dev.vigil.runner.config.ConfigKeys.MODEL_CLASS;
import static dev.vigil.runner.config.ConfigKeys.MODEL_QUERIES;
import static dev.vigil.runner.config.ConfigKeys.MODEL_SCHEDULERS;
import static dev.vigil.runner.config.ConfigKeys.MONITORING_SECTION;
import static dev.vigil.runner.config.ConfigKeys.N_JOBS;
import static dev.vigil.runner.config.ConfigKeys.N_WORKERS;
import static dev.vigil.runner.config.ConfigKeys.OUTSIDE_DATA_RANGE;
import static dev.vigil.runner.config.ConfigKeys.PERIODIC_CLASS;
import static dev.vigil.runner.config.ConfigKeys.PERIODIC_FIT_EVERY;
import static dev.vigil.runner.config.ConfigKeys.PERIODIC_FIT_WINDOW;
import static dev.vigil.runner.config.ConfigKeys.PERIODIC_INFER_EVERY;
import static dev.vigil.runner.config.ConfigKeys.PERIODIC_START_FROM;
import static dev.vigil.runner.config.ConfigKeys.PERIODIC_TZ;
import static dev.vigil.runner.config.ConfigKeys.PULL_ADDR;
import static dev.vigil.runner.config.ConfigKeys.PULL_PORT;
import static dev.vigil.runner.config.ConfigKeys.PULL_SECTION;
import static dev.vigil.runner.config.ConfigKeys.PUSH_FREQUENCY;
import static dev.vigil.runner.config.ConfigKeys.PUSH_SECTION;
import static dev.vigil.runner.config.ConfigKeys.PUSH_TENANT;
import static dev.vigil.runner.config.ConfigKeys.PUSH_TIMEOUT;
import static dev.vigil.runner.config.ConfigKeys.PUSH_URL;
import static dev.vigil.runner.config.ConfigKeys.QUERIES;
import static dev.vigil.runner.config.ConfigKeys.QUERY_DATA_RANGE;
import static dev.vigil.runner.config.ConfigKeys.QUERY_MAX_POINTS;
import static dev.vigil.runner.config.ConfigKeys.QUERY_OFFSET;
import static dev.vigil.runner.config.ConfigKeys.QUERY_RANGE_PATH;
import static dev.vigil.runner.config.ConfigKeys.QUERY_TENANT;
import static dev.vigil.runner.config.ConfigKeys.QUERY_TZ;
import static dev.vigil.runner.config.ConfigKeys.READER_CLASS;
import static dev.vigil.runner.config.ConfigKeys.READER_PATH;
import static dev.vigil.runner.config.ConfigKeys.READER_SECTION;
import static dev.vigil.runner.config.ConfigKeys.READER_TENANT;
import static dev.vigil.runner.config.ConfigKeys.READER_TIMEOUT;
import static dev.vigil.runner.config.ConfigKeys.READER_URL;
import static dev.vigil.runner.config.ConfigKeys.REPORT;
import static dev.vigil.runner.config.ConfigKeys.RETRIES;
import static dev.vigil.runner.config.ConfigKeys.SAMPLING_PERIOD;
import static dev.vigil.runner.config.ConfigKeys.SCHEDULERS;
import static dev.vigil.runner.config.ConfigKeys.SERIES_BATCH;
import static dev.vigil.runner.config.ConfigKeys.SETTINGS_SECTION;
import static dev.vigil.runner.config.ConfigKeys.STEP;
import static dev.vigil.runner.config.ConfigKeys.TO;
import static dev.vigil.runner.config.ConfigKeys.WORKERS;
import static dev.vigil.runner.config.ConfigKeys.WRITER_CLASS;
import static dev.vigil.runner.config.ConfigKeys.WRITER_PATH;
import static dev.vigil.runner.config.ConfigKeys.WRITER_SECTION;
import static dev.vigil.runner.config.ConfigKeys.WRITER_TENANT;
import static dev.vigil.runner.config.ConfigKeys.WRITER_TIMEOUT;
import static dev.vigil.runner.config.ConfigKeys.WRITER_URL;

import dev.vigil.core.time.Durations;
import dev.vigil.models.ModelSpec;
import dev.vigil.vm.Tenant;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a validated configuration as plain maps, every default filled in, for {@code --dryRun}
 * and {@code --outputSpec}. Keys are written by their {@link ConfigKeys} rows, so the output only
 * holds keys the validator accepts. Stateless and thread-safe.
 */
final class Resolved {

    private Resolved() {
    }

    static Map<String, Object> of(RunnerConfig c) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> scheds = new LinkedHashMap<>();
        c.schedulers().forEach((a, s) -> scheds.put(a, scheduler(s)));
        put(out, SCHEDULERS, scheds);
        Map<String, Object> models = new LinkedHashMap<>();
        c.models().forEach((a, m) -> {
            Map<String, Object> mm = new LinkedHashMap<>();
            put(mm, MODEL_CLASS, m.modelClass());
            put(mm, MODEL_QUERIES, m.queries());
            put(mm, MODEL_SCHEDULERS, m.schedulers());
            ModelSpec first = m.specs().values().iterator().next();
            first.resolvedArgs().forEach((k, v) -> mm.put(k, plain(v)));
            models.put(a, mm);
        });
        put(out, MODELS_SECTION, models);
        put(out, READER_SECTION, reader(c.reader()));
        put(out, WRITER_SECTION, writer(c.writer()));
        Map<String, Object> mon = new LinkedHashMap<>();
        MonitoringConfig.Pull pull = c.monitoring().pull();
        if (pull != null) {
            Map<String, Object> pm = new LinkedHashMap<>();
            put(pm, PULL_ADDR, pull.addr());
            put(pm, PULL_PORT, pull.port());
            put(mon, PULL_SECTION, pm);
        }
        MonitoringConfig.Push p = c.monitoring().push();
        if (p != null) {
            Map<String, Object> pm = new LinkedHashMap<>();
            put(pm, PUSH_URL, p.url());
            put(pm, PUSH_TENANT, p.tenantId());
            put(pm, PUSH_TIMEOUT, p.timeout());
            put(pm, PUSH_FREQUENCY, p.pushFrequency() == null ? "" : p.pushFrequency());
            put(pm, EXTRA_LABELS, p.extraLabels());
            put(mon, PUSH_SECTION, pm);
        }
        put(out, MONITORING_SECTION, mon);
        Map<String, Object> settings = new LinkedHashMap<>();
        put(settings, N_WORKERS, c.settings().nWorkers());
        put(settings, OUTSIDE_DATA_RANGE, c.settings().anomalyScoreOutsideDataRange());
        put(settings, LOGGER_LEVELS, c.settings().loggerLevels());
        put(out, SETTINGS_SECTION, settings);
        return out;
    }

    private static Map<String, Object> reader(ReaderConfig r) {
        Map<String, Object> reader = new LinkedHashMap<>();
        put(reader, READER_CLASS, r.kind());
        dev.vigil.vm.ReaderConfig client = r.client();
        if (client == null) {
            put(reader, READER_PATH, r.path());
        } else {
            put(reader, READER_URL, r.datasourceUrl());
            put(reader, QUERY_RANGE_PATH, client.queryRangePath());
            put(reader, READER_TENANT, tenant(client.http().tenant()));
        }
        put(reader, SAMPLING_PERIOD, r.samplingPeriod());
        put(reader, READER_TIMEOUT, r.timeout());
        put(reader, FETCH_TIMEOUT, r.fetchTimeout());
        if (client != null) {
            put(reader, LATENCY_OFFSET, client.latencyOffset());
            put(reader, EXTRA_FILTERS, client.extraFilters());
        }
        put(reader, FROM_LAST_SEEN, r.queryFromLastSeenTimestamp());
        put(reader, LAST_SEEN_MAX_LOOKBACK, r.queryLastSeenMaxLookback());
        put(reader, SERIES_BATCH, r.seriesProcessingBatchSize());
        if (client != null) {
            put(reader, WORKERS, client.workers());
        }
        Map<String, Object> qs = new LinkedHashMap<>();
        r.queries().forEach((a, q) -> {
            dev.vigil.vm.QueryConfig vq = q.client();
            Map<String, Object> qm = new LinkedHashMap<>();
            put(qm, EXPR, vq.expr());
            put(qm, STEP, vq.step());
            put(qm, QUERY_DATA_RANGE, List.of(num(vq.dataRange().low()), num(vq.dataRange().high())));
            put(qm, QUERY_TZ, vq.tz().getId());
            put(qm, QUERY_OFFSET, vq.offset());
            put(qm, QUERY_MAX_POINTS, vq.maxPointsPerQuery());
            put(qm, QUERY_TENANT, tenant(vq.tenant()));
            q.policies().forEach((k, v) -> qm.put(k, plain(v)));
            qs.put(a, qm);
        });
        put(reader, QUERIES, qs);
        return reader;
    }

    private static Map<String, Object> writer(WriterConfig w) {
        Map<String, Object> writer = new LinkedHashMap<>();
        put(writer, WRITER_CLASS, w.kind());
        dev.vigil.vm.WriterConfig client = w.client();
        if (client == null) {
            put(writer, WRITER_PATH, w.path());
            put(writer, REPORT, w.report());
            put(writer, METRIC_FORMAT, w.metricFormat());
            return writer;
        }
        put(writer, WRITER_URL, w.datasourceUrl());
        put(writer, WRITER_TENANT, tenant(client.http().tenant()));
        put(writer, METRIC_FORMAT, client.metricFormat());
        put(writer, WRITER_TIMEOUT, client.http().timeout());
        if (!IMPORT_PATH.defaultValue().equals(client.importPath())) {
            put(writer, IMPORT_PATH, client.importPath());
        }
        put(writer, RETRIES, client.connectionRetryAttempts());
        put(writer, BATCH_MAX_SERIES, client.batchMaxSeries());
        put(writer, BATCH_MAX_BYTES, client.batchMaxBytes());
        return writer;
    }

    private static Map<String, Object> scheduler(SchedulerConfig s) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, PERIODIC_CLASS, s.kind());
        if (s instanceof SchedulerConfig.Periodic p) {
            put(m, PERIODIC_INFER_EVERY, p.inferEvery());
            put(m, PERIODIC_FIT_EVERY, p.fitEvery());
            put(m, PERIODIC_FIT_WINDOW, p.fitWindow());
            put(m, PERIODIC_START_FROM, p.startFrom());
            put(m, PERIODIC_TZ, p.tz().getId());
        } else if (s instanceof SchedulerConfig.Oneoff o) {
            put(m, FIT_START.iso(), o.fitStart().toString());
            put(m, FIT_END.iso(), o.fitEnd().toString());
            put(m, INFER_START.iso(), o.inferStart().toString());
            put(m, INFER_END.iso(), o.inferEnd().toString());
        } else if (s instanceof SchedulerConfig.Backtesting b) {
            put(m, FROM.iso(), b.from().toString());
            put(m, TO.iso(), b.to().toString());
            put(m, BACKTESTING_FIT_WINDOW, b.fitWindow());
            put(m, BACKTESTING_FIT_EVERY, b.fitEvery());
            put(m, INFERENCE_ONLY, b.inferenceOnly());
            put(m, N_JOBS, b.nJobs());
            put(m, EXACT, b.exact());
            put(m, BACKTESTING_INFER_EVERY, b.inferEvery());
        }
        return m;
    }

    /** Puts {@code v} under the key's name, a duration in Prometheus' form; nothing when {@code v} is null. */
    private static void put(Map<String, Object> m, ConfigKey key, Object v) {
        if (v != null) {
            m.put(key.name(), v instanceof Duration d ? Durations.format(d) : v instanceof java.nio.file.Path
                    ? v.toString() : v);
        }
    }

    /** The tenant as {@code tenant_id} spells it, {@code null} for a single node. */
    private static String tenant(Tenant t) {
        return t == null || t.isSingle() ? null : t.value();
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
