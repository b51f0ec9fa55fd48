package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.core.series.Labels;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.runner.service.ServicePeriodicTest.FakeReader;
import dev.vigil.runner.service.ServicePeriodicTest.FakeWriter;
import dev.vigil.runner.state.Combination;
import dev.vigil.runner.state.StateStore;
import dev.vigil.vm.OutputSeries;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hot reload while a job is in progress: the job finishes with the configuration it started with,
 * but cannot bring back (in memory, in its output or in the stored state) a combination the reload
 * removed or changed, and the reader and writer the reload replaced are closed when it ends.
 */
class ServiceReloadInFlightTest {

    static final Instant START = ServicePeriodicTest.START;
    static final String MAD = "  m: {class: mad, queries: [q], schedulers: [p]}";

    @TempDir
    Path dir;

    /** A reader whose first read waits until {@link #release} opens. */
    static final class HeldReader implements SeriesReader {
        final FakeReader delegate;
        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger closed = new AtomicInteger();

        HeldReader(ManualTicker ticker) {
            this.delegate = new FakeReader(ticker, i -> false);
        }

        @Override
        public Result read(QueryConfig q, Instant start, Instant end, Map<Labels, Long> lastSeen) throws IOException {
            reading.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return delegate.read(q, start, end, lastSeen);
        }

        @Override
        public String url() {
            return "held://reader";
        }

        @Override
        public void close() {
            closed.incrementAndGet();
        }
    }

    @Test
    void reload_duringAJob_jobCannotRecreateRetiredCombinationsAndReplacedIoClosesWhenItEnds() throws Exception {
        String yaml = ServicePeriodicTest.config(MAD) + "settings: {restore_state: true}\n";
        // m removed, z changed.
        String edited = yaml.replace(MAD, "").replace("    class: zscore_online",
                "    class: zscore_online\n    z_threshold: 3.5");
        RunnerConfig c = RunnerConfigs.parse(yaml, "p.yml", Map.of(), ModelRegistry.standard());
        RunnerConfig next = RunnerConfigs.parse(edited, "p.yml", Map.of(), ModelRegistry.standard());
        StateStore store = StateStore.in(dir, ModelRegistry.standard());
        ManualTicker ticker = new ManualTicker(START);
        HeldReader reader = new HeldReader(ticker);
        FakeWriter writer = new FakeWriter(i -> false);
        AtomicInteger writerClosed = new AtomicInteger();
        try (AnomalyService s = new AnomalyService(c, reader, writer, ticker,
                new RunnerMetrics(new PrometheusRegistry(), "t"), null, store)) {
            Job job = new Job(START, Job.Stage.FIT_INFER, START.minusSeconds(3600), START, START.minusSeconds(60),
                    START);
            Thread t = new Thread(() -> s.runJob("p", job));
            t.start();
            assertThat(reader.reading.await(10, TimeUnit.SECONDS)).isTrue();

            s.reload(next, new FakeReader(ticker, i -> false), new FakeWriter(i -> false),
                    List.<AutoCloseable>of(reader, writerClosed::incrementAndGet));

            assertThat(reader.closed).as("the job in progress still reads with it").hasValue(0);
            assertThat(writerClosed).hasValue(0);
            reader.release.countDown();
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
            assertThat(reader.closed).as("closed when the job ended").hasValue(1);
            assertThat(writerClosed).hasValue(1);
            assertThat(writer.written).as("the job wrote nothing for the removed and the changed model")
                    .extracting(OutputSeries::modelAlias).doesNotContain("m", "z");
            assertThat(store.headers()).as("no state stored for m, nor for z under its old signature").isEmpty();
            assertThat(s.inProgress()).isEmpty();
        }
        assertThat(store.header(new Combination("p", "m", "q"))).isNull();
    }
}
