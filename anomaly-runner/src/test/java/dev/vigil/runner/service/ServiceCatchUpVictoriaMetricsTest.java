package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.core.series.Labels;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.runner.state.StateStore;
import dev.vigil.vm.VictoriaMetricsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * No lost and no duplicate scores, end to end against a real VictoriaMetrics (deduplication off, so
 * a timestamp written twice is exported twice): a periodic scheduler with {@code infer_every: 10s},
 * {@code fit_every: 30s} whose job times are off the 10 s data grid, an online and an offline model,
 * simulated clock. Each test uses its own input metric and {@code run} label.
 */
class ServiceCatchUpVictoriaMetricsTest {

    @RegisterExtension
    static final VictoriaMetricsServer VM = new VictoriaMetricsServer();

    static final Instant T = Instant.parse("2024-06-01T00:00:00Z");
    static final long STEP = 10_000;
    /** The first job: 10 minutes of history, 1.623 s past a grid point. */
    static final Instant FIRST_JOB = T.plusMillis(600_000 + 1_623);
    static final String[] MODELS = {"on", "off"};
    static final String[] HOSTS = {"a", "b"};

    static String config(String metric, String run, String readerExtra) {
        return String.join("\n",
                "schedulers:",
                "  p: {class: periodic, infer_every: 10s, fit_every: 30s, fit_window: 10m}",
                "models:",
                "  on: {class: zscore_online, queries: [q], schedulers: [p], provide_series: [anomaly_score, y]}",
                "  off: {class: model.zscore.ZscoreModel, queries: [q], schedulers: [p], provide_series: [anomaly_score]}",
                "reader:",
                "  class: vm",
                "  datasource_url: '" + VM.url() + "'",
                "  sampling_period: 10s",
                "  timeout: 1s",
                readerExtra,
                "  queries: {q: {expr: '" + metric + "'}}",
                "writer:",
                "  class: vm",
                "  datasource_url: '" + VM.url() + "'",
                "  metric_format: {__name__: $VAR, for: $QUERY_KEY, run: " + run + "}",
                "");
    }

