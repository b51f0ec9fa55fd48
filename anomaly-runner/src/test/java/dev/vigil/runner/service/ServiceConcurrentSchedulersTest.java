package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.testing.StubSpec;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.vm.OutputSeries;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** Each scheduler on its own timeline; {@code n_workers} bounding the fits and inferences of all of them. */
class ServiceConcurrentSchedulersTest {

    static final Instant START = Instant.parse("2024-05-01T00:00:00Z");
    static final long MINUTE = 60_000;

    /** Schedulers {@code s0..s(n-1)}, each with query {@code q<i>} and model {@code z<i>}. */
    static String config(int schedulers, String settings) {
        StringBuilder y = new StringBuilder("schedulers:\n");
        for (int i = 0; i < schedulers; i++) {
            y.append("  s").append(i).append(": {class: periodic, infer_every: 1m, fit_every: 10m, fit_window: 1h}\n");
        }
        y.append("models:\n");
        for (int i = 0; i < schedulers; i++) {
            y.append("  z").append(i).append(": {class: zscore, queries: [q").append(i).append("], schedulers: [s")
                    .append(i).append("]}\n");
        }
        y.append("reader:\n  datasource_url: http://127.0.0.1:1\n  sampling_period: 1m\n"
                + "  series_processing_batch_size: 1\n  queries:\n");
        for (int i = 0; i < schedulers; i++) {
            y.append("    q").append(i).append(": 'm").append(i).append("'\n");
        }
        return y + "writer:\n  datasource_url: http://127.0.0.1:1\n" + settings;
    }

    /** {@code hosts} series with a point a minute in the window read; calls {@code onRead} first. */
    static final class Reader implements SeriesReader {
        final int hosts;
        final Predicate<String> onRead;

        Reader(int hosts, Predicate<String> onRead) {
            this.hosts = hosts;
            this.onRead = onRead;
        }

        @Override
        public Result read(QueryConfig q, Instant start, Instant end, Map<Labels, Long> lastSeen) {
            onRead.test(q.alias());
            long from = Math.floorDiv(start.toEpochMilli() + MINUTE - 1, MINUTE) * MINUTE;
            int n = (int) Math.max(0, (end.toEpochMilli() - from) / MINUTE + 1);
            List<Series> out = new ArrayList<>();
            for (int h = 0; h < hosts; h++) {
                long[] ts = new long[n];
                double[] vs = new double[n];
                for (int i = 0; i < n; i++) {
                    ts[i] = from + i * MINUTE;
                    vs[i] = 10 + Math.sin(ts[i] / 1e6) + h;
                }
                out.add(Series.of(Labels.of("__name__", "m", "host", "h" + h), ts, vs));
            }
            return new Result(out, 0, 0);
        }

        @Override
        public String url() {
            return "fake://reader";
        }
    }

    /** Counts the series written per scheduler (written from several timelines at once). */
    static final class Writer implements SeriesWriter {
        final Map<String, AtomicInteger> bySchedule = new ConcurrentHashMap<>();

        @Override
        public Written write(List<OutputSeries> series) {
            for (OutputSeries o : series) {
                bySchedule.computeIfAbsent(o.schedulerAlias(), k -> new AtomicInteger()).incrementAndGet();
            }
            return new Written(series.size(), 0, 0);
        }

        @Override
        public String url() {
            return "fake://writer";
        }
    }

