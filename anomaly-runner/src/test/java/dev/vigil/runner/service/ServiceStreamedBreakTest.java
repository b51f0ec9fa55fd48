package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.IoFailure;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.vm.OutputSeries;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A streamed read that breaks off in the middle of a job: the series handed on before the break are
 * scored in that job, the others are caught up by the next job, and no point is scored twice or lost.
 */
class ServiceStreamedBreakTest {

    static final Instant START = ServiceLastSeenTest.START;
    static final long MINUTE = ServiceLastSeenTest.MINUTE;
    static final int HOSTS = 20;
    static final int JOBS = 6;
    static final int BREAKING_JOB = 2;
    static final int HANDED_BEFORE_BREAK = 5;

    /** {@link ServiceLastSeenTest.Reader}'s series streamed one by one; breaks off once, in {@link #BREAKING_JOB}. */
    static final class BreakingReader implements SeriesReader {
        final ServiceLastSeenTest.Reader inner;
        int reads;

        BreakingReader(ServiceLastSeenTest.Reader inner) {
            this.inner = inner;
        }

        @Override
        public boolean streams() {
            return true;
        }

        @Override
        public Result read(QueryConfig q, Instant start, Instant end, Map<Labels, Long> lastSeen) {
            throw new AssertionError("a streaming reader is read through stream()");
        }

        @Override
        public Result stream(QueryConfig q, Instant start, Instant end, Map<Labels, Long> lastSeen,
                             Consumer<Series> sink) throws IOException {
            List<Series> all = inner.read(q, start, end, lastSeen).series();
            int job = reads++;
            for (int i = 0; i < all.size(); i++) {
                if (job == BREAKING_JOB && i == HANDED_BEFORE_BREAK) {
                    throw new IoFailure("io_error", "the answer broke off", null);
                }
                sink.accept(all.get(i));
            }
            return new Result(List.of(), 0, 0);
        }

        @Override
        public String url() {
            return inner.url();
        }
    }

    @Test
    void run_streamedReadBreaksOffMidway_scoresWhatWasHandedOnAndCatchesUpTheRest() throws Exception {
        RunnerConfig c = RunnerConfigs.parse(ServiceLastSeenTest.config("  series_processing_batch_size: 2",
                "settings: {n_workers: 1}"), "p.yml", Map.of(), ModelRegistry.standard());
        ManualTicker ticker = new ManualTicker(START);
        BreakingReader reader = new BreakingReader(new ServiceLastSeenTest.Reader(ticker, HOSTS));
        ServicePeriodicTest.FakeWriter writer = new ServicePeriodicTest.FakeWriter(i -> false);
        List<Instant> times = new ArrayList<>();
        List<Integer> writtenAfterJob = new ArrayList<>();
        AnomalyService[] ref = new AnomalyService[1];
        PrometheusRegistry registry = new PrometheusRegistry();
        try (AnomalyService s = new AnomalyService(c, reader, writer, ticker, new RunnerMetrics(registry, "t"), () -> {
            times.add(ticker.now());
            writtenAfterJob.add(writer.written.size());
            if (times.size() == JOBS) {
                ref[0].stop();
            }
        }, Workers.of(1))) {
            ref[0] = s;
            s.run();
        }
        long last = (times.get(JOBS - 1).toEpochMilli() - START.toEpochMilli()) / MINUTE;
        long broken = (times.get(BREAKING_JOB).toEpochMilli() - START.toEpochMilli()) / MINUTE;
        // per host, the minutes of its y points, each written once
        Map<String, TreeSet<Long>> y = new TreeMap<>();
        Map<String, TreeSet<Long>> inBrokenJob = new TreeMap<>();
        for (int k = 0; k < writer.written.size(); k++) {
            OutputSeries o = writer.written.get(k);
            if (!o.variable().equals("y")) {
                continue;
            }
            String host = o.series().labels().get("host");
            boolean broke = k >= writtenAfterJob.get(BREAKING_JOB - 1) && k < writtenAfterJob.get(BREAKING_JOB);
            for (long t : o.series().timestamps()) {
                long m = (t - START.toEpochMilli()) / MINUTE;
                assertThat(y.computeIfAbsent(host, h -> new TreeSet<>()).add(m)).as("%s minute %d written twice", host, m)
                        .isTrue();
                if (broke) {
                    inBrokenJob.computeIfAbsent(host, h -> new TreeSet<>()).add(m);
                }
            }
        }
        assertThat(y).hasSize(HOSTS);
        y.values().forEach(minutes -> assertThat(minutes).isEqualTo(ServiceLastSeenTest.range(-1, last)));
        // the job that broke off scored its minute for the series handed on before the break, and only those
        assertThat(inBrokenJob).hasSize(HANDED_BEFORE_BREAK);
        inBrokenJob.values().forEach(minutes -> assertThat(minutes).containsExactly(broken));
        assertThat(ServiceVictoriaMetricsTest.scrape(registry)).contains("code=\"io_error\"");
    }
}