    /** Imports {@code metric} for both hosts at the 10 s grid points in {@code [from, to]} (ms after T). */
    static void importGrid(String metric, long from, long to) throws Exception {
        StringBuilder body = new StringBuilder();
        for (String h : HOSTS) {
            List<Long> ts = new ArrayList<>();
            List<Double> vs = new ArrayList<>();
            for (long t = from; t <= to; t += STEP) {
                ts.add(T.toEpochMilli() + t);
                vs.add(value(h, t));
            }
            body.append(ServiceVictoriaMetricsTest.JSON.writeValueAsString(Map.of("metric",
                    Map.of("__name__", metric, "host", h), "values", vs, "timestamps", ts))).append('\n');
        }
        HttpResponse<String> r = ServiceVictoriaMetricsTest.HTTP.send(HttpRequest.newBuilder(
                        URI.create(VM.url() + "/api/v1/import")).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        VM.flush();
    }

    /** A seeded noisy sine per host and grid point. */
    static double value(String host, long t) {
        Random r = new Random(t * 31 + host.hashCode());
        return 10 + Math.sin(t / 60_000.0) + 0.3 * r.nextGaussian();
    }

    /**
     * The real reader, or, while {@code down} holds for the job index, a reader whose
     * VictoriaMetrics is unreachable (a closed port: the real client fails with a connection error).
     */
    static final class OutageReader implements SeriesReader {
        final SeriesReader up;
        final SeriesReader dead;
        final IntPredicate down;
        int job;

        OutageReader(RunnerConfig c, IntPredicate down) throws Exception {
            this.up = IoFactory.reader(c.reader());
            RunnerConfig d = RunnerConfigs.parse(ServiceCatchUpVictoriaMetricsTest.config("x", "x", "")
                    .replace(VM.url(), "http://127.0.0.1:1"), "dead.yml", Map.of(), ModelRegistry.standard());
            this.dead = IoFactory.reader(d.reader());
            this.down = down;
        }

        @Override
        public Result read(QueryConfig q, Instant start, Instant end, Map<Labels, Long> lastSeen) throws IOException {
            return (down.test(job) ? dead : up).read(q, start, end, lastSeen);
        }

        @Override
        public String url() {
            return up.url();
        }

        @Override
        public void close() {
            up.close();
            dead.close();
        }
    }

    /**
     * Runs {@code jobs} jobs from {@link #FIRST_JOB}; reads fail while {@code down} holds for the job
     * index; {@code afterJob} gets the index of the job just done. Returns the metrics registry.
     */
    static PrometheusRegistry run(String yaml, int jobs, IntPredicate down, IntConsumer afterJob) throws Exception {
        return run(yaml, FIRST_JOB, jobs, down, afterJob, null);
    }

    /** As {@link #run(String, int, IntPredicate, IntConsumer)}, from {@code start}, with model state in {@code store}. */
    static PrometheusRegistry run(String yaml, Instant start, int jobs, IntPredicate down, IntConsumer afterJob,
                                  StateStore store) throws Exception {
        RunnerConfig c = RunnerConfigs.parse(yaml, "p.yml", Map.of(), ModelRegistry.standard());
        PrometheusRegistry registry = new PrometheusRegistry();
        ManualTicker ticker = new ManualTicker(start);
        AnomalyService[] ref = new AnomalyService[1];
        try (OutageReader reader = new OutageReader(c, down); SeriesWriter writer = IoFactory.writer(c.writer());
             AnomalyService s = new AnomalyService(c, reader, writer, ticker, new RunnerMetrics(registry, "t"), () -> {
                 afterJob.accept(reader.job);
                 reader.job++;
                 if (reader.job == jobs) {
                     ref[0].stop();
                 }
             }, store)) {
            ref[0] = s;
            s.run();
        }
        VM.flush();
        return registry;
    }

    /** The exported timestamps (ms after T) of {@code var} for a model and host; fails on a repeat or off-grid one. */
    static TreeSet<Long> scored(String run, String var, String model, String host) throws Exception {
        List<JsonNode> got = ServiceVictoriaMetricsTest.export(VM.url(), var + "{run=\"" + run + "\",model_alias=\"" + model
                + "\",host=\"" + host + "\"}");
        assertThat(got).as("%s of %s/%s", var, model, host).hasSize(1);
        TreeSet<Long> out = new TreeSet<>();
        for (JsonNode t : got.get(0).get("timestamps")) {
            long ms = t.asLong() - T.toEpochMilli();
            assertThat(ms % STEP).as("%s/%s timestamp %s on the 10 s grid", model, host, ms).isZero();
            assertThat(out.add(ms)).as("%s/%s timestamp %s scored once", model, host, ms).isTrue();
        }
        return out;
    }

    /** The grid points (ms after T) in {@code [from, to]}. */
    static TreeSet<Long> grid(long from, long to) {
        TreeSet<Long> s = new TreeSet<>();
        for (long t = from; t <= to; t += STEP) {
            s.add(t);
        }
        return s;
    }

    /** The last grid point the job with index {@code k} reads (ms after T). */
    static long lastPoint(int k) {
        return 600_000 + k * STEP;
    }

    @Test
    void run_fitEveryThreeInferencesOffGrid_scoresEachGridPointOnce() throws Exception {
        importGrid("load_grid", 0, lastPoint(40));
        int jobs = 15; // five fit cycles
        run(config("load_grid", "grid", ""), jobs, k -> false, k -> { });
        for (String m : MODELS) {
            for (String h : HOSTS) {
                // The first job infers (first job - infer_every - step, first job]: 590 s and 600 s.
                assertThat(scored("grid", "anomaly_score", m, h)).isEqualTo(grid(590_000, lastPoint(jobs - 1)));
            }
        }
        assertThat(scored("grid", "y", "on", "a")).isEqualTo(grid(590_000, lastPoint(jobs - 1)));
    }

    @Test
    void run_outageThenLatePointsByDefault_scoresEveryLatePointOnce() throws Exception {
        // Data up to the 12th job; VictoriaMetrics unreachable for jobs 12..17 (a minute); the
        // collector's buffered points arrive when it is back, before job 18 reads.
        importGrid("load_late", 0, lastPoint(11));
        int jobs = 30;
        PrometheusRegistry registry = run(config("load_late", "late", ""), jobs, k -> k >= 12 && k < 18, k -> {
            if (k == 17) {
                uncheckedImport("load_late", lastPoint(12), lastPoint(jobs));
            }
        });
        for (String m : MODELS) {
            for (String h : HOSTS) {
                assertThat(scored("late", "anomaly_score", m, h)).isEqualTo(grid(590_000, lastPoint(jobs - 1)));
            }
        }
        assertThat(ServiceVictoriaMetricsTest.scrape(registry)).doesNotContain("reason=\"catch_up_limit\"");
    }

    @Test
    void run_outageThenReadBeforeTheCollectorFlushes_scoresTheRealLatePointsNotTheLookBackCopy() throws Exception {
        // As above, but the first read after the outage comes before the collector's flush: VictoriaMetrics
        // answers 720 s (the step after the last sample, 710 s) with a copy of 710 s. That copy is left
        // for the next job, which reads the real 720 s.
        importGrid("load_flush", 0, lastPoint(11));
        int jobs = 24;
        run(config("load_flush", "flush", ""), jobs, k -> k >= 12 && k < 18, k -> {
            if (k == 18) {
                uncheckedImport("load_flush", lastPoint(12), lastPoint(jobs));
            }
        });
        for (String m : MODELS) {
            for (String h : HOSTS) {
                assertThat(scored("flush", "anomaly_score", m, h)).isEqualTo(grid(590_000, lastPoint(jobs - 1)));
            }
        }
        for (String h : HOSTS) {
            JsonNode y = ServiceVictoriaMetricsTest.export(VM.url(), "y{run=\"flush\",model_alias=\"on\",host=\"" + h
                    + "\"}").get(0);
            ServiceVictoriaMetricsTest.points(y).forEach((t, v) -> assertThat(v).as("y of %s at %s", h, t)
                    .isCloseTo(value(h, t - T.toEpochMilli()), org.assertj.core.api.Assertions.within(1e-9)));
        }
    }

    @Test
    void run_outageThenLatePointsWithCatchUpOff_losesThePointsOfTheMissedWindows() throws Exception {
        importGrid("load_fixed", 0, lastPoint(11));
        int jobs = 24;
        run(config("load_fixed", "fixed", "  query_from_last_seen_timestamp: false"), jobs, k -> k >= 12 && k < 18,
                k -> {
                    if (k == 17) {
                        uncheckedImport("load_fixed", lastPoint(12), lastPoint(jobs));
                    }
                });
        // vmanomaly's fixed windows: job 18 reads (its time - 20 s, its time]: 770 s and 780 s only.
        TreeSet<Long> expected = grid(590_000, lastPoint(11));
        expected.addAll(grid(lastPoint(17), lastPoint(jobs - 1)));
        assertThat(scored("fixed", "anomaly_score", "on", "a")).isEqualTo(expected);
    }

    @Test
    void run_outageLongerThanTheLimit_scoresFromTheLimitAndCountsTheRest() throws Exception {
        importGrid("load_limit", 0, lastPoint(11));
        int jobs = 30;
        PrometheusRegistry registry = run(config("load_limit", "limit", "  query_last_seen_max_lookback: 30s"), jobs,
                k -> k >= 12 && k < 18, k -> {
                    if (k == 17) {
                        uncheckedImport("load_limit", lastPoint(12), lastPoint(jobs));
                    }
                });
        // Job 18 reaches back 30 s from its time: 760, 770, 780 s; 720 .. 750 s are beyond the limit.
        TreeSet<Long> expected = grid(590_000, lastPoint(11));
        expected.addAll(grid(lastPoint(16), lastPoint(jobs - 1)));
        for (String m : MODELS) {
            assertThat(scored("limit", "anomaly_score", m, "a")).isEqualTo(expected);
        }
        // 4 slots x 2 hosts, counted once for the (scheduler, query) read
        assertThat(ServiceVictoriaMetricsTest.scrape(registry)).contains("vmanomaly_reader_datapoints_dropped_total{"
                + "preset=\"\",query_key=\"q\",reason=\"catch_up_limit\"} 8.0");
    }

    @Test
    void run_restartWithRestoreState_scoresNoPointAgain(@TempDir Path dir) throws Exception {
        importGrid("load_restart", 0, lastPoint(40));
        // restore_state: a store without it is on-disk mode, whose dumps do not survive a restart.
        String yaml = config("load_restart", "restart", "") + "settings: {restore_state: true}\n";
        // Jobs 0..13 (fits at 0, 3, .., 12); stopped, restarted 5 s after job 13, before the next fit:
        // the models are reused and the schedule resumes at job 14.
        run(yaml, FIRST_JOB, 14, k -> false, k -> { }, StateStore.in(dir, ModelRegistry.standard()));
        run(yaml, FIRST_JOB.plusSeconds(135), 10, k -> false, k -> { }, StateStore.in(dir, ModelRegistry.standard()));
        for (String m : MODELS) {
            for (String h : HOSTS) {
                assertThat(scored("restart", "anomaly_score", m, h)).isEqualTo(grid(590_000, lastPoint(23)));
            }
        }
    }

    private static void uncheckedImport(String metric, long from, long to) {
        try {
            importGrid(metric, from, to);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
