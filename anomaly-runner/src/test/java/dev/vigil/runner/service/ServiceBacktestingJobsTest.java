package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.series.Labels;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.IoFailure;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backtesting {@code n_jobs}: concurrent windows with the file reader and writer. */
class ServiceBacktestingJobsTest {

    static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    /** The inference windows: 01:00 to 06:00 every 30 min. */
    static final int WINDOWS = 10;

    @TempDir
    Path dir;

    /** Three series one point a minute for 6 h, with a spike in each. */
    Path data() throws IOException {
        return data(dir);
    }

    /** {@link #data()} written into {@code dir}. */
    static Path data(Path dir) throws IOException {
        Random rnd = new Random(11);
        StringBuilder sb = new StringBuilder("timestamp,cpu{host=\"a\"},cpu{host=\"b\"},cpu{host=\"c\"}\n");
        for (int i = 0; i < 360; i++) {
            sb.append(T0.plusSeconds(60L * i)).append(',').append(20 + rnd.nextGaussian() + (i == 100 ? 15 : 0))
                    .append(',').append(40 + 3 * rnd.nextGaussian() + (i == 200 ? 25 : 0))
                    .append(',').append(5 + rnd.nextGaussian() + (i == 300 ? -9 : 0)).append('\n');
        }
        return Files.writeString(dir.resolve("data.csv"), sb.toString());
    }

    /**
     * A backtesting scheduler {@code bt} (inference windows of 30 min from 01:00 to 06:00, 1 h fit windows)
     * plus {@code schedulerKeys}, the {@code models} lines given, and the file reader ({@code cpu} of
     * {@code data}) and writer ({@code out}).
     */
    static String yaml(String schedulerKeys, Path data, Path out, String... models) {
        return String.join("\n",
                "schedulers:",
                "  bt:",
                "    class: backtesting",
                "    from_iso: '2024-01-01T01:00:00Z'",
                "    to_iso: '2024-01-01T06:00:00Z'",
                "    fit_window: 1h",
                "    fit_every: 30m",
                "    inference_only: true",
                schedulerKeys,
                "models:",
                String.join("\n", models),
                "reader:",
                "  class: file",
                "  path: " + data,
                "  sampling_period: 1m",
                "  queries:",
                "    cpu: {expr: 'cpu'}",
                "writer:",
                "  class: file",
                "  path: " + out,
                "");
    }

    RunnerConfig config(Path data, Path out, int nJobs) throws Exception {
        String yaml = yaml("    n_jobs: " + nJobs, data, out,
                "  online:",
                "    class: zscore_online",
                "    queries: [cpu]",
                "    schedulers: [bt]",
                "    provide_series: [anomaly_score, y, yhat]",
                "  offline:",
                "    class: model.zscore.ZscoreModel",
                "    queries: [cpu]",
                "    schedulers: [bt]",
                "    provide_series: [anomaly_score, yhat_lower, yhat_upper]");
        return RunnerConfigs.parse(yaml, "bt.yml", Map.of(), ModelRegistry.standard());
    }

    /** Wraps the file reader: counts reads in flight, can hold the first reads, fails chosen windows. */
    static final class HookedReader implements SeriesReader {
        final SeriesReader inner;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        /** Counted down by each read on entry; the first reads wait for it to reach 0 (proof of overlap). */
        final CountDownLatch together;
        final Set<Instant> ioFails;
        final Set<Instant> bugFails;
        volatile boolean timedOut;

        HookedReader(SeriesReader inner, int together, Set<Instant> ioFails, Set<Instant> bugFails) {
            this.inner = inner;
            this.together = new CountDownLatch(together);
            this.ioFails = ioFails;
            this.bugFails = bugFails;
        }

