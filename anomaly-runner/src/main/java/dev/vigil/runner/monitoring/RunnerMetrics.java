package dev.vigil.runner.monitoring;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.ProcessMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * vmanomaly's self-monitoring metrics (vmanomaly docs (v1.30), monitoring) with the same names,
 * labels and types: counters are exposed with {@code _total}, durations are classic histograms in
 * seconds. The {@code preset} label carries the configuration's preset ({@code node-exporter}, ...), empty
 * without one; it is fixed at start (a hot reload that changes the preset keeps the first one). The
 * standard {@code process_*} metrics
 * (start time, CPU seconds, resident memory, open file descriptors) come from the client's
 * {@link ProcessMetrics}. Thread-safe; every method is O(1) apart
 * from label lookup.
 */
public final class RunnerMetrics {

    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    private final PrometheusRegistry registry;
    private final String preset;
    private final Gauge startTime;
    private final Gauge cores;
    private final Gauge memory;
    private final Gauge configEntities;
    private final Gauge reloadEnabled;
    private final Gauge lastReloadOk;
    private final Gauge lastReloadTime;
    private final Counter reloads;
    private final Gauge readerTasksQueued;
    private final Histogram writerSerialize;
    private final Gauge schedulerAlive;
    private final Counter schedulerSkipped;
    private final Counter readerDropped;
    private final Histogram readerDuration;
    private final Counter readerResponses;
    private final Counter readerBytes;
    private final Counter readerSeries;
    private final Counter readerPoints;
    private final Histogram readerParsing;
    private final Counter modelRuns;
    private final Histogram modelDuration;
    private final Counter modelAccepted;
    private final Counter modelProduced;
    private final Gauge modelsActive;
    private final Counter modelSkipped;
    private final Counter modelErrors;
    private final Histogram writerDuration;
    private final Counter writerResponses;
    private final Counter writerBytes;
    private final Counter writerPoints;
    private final Counter writerSeries;
    private final Counter writerDropped;
    private final Gauge writerBuffered;

    /** Registers every family in {@code registry} (use a fresh registry per runner), without a preset. */
    public RunnerMetrics(PrometheusRegistry registry, String version) {
        this(registry, version, "");
    }

