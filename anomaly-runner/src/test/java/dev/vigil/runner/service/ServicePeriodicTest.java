package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.testing.StubSpec;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.runner.io.IoFailure;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.vm.OutputSeries;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/** The periodic scheduler driven by a simulated clock, with a datasource and a writer that fail. */
class ServicePeriodicTest {

    static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
    static final long MINUTE = 60_000;

    static String config(String extraModel) {
        return String.join("\n",
                "schedulers:",
                "  p:",
                "    class: periodic",
                "    infer_every: 1m",
                "    fit_every: 10m",
                "    fit_window: 1h",
                "models:",
                "  z:",
                "    class: zscore_online",
                "    queries: [q]",
                "    schedulers: [p]",
                "    provide_series: [anomaly_score, y]",
                extraModel,
                "reader:",
                "  class: vm",
                "  datasource_url: http://127.0.0.1:1",
                "  sampling_period: 1m",
                "  queries:",
                "    q: 'm'",
                "writer:",
                "  datasource_url: http://127.0.0.1:1",
                "");
    }

    /** A datasource of two series with one point a minute up to the clock's "now"; fails on chosen calls. */
    static final class FakeReader implements SeriesReader {
        final ManualTicker ticker;
        final IntPredicate failOnCall;
        final List<Instant[]> windows = new ArrayList<>();
        int calls;

        FakeReader(ManualTicker ticker, IntPredicate failOnCall) {
            this.ticker = ticker;
            this.failOnCall = failOnCall;
        }

        @Override
        public Result read(QueryConfig q, Instant start, Instant end, Map<Labels, Long> lastSeen) throws IOException {
            int call = calls++;
            windows.add(new Instant[] {start, end});
            if (failOnCall.test(call)) {
                throw new IoFailure("connection_error", "datasource down (test)", null);
            }
            long from = Math.max(START.minusSeconds(7200).toEpochMilli(), ceil(start.toEpochMilli()));
            long to = Math.min(end.toEpochMilli(), ticker.now().toEpochMilli());
            List<Series> out = new ArrayList<>();
            for (String host : hosts(ticker.now())) {
                int n = (int) Math.max(0, (to - from) / MINUTE + 1);
                long[] ts = new long[n];
                double[] vs = new double[n];
                for (int i = 0; i < n; i++) {
                    ts[i] = from + i * MINUTE;
                    vs[i] = 10 + Math.sin(ts[i] / 1e6) + (host.equals("b") ? 5 : 0);
                }
                out.add(Series.of(Labels.of("__name__", "m", "host", host), ts, vs));
            }
            return new Result(out, 0, 0);
        }

        /** Host "c" appears at START + 5 min (between two fits). */
        static List<String> hosts(Instant now) {
            return now.isBefore(START.plusSeconds(300)) ? List.of("a", "b") : List.of("a", "b", "c");
        }

        static long ceil(long t) {
            return Math.floorDiv(t + MINUTE - 1, MINUTE) * MINUTE;
        }

        @Override
        public String url() {
            return "fake://reader";
        }
    }

    /** Records what was written; fails on chosen calls. */
    static final class FakeWriter implements SeriesWriter {
        final IntPredicate failOnCall;
        final List<OutputSeries> written = new ArrayList<>();
        int calls;

        FakeWriter(IntPredicate failOnCall) {
            this.failOnCall = failOnCall;
        }

        @Override
        public Written write(List<OutputSeries> series) throws IOException {
            if (failOnCall.test(calls++)) {
                throw new IoFailure("503", "HTTP 503 (test)", null);
            }
            written.addAll(series);
            return new Written(series.size(), 0, 0);
        }

        @Override
        public String url() {
            return "fake://writer";
        }
    }

    record Run(FakeReader reader, FakeWriter writer, String metrics, int jobs) {
    }

    static Run run(String yaml, int jobs, IntPredicate readFails, IntPredicate writeFails) throws Exception {
        return run(yaml, jobs, readFails, writeFails, ModelRegistry.standard());
    }

