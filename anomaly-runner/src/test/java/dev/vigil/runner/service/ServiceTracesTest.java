package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.testing.StubSpec;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.runner.scheduler.Ticker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What the service leaves behind when it skips runs, drops points, or abandons a job at stop. */
class ServiceTracesTest {

    static final Instant START = ServicePeriodicTest.START;
    static final long MINUTE = ServicePeriodicTest.MINUTE;

    @TempDir
    Path dir;

    /** Captures the WARN lines of one logger while {@code body} runs. */
    static <T> T logged(String logger, List<String> lines, Supplier<T> body) {
        Logger log = (Logger) LoggerFactory.getLogger(logger);
        ListAppender<ILoggingEvent> app = new ListAppender<>();
        app.start();
        log.addAppender(app);
        try {
            return body.get();
        } finally {
            log.detachAppender(app);
            app.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .forEach(e -> lines.add(e.getFormattedMessage()));
        }
    }

    /** One series a minute; the values of chosen minutes are NaN or infinite; job {@code overrunJob} takes 5 min. */
    static final class Reader implements SeriesReader {
        final ManualTicker ticker;
        final int overrunJob;
        int calls;

        Reader(ManualTicker ticker, int overrunJob) {
            this.ticker = ticker;
            this.overrunJob = overrunJob;
        }

        @Override
        public Result read(QueryConfig q, Instant start, Instant end, Map<Labels, Long> lastSeen) {
            long to = Math.min(end.toEpochMilli(), ticker.now().toEpochMilli());
            long from = ServicePeriodicTest.FakeReader.ceil(start.toEpochMilli());
            int n = (int) Math.max(0, (to - from) / MINUTE + 1);
            long[] ts = new long[n];
            double[] vs = new double[n];
            for (int i = 0; i < n; i++) {
                ts[i] = from + i * MINUTE;
                long minute = (ts[i] - START.toEpochMilli()) / MINUTE;
                // 1.8e308 overflows a double when parsed: +Inf, like the datasource's NaN at minute 2.
                vs[i] = minute == 2 ? Double.NaN : minute == 3 ? Double.parseDouble("1.8e308") : 10 + i % 3;
            }
            if (calls++ == overrunJob) {
                ticker.advanceTo(ticker.now().plusSeconds(300));
            }
            return new Result(List.of(Series.of(Labels.of("__name__", "m"), ts, vs)), 0, 0);
        }

        @Override
        public String url() {
            return "fake://reader";
        }
    }

    static String run(Reader reader, ManualTicker ticker, int jobs) throws Exception {
        RunnerConfig c = RunnerConfigs.parse(ServicePeriodicTest.config(""), "p.yml", Map.of(), ModelRegistry.standard());
        PrometheusRegistry registry = new PrometheusRegistry();
        int[] done = {0};
        AnomalyService[] ref = new AnomalyService[1];
        try (AnomalyService s = new AnomalyService(c, reader, new ServicePeriodicTest.FakeWriter(i -> false), ticker,
                new RunnerMetrics(registry, "t"), () -> {
                    if (++done[0] == jobs) {
                        ref[0].stop();
                    }
                })) {
            ref[0] = s;
            s.run();
        }
        return ServiceVictoriaMetricsTest.scrape(registry);
    }

    @Test
    void run_jobOverrunsFiveInferSlots_skippedRunsAreLoggedAndCounted() throws Exception {
        ManualTicker ticker = new ManualTicker(START);
        List<String> warns = new java.util.ArrayList<>();
        String metrics = logged("service", warns, () -> {
            try {
                return run(new Reader(ticker, 2), ticker, 6);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // The job at 2 min ends at 7 min: the slots at 3, 4, 5 and 6 min are skipped, 7 min runs.
        assertThat(metrics).contains("vmanomaly_scheduler_skipped_runs_total{preset=\"\",scheduler_alias=\"p\","
                + "stage=\"infer\"} 4.0");
        assertThat(metrics).doesNotContain("stage=\"fit\"} ");
        assertThat(warns).filteredOn(l -> l.contains("skipped")).singleElement().asString()
                .contains("scheduler 'p'", "skipped 4 infer and 0 fit run(s)", "overran");
    }

    @Test
    void run_nonFiniteAndOverflowingValues_areCountedAndLoggedOncePerJob() throws Exception {
        ManualTicker ticker = new ManualTicker(START);
        List<String> warns = new java.util.ArrayList<>();
        String metrics = logged("reader", warns, () -> {
            try {
                return run(new Reader(ticker, -1), ticker, 5);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Jobs at 2, 3 and 4 min read the NaN at 2 min and/or the overflow at 3 min (infer windows reach one step
        // further back, so a point is read, and counted, by two jobs): 1 + 2 + 2 points.
        assertThat(metrics).contains("vmanomaly_reader_datapoints_dropped_total{preset=\"\",query_key=\"q\","
                + "reason=\"non_finite\"} 5.0");
        assertThat(warns).filteredOn(l -> l.contains("non-finite")).hasSize(3)
                .allMatch(l -> l.contains("query_key 'q'") && l.contains("scheduler 'p'"));
    }

    @Test
    void stop_jobStillRunningAfterTheGrace_logsTheAbandonedJob() throws Exception {
        CountDownLatch fitting = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        StubSpec slow = StubSpec.blockingFit("slow", fitting, release);
        long now = System.currentTimeMillis() / 1000;
        StringBuilder sb = new StringBuilder("timestamp,cpu{host=\"a\"}\n");
        for (int i = 60; i >= 1; i--) {
            sb.append(now - 10L * i).append(',').append(10 + i % 7).append('\n');
        }
        Path data = Files.writeString(dir.resolve("d.csv"), sb.toString());
        RunnerConfig c = RunnerConfigs.parse(String.join("\n",
                "schedulers: {p: {class: periodic, infer_every: 1h, fit_window: 1h}}",
                "models: {s: {class: test.Slow, queries: [q], schedulers: [p]}}",
                "reader: {class: file, path: '" + data + "', sampling_period: 10s, queries: {q: {expr: cpu}}}",
                "writer: {class: file, path: '" + dir.resolve("s.jsonl") + "'}",
                ""), "t.yml", Map.of(), ModelRegistry.standard().with(slow.entry("test.Slow")));
        List<String> warns = new java.util.ArrayList<>();
        try (ServiceRunner runner = new ServiceRunner(c, Ticker.system(), "t")) {
            Thread t = new Thread(() -> {
                try {
                    runner.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "traces-runner");
            t.start();
            try {
                assertThat(fitting.await(30, TimeUnit.SECONDS)).isTrue();
                boolean stopped = logged("service", warns, () -> {
                    try {
                        return runner.stop(Duration.ofMillis(200));
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(stopped).isFalse();
            } finally {
                release.countDown();
                t.join(30_000);
            }
        }
        assertThat(warns).singleElement().asString().contains("abandoning", "scheduler 'p'", "fit_infer job",
                "model 's'", "query_key 'q'");
    }
}