    /**
     * Registers every family in {@code registry} (use a fresh registry per runner).
     *
     * @param preset the value of every {@code preset} label (the configuration's preset, or empty)
     */
    public RunnerMetrics(PrometheusRegistry registry, String version, String preset) {
        this.registry = registry;
        this.preset = preset == null ? "" : preset;
        startTime = Gauge.builder().name("vmanomaly_start_time_seconds").help("Start time of the runner, Unix seconds")
                .register(registry);
        Info info = Info.builder().name("vmanomaly_version_info").help("Runner version").labelNames("version")
                .register(registry);
        info.setLabelValues(version);
        cores = Gauge.builder().name("vmanomaly_cpu_cores_available").help("CPU cores available to the runner")
                .register(registry);
        memory = Gauge.builder().name("vmanomaly_available_memory_bytes").help("Maximum heap the JVM may use, bytes")
                .register(registry);
        configEntities = Gauge.builder().name("vmanomaly_config_entities")
                .help("Configured (model, query, scheduler) combinations").labelNames("preset", "scope")
                .register(registry);
        reloadEnabled = Gauge.builder().name("vmanomaly_config_reload_enabled").help("Whether hot reload is enabled")
                .register(registry);
        lastReloadOk = Gauge.builder().name("vmanomaly_config_last_reload_successful")
                .help("Whether the last configuration load succeeded (at start, or the last hot reload)")
                .register(registry);
        lastReloadTime = Gauge.builder().name("vmanomaly_config_last_reload_success_timestamp_seconds")
                .help("Time of the last successful configuration load, Unix seconds").register(registry);
        reloads = Counter.builder().name("vmanomaly_config_reloads")
                .help("Hot reloads of a changed configuration, by status (success, failure)")
                .labelNames("status", "preset").register(registry);
        schedulerAlive = Gauge.builder().name("vmanomaly_scheduler_alive").help("1 while a scheduler runs")
                .labelNames("scheduler_alias", "preset").register(registry);
        schedulerSkipped = Counter.builder().name("vmanomaly_scheduler_skipped_runs")
                .help("Scheduled runs skipped because an earlier job overran their slot (Vigil addition)")
                .labelNames("scheduler_alias", "stage", "preset").register(registry);
        readerDropped = Counter.builder().name("vmanomaly_reader_datapoints_dropped")
                .help("Points never scored, by reason: non_finite (NaN, +/-Inf, overflow), out_of_order (timestamp"
                        + " going backwards or repeating), catch_up_limit (step slots beyond the catch-up limit)"
                        + " (Vigil addition)").labelNames("query_key", "reason", "preset")
                .register(registry);
        String[] io = {"url", "query_key", "scheduler_alias", "preset"};
        readerDuration = Histogram.builder().name("vmanomaly_reader_request_duration_seconds")
                .help("Duration of reader requests").labelNames(io).classicOnly().classicUpperBounds(BUCKETS)
                .register(registry);
        readerResponses = Counter.builder().name("vmanomaly_reader_responses").help("Reader responses by code")
                .labelNames("url", "query_key", "scheduler_alias", "preset", "code").register(registry);
        readerBytes = Counter.builder().name("vmanomaly_reader_received_bytes").help("Bytes received by the reader")
                .labelNames(io).register(registry);
        readerSeries = Counter.builder().name("vmanomaly_reader_timeseries_received").help("Series received")
                .labelNames(io).register(registry);
        readerPoints = Counter.builder().name("vmanomaly_reader_datapoints_received").help("Points received")
                .labelNames(io).register(registry);
        readerTasksQueued = Gauge.builder().name("vmanomaly_reader_processing_tasks_queued")
                .help("Reads of the running job waiting for their turn").labelNames(io).register(registry);
        readerParsing = Histogram.builder().name("vmanomaly_reader_response_parsing_seconds")
                .help("Time spent parsing reader responses").labelNames("url", "query_key", "scheduler_alias", "preset",
                        "step").classicOnly().classicUpperBounds(BUCKETS).register(registry);
        String[] model = {"stage", "query_key", "model_alias", "scheduler_alias", "preset"};
        modelRuns = Counter.builder().name("vmanomaly_model_runs").help("Model runs (one per series and stage)")
                .labelNames(model).register(registry);
        modelDuration = Histogram.builder().name("vmanomaly_model_run_duration_seconds")
                .help("Duration of model stages, I/O excluded").labelNames(model).classicOnly()
                .classicUpperBounds(BUCKETS).register(registry);
        modelAccepted = Counter.builder().name("vmanomaly_model_datapoints_accepted")
                .help("Valid points given to models (infer: unseen points only)").labelNames(model).register(registry);
        modelProduced = Counter.builder().name("vmanomaly_model_datapoints_produced").help("Points produced by models")
                .labelNames(model).register(registry);
        modelsActive = Gauge.builder().name("vmanomaly_models_active").help("Model instances (one per series)")
                .labelNames("query_key", "model_alias", "scheduler_alias", "preset").register(registry);
        modelSkipped = Counter.builder().name("vmanomaly_model_runs_skipped")
                .help("Expected skips: no data, no unseen data, no model for a new series").labelNames(model)
                .register(registry);
        modelErrors = Counter.builder().name("vmanomaly_model_run_errors").help("Model runs that failed")
                .labelNames(model).register(registry);
        writerDuration = Histogram.builder().name("vmanomaly_writer_request_duration_seconds")
                .help("Duration of writer requests, failed ones included").labelNames(io).classicOnly()
                .classicUpperBounds(BUCKETS).register(registry);
        writerResponses = Counter.builder().name("vmanomaly_writer_responses").help("Writer responses by code")
                .labelNames("url", "query_key", "scheduler_alias", "preset", "code").register(registry);
        writerBytes = Counter.builder().name("vmanomaly_writer_sent_bytes").help("Bytes sent by the writer")
                .labelNames(io).register(registry);
        writerSerialize = Histogram.builder().name("vmanomaly_writer_request_serialize_seconds")
                .help("Time spent encoding and compressing writer payloads").labelNames(io).classicOnly()
                .classicUpperBounds(BUCKETS).register(registry);
        writerPoints = Counter.builder().name("vmanomaly_writer_datapoints_sent").help("Points sent")
                .labelNames(io).register(registry);
        writerSeries = Counter.builder().name("vmanomaly_writer_timeseries_sent").help("Series sent")
                .labelNames(io).register(registry);
        writerDropped = Counter.builder().name("vmanomaly_writer_datapoints_dropped")
                .help("Points never written: dropped from the full retry buffer, refused by the target, or still "
                        + "held at shutdown").labelNames(io).register(registry);
        writerBuffered = Gauge.builder().name("vmanomaly_writer_datapoints_buffered")
                .help("Points held in the writer's retry buffer after failed writes").labelNames("url", "preset")
                .register(registry);
        ProcessMetrics.builder().register(registry);
        cores.set(Runtime.getRuntime().availableProcessors());
        memory.set(Runtime.getRuntime().maxMemory());
        reloadEnabled.set(0);
    }

    /** The registry holding these metrics. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Records the start time and the number of configured entities. */
    public void started(double epochSeconds, int entities) {
        startTime.set(epochSeconds);
        lastReloadOk.set(1);
        lastReloadTime.set(epochSeconds);
        configEntities.labelValues(preset, "total").set(entities);
    }

    /** The number of (model, query, scheduler) combinations configured, after a hot reload. */
    public void configEntities(int entities) {
        configEntities.labelValues(preset, "total").set(entities);
    }

    /** Whether the configuration is watched for hot reload ({@code --watch}). */
    public void reloadEnabled(boolean enabled) {
        reloadEnabled.set(enabled ? 1 : 0);
    }