    static Run run(String yaml, int jobs, IntPredicate readFails, IntPredicate writeFails, ModelRegistry models)
            throws Exception {
        RunnerConfig c = RunnerConfigs.parse(yaml, "p.yml", Map.of(), models);
        ManualTicker ticker = new ManualTicker(START);
        FakeReader reader = new FakeReader(ticker, readFails);
        FakeWriter writer = new FakeWriter(writeFails);
        PrometheusRegistry registry = new PrometheusRegistry();
        int[] done = {0};
        AnomalyService[] ref = new AnomalyService[1];
        try (AnomalyService s = new AnomalyService(c, reader, writer, ticker, new RunnerMetrics(registry, "t"), () -> {
            if (++done[0] == jobs) {
                ref[0].stop();
            }
        })) {
            ref[0] = s;
            s.run();
        }
        return new Run(reader, writer, ServiceVictoriaMetricsTest.scrape(registry), done[0]);
    }

    @Test
    void run_periodicWithFakeClock_infersEveryMinuteRefitsEveryTenAndNeverRepeatsAPoint() throws Exception {
        Run r = run(config(""), 31, i -> false, i -> false);

        assertThat(r.jobs()).isEqualTo(31);
        // One read per job; fit jobs read the fit window, infer jobs only the last step or two.
        assertThat(r.reader().windows).hasSize(31);
        for (int j = 0; j < 31; j++) {
            Instant at = START.plusSeconds(60L * j);
            Instant[] w = r.reader().windows.get(j);
            assertThat(w[1]).isEqualTo(at);
            assertThat(w[0]).isEqualTo(j % 10 == 0 ? at.minusSeconds(3600) : at.minusSeconds(120));
        }
        // Every series gets each minute's point exactly once, with model/scheduler labels.
        Map<String, TreeSet<Long>> seen = new java.util.HashMap<>();
        for (OutputSeries o : r.writer().written) {
            assertThat(o.modelAlias()).isEqualTo("z");
            assertThat(o.schedulerAlias()).isEqualTo("p");
            assertThat(o.queryKey()).isEqualTo("q");
            String key = o.variable() + "/" + o.series().labels().get("host");
            TreeSet<Long> ts = seen.computeIfAbsent(key, k -> new TreeSet<>());
            for (long t : o.series().timestamps()) {
                assertThat(ts.add(t)).as("%s at %d written twice", key, t).isTrue();
            }
        }
        assertThat(seen.keySet()).containsExactlyInAnyOrder("anomaly_score/a", "anomaly_score/b", "anomaly_score/c",
                "y/a", "y/b", "y/c");
        // The online model starts a fresh instance for host c at once (its first infer covers 2 steps back).
        assertThat(seen.get("y/c").first()).isEqualTo(START.toEpochMilli() + 4 * MINUTE);
        // The first fit-and-infer job infers the point at START and the one before it, then one per minute.
        assertThat(seen.get("y/a")).hasSize(32).first().isEqualTo(START.toEpochMilli() - MINUTE);
        assertThat(seen.get("y/a").last()).isEqualTo(START.toEpochMilli() + 30 * MINUTE);
        assertThat(r.metrics()).contains("vmanomaly_model_runs_total{model_alias=\"z\",preset=\"\",query_key=\"q\","
                + "scheduler_alias=\"p\",stage=\"fit_infer\"} 22.0"); // (fit, infer) x (2 series at 0 min + 3 at 10, 20, 30)
        assertThat(r.metrics()).contains("vmanomaly_models_active{model_alias=\"z\",preset=\"\",query_key=\"q\","
                + "scheduler_alias=\"p\"} 3.0");
    }

    @Test
    void run_withFourWorkers_writesExactlyWhatOneWorkerWrites() throws Exception {
        Run one = run(config(""), 25, i -> false, i -> false);
        Run four = run(config("") + "settings:\n  n_workers: 4\n", 25, i -> false, i -> false);
        assertThat(canonical(four.writer().written)).isEqualTo(canonical(one.writer().written));
    }

    static java.util.TreeMap<String, String> canonical(List<OutputSeries> written) {
        java.util.TreeMap<String, String> m = new java.util.TreeMap<>();
        for (OutputSeries o : written) {
            String k = o.variable() + o.series().labels() + o.series().firstTimestamp();
            m.merge(k, java.util.Arrays.toString(o.series().values()), (a, b) -> a + b);
        }
        return m;
    }

