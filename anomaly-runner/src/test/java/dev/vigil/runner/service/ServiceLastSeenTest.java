package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.vm.OutputSeries;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * {@code query_from_last_seen_timestamp} with {@code query_last_seen_max_lookback}, and
 * {@code series_processing_batch_size}, through the service with a simulated clock. A job that
 * overruns by 10 minutes (an outage) makes the periodic scheduler skip slots; the options decide
 * how much of the gap the next inference catches up.
 */
class ServiceLastSeenTest {

    static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
    static final long MINUTE = 60_000;

    static String config(String readerExtra, String settings) {
        return String.join("\n",
                "schedulers:",
                "  p: {class: periodic, infer_every: 1m, fit_every: 1h, fit_window: 1h}",
                "models:",
                "  z: {class: zscore_online, queries: [q], schedulers: [p], provide_series: [anomaly_score, y]}",
                "reader:",
                "  class: vm",
                "  datasource_url: http://127.0.0.1:1",
                "  sampling_period: 1m",
                readerExtra,
                "  queries: {q: {expr: m}}",
                "writer: {datasource_url: 'http://127.0.0.1:1'}",
                settings,
                "");
    }

    /**
     * {@code hosts} series, one point a minute up to "now"; honours {@code lastSeen} as the
     * VictoriaMetrics reader does (window from the oldest last-seen point, listed series only newer).
     */
    static final class Reader implements SeriesReader {
        final ManualTicker ticker;
        final int hosts;
        final List<Long> readStarts = new ArrayList<>();
        final List<Integer> lastSeenSizes = new ArrayList<>();

        Reader(ManualTicker ticker, int hosts) {
            this.ticker = ticker;
            this.hosts = hosts;
        }

        @Override
        public Result read(QueryConfig q, Instant start, Instant end, Map<Labels, Long> lastSeen) {
            long from = start.toEpochMilli();
            for (long t : lastSeen.values()) {
                from = Math.min(from, t + 1);
            }
            readStarts.add(from);
            lastSeenSizes.add(lastSeen.size());
            long to = Math.min(end.toEpochMilli(), ticker.now().toEpochMilli());
            List<Series> out = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                Labels l = Labels.of("__name__", "m", "host", "h" + h);
                Long seen = lastSeen.get(l);
                long a = seen == null ? from : seen + 1;
                long first = Math.floorDiv(a + MINUTE - 1, MINUTE) * MINUTE;
                int n = (int) Math.max(0, (to - first) / MINUTE + 1);
                long[] ts = new long[n];
                double[] vs = new double[n];
                for (int i = 0; i < n; i++) {
                    ts[i] = first + i * MINUTE;
                    vs[i] = 10 + h + Math.sin(ts[i] / 1e6);
                }
                out.add(Series.of(l, ts, vs));
            }
            return new Result(out, 0, 0);
        }