    /**
     * A hot reload was attempted: {@code ok} when the new configuration was valid and applied (at
     * {@code epochSeconds}), else the previous one keeps running.
     */
    public void reloaded(boolean ok, double epochSeconds) {
        // The gauges first, the counter last: a scrape that sees the reload counted sees its outcome too.
        lastReloadOk.set(ok ? 1 : 0);
        if (ok) {
            lastReloadTime.set(epochSeconds);
        }
        reloads.labelValues(ok ? "success" : "failure", preset).inc();
    }

    /** Marks a scheduler alive (1) or stopped (0). */
    public void schedulerAlive(String scheduler, boolean alive) {
        schedulerAlive.labelValues(scheduler, preset).set(alive ? 1 : 0);
    }

    /** {@code n} runs of a stage ({@code fit} or {@code infer}) of a scheduler were skipped after an overrun. */
    public void schedulerSkipped(String scheduler, String stage, long n) {
        schedulerSkipped.labelValues(scheduler, stage, preset).inc(n);
    }

    /**
     * {@code n} points of a query that no model will score; {@code reason} is {@code non_finite} (NaN,
     * +/-Inf, or a value overflowing a double when parsed), {@code out_of_order} (a timestamp not after
     * the previous point of its series: dropped by the reader) or {@code catch_up_limit} (step slots
     * between a series' last scored point and the catch-up limit, not read: an upper bound of the
     * points missed there).
     */
    public void readerDropped(String query, String reason, long n) {
        readerDropped.labelValues(query, reason, preset).inc(n);
    }

    /** One reader request finished; {@code code} is the HTTP status or an error code. */
    public void read(String url, String query, String scheduler, double seconds, String code, long series,
                     long points, long bytes, double parseSeconds) {
        readerDuration.labelValues(url, query, scheduler, preset).observe(seconds);
        readerResponses.labelValues(url, query, scheduler, preset, code).inc();
        readerBytes.labelValues(url, query, scheduler, preset).inc(bytes);
        readerSeries.labelValues(url, query, scheduler, preset).inc(series);
        readerPoints.labelValues(url, query, scheduler, preset).inc(points);
        if (code.startsWith("2")) {
            // Parsing is one streaming pass straight into columns: vmanomaly's "json" step; there is no "df" step.
            readerParsing.labelValues(url, query, scheduler, preset, "json").observe(parseSeconds);
        }
    }

    /**
     * Changes by {@code n} how many reads of {@code query} are queued in the running job(s): +1 when a job
     * is queued, -1 when its read starts (concurrent backtesting windows each count).
     */
    public void readQueued(String url, String query, String scheduler, int n) {
        readerTasksQueued.labelValues(url, query, scheduler, preset).inc(n);
    }

    /** A model stage ran over {@code runs} series. */
    public void modelRun(String stage, String query, String model, String scheduler, double seconds, long runs,
                         long accepted, long produced) {
        modelRuns.labelValues(stage, query, model, scheduler, preset).inc(runs);
        modelDuration.labelValues(stage, query, model, scheduler, preset).observe(seconds);
        modelAccepted.labelValues(stage, query, model, scheduler, preset).inc(accepted);
        modelProduced.labelValues(stage, query, model, scheduler, preset).inc(produced);
    }

    /** Expected skips (no data, no unseen data, no model yet). */
    public void modelSkipped(String stage, String query, String model, String scheduler, long n) {
        modelSkipped.labelValues(stage, query, model, scheduler, preset).inc(n);
    }

    /** Failed model runs. */
    public void modelErrors(String stage, String query, String model, String scheduler, long n) {
        modelErrors.labelValues(stage, query, model, scheduler, preset).inc(n);
    }

    /** The number of live model instances of a (query, model, scheduler). */
    public void modelsActive(String query, String model, String scheduler, int n) {
        modelsActive.labelValues(query, model, scheduler, preset).set(n);
    }

    /** One writer request finished. */
    public void wrote(String url, String query, String scheduler, double seconds, String code, long series,
                      long points, long bytes) {
        wrote(url, query, scheduler, seconds, code, series, points, bytes, Double.NaN);
    }

    /** One writer request finished; {@code serializeSeconds} is NaN when unknown (e.g. the write failed). */
    public void wrote(String url, String query, String scheduler, double seconds, String code, long series,
                      long points, long bytes, double serializeSeconds) {
        writerDuration.labelValues(url, query, scheduler, preset).observe(seconds);
        if (!Double.isNaN(serializeSeconds)) {
            writerSerialize.labelValues(url, query, scheduler, preset).observe(serializeSeconds);
        }
        writerResponses.labelValues(url, query, scheduler, preset, code).inc();
        writerBytes.labelValues(url, query, scheduler, preset).inc(bytes);
        writerSeries.labelValues(url, query, scheduler, preset).inc(series);
        writerPoints.labelValues(url, query, scheduler, preset).inc(points);
    }

    /** {@code points} points of a (query, scheduler) will never be written. */
    public void writerDropped(String url, String query, String scheduler, long points) {
        writerDropped.labelValues(url, query, scheduler, preset).inc(points);
    }

    /** The writer's retry buffer now holds {@code points} points. */
    public void writerBuffered(String url, long points) {
        writerBuffered.labelValues(url, preset).set(points);
    }
}