    @Test
    void run_offlineModel_newSeriesWaitsForTheNextFit() throws Exception {
        String yaml = config("").replace("class: zscore_online", "class: model.zscore.ZscoreModel");
        Run r = run(yaml, 15, i -> false, i -> false);
        TreeSet<Long> c = new TreeSet<>();
        for (OutputSeries o : r.writer().written) {
            if ("c".equals(o.series().labels().get("host"))) {
                for (long t : o.series().timestamps()) {
                    c.add(t);
                }
            }
        }
        // Host c appears at 5 min; the offline model has no instance for it until the fit at 10 min, whose
        // inference window reaches back one step before the previous tick (9 min).
        assertThat(c).isNotEmpty();
        assertThat(c.first()).isEqualTo(START.toEpochMilli() + 9 * MINUTE);
        assertThat(r.metrics()).contains("vmanomaly_model_runs_skipped_total{model_alias=\"z\",preset=\"\","
                + "query_key=\"q\",scheduler_alias=\"p\",stage=\"infer\"} 5.0"); // c at 5..9 min
    }

    @Test
    void run_datasourceAndWriterFail_failuresAreCountedAndTheRunnerGoesOn() throws Exception {
        Set<Integer> readFails = new HashSet<>(List.of(3, 4, 5, 10));
        Run r = run(config(""), 20, readFails::contains, i -> i == 4); // the 5th write is job 7's

        assertThat(r.jobs()).isEqualTo(20);
        assertThat(r.reader().calls).isEqualTo(20);
        assertThat(r.metrics()).contains("vmanomaly_reader_responses_total{code=\"connection_error\",preset=\"\","
                + "query_key=\"q\",scheduler_alias=\"p\",url=\"fake://reader\"} 4.0");
        assertThat(r.metrics()).contains("vmanomaly_reader_responses_total{code=\"200\",preset=\"\","
                + "query_key=\"q\",scheduler_alias=\"p\",url=\"fake://reader\"} 16.0");
        assertThat(r.metrics()).contains("vmanomaly_writer_responses_total{code=\"503\",preset=\"\","
                + "query_key=\"q\",scheduler_alias=\"p\",url=\"fake://writer\"} 1.0");
        // Jobs after the failures still produced output: the last job's point is there.
        long last = START.toEpochMilli() + 19 * MINUTE;
        assertThat(r.writer().written).anyMatch(o -> o.series().lastTimestamp() == last);
        // A failed fit-and-infer read at job 10 leaves the previous model in place: job 11 infers.
        assertThat(r.writer().written).anyMatch(o -> o.series().lastTimestamp() == START.toEpochMilli() + 11 * MINUTE);
    }

    @Test
    void run_modelThatThrows_errorsAreCountedAndOtherModelsStillWrite() throws Exception {
        String extra = String.join("\n",
                "  boom:",
                "    class: boom",
                "    queries: [q]",
                "    schedulers: [p]");
        Run r = run(config(extra), 12, i -> false, i -> false,
                ModelRegistry.standard().with(StubSpec.failing("boom", "model bug").entry("test.Boom")));
        assertThat(r.jobs()).isEqualTo(12);
        assertThat(r.writer().written).anyMatch(o -> o.modelAlias().equals("z")
                && o.series().lastTimestamp() == START.toEpochMilli() + 11 * MINUTE);
        assertThat(r.writer().written).noneMatch(o -> o.modelAlias().equals("boom"));
        // Fits fail on every series at the two fit jobs (0 min: a, b; 10 min: a, b, c); infers in between are
        // skipped for want of a model (a, b: 10 jobs; c from 5 min: 6 jobs).
        assertThat(r.metrics()).contains("vmanomaly_model_run_errors_total{model_alias=\"boom\",preset=\"\","
                + "query_key=\"q\",scheduler_alias=\"p\",stage=\"fit_infer\"} 5.0");
        assertThat(r.metrics()).contains("vmanomaly_model_runs_skipped_total{model_alias=\"boom\",preset=\"\","
                + "query_key=\"q\",scheduler_alias=\"p\",stage=\"infer\"} 26.0");
    }
}