        @Override
        public String url() {
            return "fake://reader";
        }
    }

    record Run(List<OutputSeries> written, Reader reader, List<Instant> jobTimes, int lastTaskCount,
               PrometheusRegistry registry) {
    }

    /** The configured workers, remembering how many tasks the last model stage handed them. */
    static final class CountingWorkers implements Workers {
        final Workers inner;
        volatile int lastTaskCount;

        CountingWorkers(Workers inner) {
            this.inner = inner;
        }

        @Override
        public <T> List<T> runAll(List<Callable<T>> tasks, T failed) {
            lastTaskCount = tasks.size();
            return inner.runAll(tasks, failed);
        }

        @Override
        public <T> java.util.concurrent.Future<T> start(Callable<T> task) {
            return inner.start(task);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** Runs {@code jobs} jobs; after the third, the clock jumps 10 minutes (the job "overran"). */
    static Run run(String yaml, int hosts, int jobs) throws Exception {
        RunnerConfig c = RunnerConfigs.parse(yaml, "p.yml", Map.of(), ModelRegistry.standard());
        ManualTicker ticker = new ManualTicker(START);
        Reader reader = new Reader(ticker, hosts);
        ServicePeriodicTest.FakeWriter writer = new ServicePeriodicTest.FakeWriter(i -> false);
        List<Instant> times = new ArrayList<>();
        AnomalyService[] ref = new AnomalyService[1];
        CountingWorkers workers = new CountingWorkers(Workers.of(c.settings().nWorkers()));
        PrometheusRegistry registry = new PrometheusRegistry();
        try (AnomalyService s = new AnomalyService(c, reader, writer, ticker,
                new RunnerMetrics(registry, "t"), () -> {
                    times.add(ticker.now());
                    if (times.size() == 3) {
                        ticker.advanceTo(ticker.now().plusSeconds(600));
                    }
                    if (times.size() == jobs) {
                        ref[0].stop();
                    }
                }, workers)) {
            ref[0] = s;
            s.run();
            return new Run(writer.written, reader, times, workers.lastTaskCount, registry);
        }
    }

    /** Minutes after START of every written y point of host h0; fails on a point written twice. */
    static TreeSet<Long> yMinutes(List<OutputSeries> written) {
        TreeSet<Long> out = new TreeSet<>();
        for (OutputSeries o : written) {
            if (o.variable().equals("y") && "h0".equals(o.series().labels().get("host"))) {
                for (long t : o.series().timestamps()) {
                    assertThat(out.add((t - START.toEpochMilli()) / MINUTE)).as("minute written twice").isTrue();
                }
            }
        }
        return out;
    }

    static TreeSet<Long> range(long a, long b) {
        TreeSet<Long> s = new TreeSet<>();
        for (long i = a; i <= b; i++) {
            s.add(i);
        }
        return s;
    }

    @Test
    void run_overrunWithTheOptionOff_leavesAGap() throws Exception {
        Run r = run(config("  query_from_last_seen_timestamp: false", ""), 1, 6);
        long resumed = (r.jobTimes().get(3).toEpochMilli() - START.toEpochMilli()) / MINUTE;
        assertThat(resumed).isGreaterThanOrEqualTo(12);
        TreeSet<Long> y = yMinutes(r.written());
        // Minutes -1..2 before the outage; after it only the normal window (resumed - 1, resumed] onwards.
        assertThat(y.headSet(3L)).isEqualTo(range(-1, 2));
        assertThat(y.tailSet(3L).first()).isEqualTo(resumed - 1);
        assertThat(y.subSet(3L, resumed - 1)).isEmpty();
    }

    @Test
    void run_overrunWithQueryFromLastSeen_catchesUpEveryMissedPointOnce() throws Exception {
        Run r = run(config("  query_from_last_seen_timestamp: true", ""), 1, 6);
        long last = (r.jobTimes().get(5).toEpochMilli() - START.toEpochMilli()) / MINUTE;
        assertThat(yMinutes(r.written())).isEqualTo(range(-1, last));
        // The resumed job read from right after the last point seen (minute 2).
        assertThat(r.reader().readStarts.get(3)).isEqualTo(START.toEpochMilli() + 2 * MINUTE + 1);
    }

    @Test
    void run_overrunByDefault_catchesUpEveryMissedPointOnce() throws Exception {
        Run r = run(config("", ""), 1, 6);
        long last = (r.jobTimes().get(5).toEpochMilli() - START.toEpochMilli()) / MINUTE;
        assertThat(yMinutes(r.written())).isEqualTo(range(-1, last));
    }

    @Test
    void run_fitJobWhileCatchingUp_readsItsWholeFitWindowUnfiltered() throws Exception {
        Run r = run(config("", "").replace("fit_every: 1h", "fit_every: 3m"), 1, 6);
        long resumed = (r.jobTimes().get(3).toEpochMilli() - START.toEpochMilli()) / MINUTE;
        assertThat(resumed % 3).as("the resumed job fits").isZero();
        // The fit needs the points already scored: no per-series filter, the read starts at the fit window.
        assertThat(r.reader().lastSeenSizes.get(3)).isZero();
        assertThat(r.reader().readStarts.get(3)).isEqualTo(START.toEpochMilli() + (resumed - 60) * MINUTE);
        // Inference-only jobs are still filtered per series.
        assertThat(r.reader().lastSeenSizes.get(1)).isEqualTo(1);
        long last = (r.jobTimes().get(5).toEpochMilli() - START.toEpochMilli()) / MINUTE;
        assertThat(yMinutes(r.written())).isEqualTo(range(-1, last));
    }

    @Test
    void run_maxLookback_boundsTheCatchUpFromTheJobTime() throws Exception {
        Run r = run(config("  query_from_last_seen_timestamp: true\n  query_last_seen_max_lookback: 5m", ""), 1, 6);
        long resumed = (r.jobTimes().get(3).toEpochMilli() - START.toEpochMilli()) / MINUTE;
        long last = (r.jobTimes().get(5).toEpochMilli() - START.toEpochMilli()) / MINUTE;
        TreeSet<Long> expected = range(-1, 2);
        expected.addAll(range(resumed - 4, last)); // (resumed - 5 min, resumed]
        assertThat(yMinutes(r.written())).isEqualTo(expected);
        assertThat(r.reader().readStarts.get(3)).isEqualTo(START.toEpochMilli() + (resumed - 5) * MINUTE + 1);
        // Minutes 3 .. resumed - 5 were beyond the limit: counted once, in the job that resumed.
        assertThat(ServiceVictoriaMetricsTest.scrape(r.registry())).contains("vmanomaly_reader_datapoints_dropped_total{"
                + "preset=\"\",query_key=\"q\",reason=\"catch_up_limit\"} " + (resumed - 5 - 2) + ".0");
    }

    @Test
    void run_maxLookbackBelowTheWindow_neverShortensTheNormalInference() throws Exception {
        Run off = run(config("  query_from_last_seen_timestamp: false", ""), 1, 6);
        Run tiny = run(config("  query_from_last_seen_timestamp: true\n  query_last_seen_max_lookback: 1s", ""), 1, 6);
        // Raised to one step, and never later than the job's own inference start: the same as no catch-up.
        assertThat(yMinutes(tiny.written())).isEqualTo(yMinutes(off.written()));
    }

    @Test
    void run_seriesProcessingBatchSize_groupsSeriesPerTaskWithTheSameOutput() throws Exception {
        Map<Integer, TreeMap<String, String>> outputs = new HashMap<>();
        for (int batch : new int[] {1, 3, 8, 100}) {
            Run r = run(config("  series_processing_batch_size: " + batch, "settings: {n_workers: 2}"), 7, 5);
            assertThat(r.lastTaskCount()).as("tasks for 7 series in batches of %d", batch).isEqualTo((7 + batch - 1) / batch);
            outputs.put(batch, ServicePeriodicTest.canonical(r.written()));
        }
        assertThat(outputs.get(1)).hasSize(7 * 2 * 5);
        assertThat(outputs.get(3)).isEqualTo(outputs.get(1));
        assertThat(outputs.get(8)).isEqualTo(outputs.get(1));
        assertThat(outputs.get(100)).isEqualTo(outputs.get(1));
    }
}