    @Test
    void run_slowJobOfOneScheduler_doesNotDelayTheJobsOfAnother() throws Exception {
        RunnerConfig c = RunnerConfigs.parse(config(2, ""), "c.yml", Map.of(), ModelRegistry.standard());
        CountDownLatch fiveJobsOfS1 = new CountDownLatch(5);
        AtomicBoolean s0Blocked = new AtomicBoolean(true);
        AtomicBoolean s1RanWhileS0Blocked = new AtomicBoolean();
        AtomicInteger s1Reads = new AtomicInteger();
        Reader reader = new Reader(2, q -> {
            if (q.equals("q0") && s0Blocked.get()) {
                // s0's first job hangs (a slow datasource, a heavy refit) until s1 ran five jobs, at most 10 s.
                try {
                    s1RanWhileS0Blocked.set(fiveJobsOfS1.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                s0Blocked.set(false);
            } else if (q.equals("q1")) {
                s1Reads.incrementAndGet();
                fiveJobsOfS1.countDown();
            }
            return true;
        });
        Writer writer = new Writer();
        AnomalyService[] ref = new AnomalyService[1];
        try (AnomalyService s = new AnomalyService(c, reader, writer, new ManualTicker(START),
                new RunnerMetrics(new PrometheusRegistry(), "t"), () -> {
                    if (!s0Blocked.get() && s1Reads.get() >= 5) {
                        ref[0].stop();
                    }
                })) {
            ref[0] = s;
            s.run();
            assertThat(s.awaitFinished(Duration.ofSeconds(1))).isTrue();
        }

        assertThat(s1RanWhileS0Blocked).as("s1 ran five jobs while s0's first job was blocked").isTrue();
        assertThat(writer.bySchedule.get("s0").get()).as("s0's blocked job still wrote").isPositive();
        assertThat(writer.bySchedule.get("s1").get()).isGreaterThanOrEqualTo(5 * 2);
    }

    /** The configured workers, recording the most tasks running at once. */
    static final class ProbeWorkers implements Workers {
        final Workers inner;
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger max = new AtomicInteger();
        final AtomicInteger tasks = new AtomicInteger();

        ProbeWorkers(Workers inner) {
            this.inner = inner;
        }

        @Override
        public <T> List<T> runAll(List<Callable<T>> tasks, T failed) {
            List<Callable<T>> probed = new ArrayList<>();
            for (Callable<T> t : tasks) {
                probed.add(probe(t));
            }
            return inner.runAll(probed, failed);
        }

        @Override
        public <T> java.util.concurrent.Future<T> start(Callable<T> task) {
            return inner.start(probe(task));
        }

        private <T> Callable<T> probe(Callable<T> t) {
            return () -> {
                max.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    Thread.sleep(3); // long enough for the timelines' tasks to overlap if allowed to
                    this.tasks.incrementAndGet();
                    return t.call();
                } finally {
                    running.decrementAndGet();
                }
            };
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    static ProbeWorkers runThreeSchedulers(int nWorkers) throws Exception {
        RunnerConfig c = RunnerConfigs.parse(config(3, "settings: {n_workers: " + nWorkers + "}\n"), "c.yml", Map.of(),
                ModelRegistry.standard());
        ProbeWorkers workers = new ProbeWorkers(Workers.of(c.settings().nWorkers()));
        AtomicInteger jobs = new AtomicInteger();
        AnomalyService[] ref = new AnomalyService[1];
        try (AnomalyService s = new AnomalyService(c, new Reader(4, q -> true), new Writer(), new ManualTicker(START),
                new RunnerMetrics(new PrometheusRegistry(), "t"), () -> {
                    if (jobs.incrementAndGet() == 30) {
                        ref[0].stop();
                    }
                }, workers)) {
            ref[0] = s;
            s.run();
        }
        return workers;
    }

    @Test
    void run_threeSchedulersAndOneWorker_runOneFitOrInferenceAtATime() throws Exception {
        ProbeWorkers w = runThreeSchedulers(1);

        assertThat(w.tasks.get()).isGreaterThanOrEqualTo(30 * 4);
        assertThat(w.max.get()).isEqualTo(1);
    }

    @Test
    void run_threeSchedulersAndTwoWorkers_runAtMostTwoFitsOrInferencesAtOnce() throws Exception {
        ProbeWorkers w = runThreeSchedulers(2);

        assertThat(w.tasks.get()).isGreaterThanOrEqualTo(30 * 4);
        assertThat(w.max.get()).isEqualTo(2);
    }

    @Test
    void stop_jobsInProgressOnTwoTimelines_waitsForBothAndNamesBothWhileRunning() throws Exception {
        CountDownLatch fitting = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        StubSpec slow = StubSpec.blockingFit("slow", fitting, release);
        String yaml = config(2, "settings: {n_workers: 2}\n").replace("class: zscore", "class: test.Slow");
        RunnerConfig c = RunnerConfigs.parse(yaml, "c.yml", Map.of(), ModelRegistry.standard()
                .with(slow.entry("test.Slow")));
        Writer writer = new Writer();
        try (AnomalyService s = new AnomalyService(c, new Reader(1, q -> true), writer, new ManualTicker(START),
                new RunnerMetrics(new PrometheusRegistry(), "t"), null)) {
            Thread t = new Thread(() -> {
                try {
                    s.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "service");
            t.start();
            try {
                assertThat(fitting.await(30, TimeUnit.SECONDS)).as("both schedulers fitting at once").isTrue();
                s.stop();
                assertThat(s.awaitFinished(Duration.ofMillis(200))).isFalse();
                assertThat(s.inProgress()).hasSize(2).anySatisfy(l -> assertThat(l).contains("scheduler 's0'"))
                        .anySatisfy(l -> assertThat(l).contains("scheduler 's1'"));
            } finally {
                release.countDown();
            }
            assertThat(s.awaitFinished(Duration.ofSeconds(30))).isTrue();
            t.join(5_000);
        }
        // Both jobs in progress at the stop completed, writes included; no job started after it.
        assertThat(writer.bySchedule.keySet()).containsExactlyInAnyOrder("s0", "s1");
    }
}