        @Override
        public Result read(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen)
                throws IOException {
            calls.incrementAndGet();
            int n = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(n, Math::max);
            try {
                if (together.getCount() > 0) {
                    together.countDown();
                    if (!together.await(10, TimeUnit.SECONDS)) {
                        timedOut = true;
                    }
                }
                Thread.sleep(5); // keeps windows in flight long enough to press on the n_jobs bound
                // The job reads [fit start, inference end]; the window is named by its inference start.
                Instant inferStart = start.plus(Duration.ofHours(1));
                if (ioFails.contains(inferStart)) {
                    throw new IoFailure("503", "window down", null);
                }
                if (bugFails.contains(inferStart)) {
                    throw new IllegalStateException("reader bug");
                }
                return inner.read(query, start, end, lastSeen);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public String url() {
            return "hooked://file";
        }
    }

    record Run(List<String> lines, String metrics, HookedReader reader) {
        /** The output lines, sorted (the order of writes may differ between runs). */
        List<String> sorted() {
            return lines.stream().sorted().collect(Collectors.toList());
        }

        /** The counter samples ({@code *_total}), which must not depend on the order of the windows. */
        Set<String> counters() {
            return metrics.lines().filter(l -> l.startsWith("vmanomaly_") && l.contains("_total{"))
                    .map(l -> l.replaceAll("url=\"file:[^\"]*\"", "url=\"out\"")) // each run has its own file
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    Run run(int nJobs, int together, Set<Instant> ioFails, Set<Instant> bugFails) throws Exception {
        Path out = dir.resolve("out-" + nJobs + "-" + System.nanoTime() + ".jsonl");
        RunnerConfig c = config(data(), out, nJobs);
        HookedReader reader = new HookedReader(IoFactory.reader(c.reader()), together, ioFails, bugFails);
        PrometheusRegistry registry = new PrometheusRegistry();
        try (SeriesWriter writer = IoFactory.writer(c.writer());
             AnomalyService s = new AnomalyService(c, reader, writer, new ManualTicker(T0.plus(Duration.ofDays(1))),
                     new RunnerMetrics(registry, "t"), null)) {
            s.run();
        }
        return new Run(Files.readAllLines(out), ServiceVictoriaMetricsTest.scrape(registry), reader);
    }

    static Instant window(int i) {
        return T0.plus(Duration.ofMinutes(60 + 30L * i));
    }

    @Test
    void run_threeJobs_writesExactlyWhatOneJobWritesWithWindowsOverlapping() throws Exception {
        Run one = run(1, 0, Set.of(), Set.of());
        Run three = run(3, 3, Set.of(), Set.of());

        // 3 series x (3 outputs of online + 3 of offline) x 10 windows.
        assertThat(one.lines()).hasSize(3 * 6 * WINDOWS);
        assertThat(three.sorted()).isEqualTo(one.sorted());
        assertThat(three.counters()).isEqualTo(one.counters());
        assertThat(three.counters()).contains("vmanomaly_model_runs_total{model_alias=\"offline\",preset=\"\","
                + "query_key=\"cpu\",scheduler_alias=\"bt\",stage=\"fit_infer\"} " + (2.0 * 3 * WINDOWS));
        // The first three reads were in flight together, and never more than three at once.
        assertThat(three.reader().timedOut).isFalse();
        assertThat(three.reader().maxInFlight.get()).isEqualTo(3);
        assertThat(one.reader().maxInFlight.get()).isEqualTo(1);
        assertThat(three.reader().calls.get()).isEqualTo(WINDOWS);
        assertThat(three.metrics()).contains("vmanomaly_reader_processing_tasks_queued{preset=\"\",query_key=\"cpu\","
                + "scheduler_alias=\"bt\",url=\"hooked://file\"} 0.0");
    }

    @Test
    void run_threeJobsWithFailingWindows_otherWindowsStillWriteAsWithOneJob() throws Exception {
        Set<Instant> io = Set.of(window(3));
        Set<Instant> bug = Set.of(window(6));
        Run one = run(1, 0, io, bug);
        Run three = run(3, 3, io, bug);

        assertThat(three.sorted()).isEqualTo(one.sorted());
        assertThat(three.counters()).isEqualTo(one.counters());
        assertThat(three.lines()).hasSize(3 * 6 * (WINDOWS - 2));
        assertThat(three.reader().calls.get()).isEqualTo(WINDOWS);
        // The last window, after both failures, was written; the failed ones were not.
        long lastPoint = window(WINDOWS).minusSeconds(60).toEpochMilli(); // 05:59, the last point of the data
        assertThat(three.lines()).anyMatch(l -> l.contains(Long.toString(lastPoint)));
        assertThat(three.lines()).noneMatch(l -> l.contains(Long.toString(window(3).plusSeconds(60).toEpochMilli())));
        assertThat(three.lines()).noneMatch(l -> l.contains(Long.toString(window(6).plusSeconds(60).toEpochMilli())));
        assertThat(three.metrics()).contains("vmanomaly_reader_responses_total{code=\"503\",preset=\"\","
                + "query_key=\"cpu\",scheduler_alias=\"bt\",url=\"hooked://file\"} 1.0");
    }

    @Test
    void stop_whileThreeWindowsAreInFlight_theyFinishAndNoOtherStarts() throws Exception {
        Path out = dir.resolve("out-stop.jsonl");
        RunnerConfig c = config(data(), out, 3);
        CountDownLatch entered = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        SeriesReader file = IoFactory.reader(c.reader());
        SeriesReader reader = new SeriesReader() {
            @Override
            public Result read(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen)
                    throws IOException {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return file.read(query, start, end, lastSeen);
            }

            @Override
            public String url() {
                return "held://file";
            }
        };
        AtomicInteger reads = new AtomicInteger();
        SeriesReader counting = new SeriesReader() {
            @Override
            public Result read(QueryConfig query, Instant start, Instant end, Map<Labels, Long> lastSeen)
                    throws IOException {
                reads.incrementAndGet();
                return reader.read(query, start, end, lastSeen);
            }

            @Override
            public String url() {
                return reader.url();
            }
        };
        try (SeriesWriter writer = IoFactory.writer(c.writer());
             AnomalyService s = new AnomalyService(c, counting, writer, new ManualTicker(T0.plus(Duration.ofDays(1))),
                     new RunnerMetrics(new PrometheusRegistry(), "t"), null)) {
            Thread runner = new Thread(() -> {
                try {
                    s.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            runner.start();
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
            s.stop();
            assertThat(s.awaitFinished(Duration.ofMillis(200))).as("in-flight windows hold run()").isFalse();
            release.countDown();
            assertThat(s.awaitFinished(Duration.ofSeconds(10))).isTrue();
            runner.join(10_000);
        }
        assertThat(reads.get()).isEqualTo(3);
        // The three windows in flight when stop() came were all written: 3 series x 6 outputs each.
        assertThat(Files.readAllLines(out)).hasSize(3 * 3 * 6);
    }
}
