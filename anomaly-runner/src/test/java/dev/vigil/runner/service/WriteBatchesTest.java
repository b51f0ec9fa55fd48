package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.vm.OutputSeries;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WriteBatchesTest {

    /** Records the size of every write; counts writes running at once. */
    private static final class Recording implements SeriesWriter {
        final List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger running = new AtomicInteger();
        volatile int maxRunning;

        @Override
        public Written write(List<OutputSeries> series) {
            int now = running.incrementAndGet();
            maxRunning = Math.max(maxRunning, now);
            try {
                Thread.sleep(1); // let other adders reach the write
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sizes.add(series.size());
            running.decrementAndGet();
            return new Written(series.size(), series.size(), 0, 0);
        }

        @Override
        public String url() {
            return "recording";
        }
    }

    private static JobIo io() {
        return new JobIo(new RunnerMetrics(new PrometheusRegistry(), "t"));
    }

    private static List<OutputSeries> outputs(int n, int from) {
        List<OutputSeries> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Series s = Series.of(Labels.of("id", Integer.toString(from + i)), new long[] {1}, new double[] {i});
            out.add(new OutputSeries("anomaly_score", "q", "m", "s", s));
        }
        return out;
    }

    @Test
    void addAll_batchFilled_handsItOnAtOnceAndFlushWritesTheRestAndWaits() throws Exception {
        Recording w = new Recording();
        WriteBatches b = new WriteBatches(io(), w, "s", "q", 3);
        b.addAll(outputs(2, 0));
        Thread.sleep(20);
        assertThat(w.sizes).isEmpty();
        b.addAll(outputs(2, 2)); // 4 >= 3: handed on
        assertThat(b).isEmpty();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (w.sizes.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(w.sizes).as("written without a flush").containsExactly(4);
        b.add(outputs(1, 4).get(0));
        assertThat(b).hasSize(1);
        b.flush();
        b.flush(); // nothing left: no empty write
        assertThat(w.sizes).containsExactly(4, 1);
    }

    @Test
    void addAll_whileABatchIsBeingWritten_theAdderGoesOnAndTheNextHandOnWaitsForIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        SeriesWriter blocking = new SeriesWriter() {
            @Override
            public Written write(List<OutputSeries> series) {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sizes.add(series.size());
                return new Written(series.size(), series.size(), 0, 0);
            }

            @Override
            public String url() {
                return "blocking";
            }
        };
        WriteBatches b = new WriteBatches(io(), blocking, "s", "q", 2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // Handed on: the adder returns while the batch is written (a write on the adder's thread would
            // time out here).
            pool.submit(() -> b.addAll(outputs(2, 0))).get(5, TimeUnit.SECONDS);
            assertThat(started.await(5, TimeUnit.SECONDS)).as("the write started").isTrue();
            assertThat(sizes).as("the write has not ended").isEmpty();
            b.addAll(outputs(1, 2)); // gathering goes on meanwhile
            Future<?> next = pool.submit(() -> b.addAll(outputs(1, 3))); // fills the next batch
            Thread.sleep(100);
            assertThat(next).as("the next hand-on waits for the write").isNotDone();
            release.countDown();
            next.get(5, TimeUnit.SECONDS);
            b.flush();
            assertThat(sizes).containsExactly(2, 2);
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void flush_afterAFailedWrite_stillWritesTheRest() {
        AtomicInteger calls = new AtomicInteger();
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        SeriesWriter failingOnce = new SeriesWriter() {
            @Override
            public Written write(List<OutputSeries> series) throws java.io.IOException {
                if (calls.getAndIncrement() == 0) {
                    throw new java.io.IOException("connection refused");
                }
                sizes.add(series.size());
                return new Written(series.size(), series.size(), 0, 0);
            }

            @Override
            public String url() {
                return "failing";
            }
        };
        WriteBatches b = new WriteBatches(io(), failingOnce, "s", "q", 2);
        b.addAll(outputs(2, 0)); // fails (logged and counted by JobIo)
        b.addAll(outputs(3, 2));
        b.add(outputs(1, 5).get(0));
        b.flush();
        assertThat(calls).hasValue(3);
        assertThat(sizes).containsExactly(3, 1);
    }

    @Test
    void addAll_concurrentWorkers_writesEverySeriesOnceInBoundedSerialisedBatches() throws Exception {
        Recording w = new Recording();
        int batch = 50;
        WriteBatches b = new WriteBatches(io(), w, "s", "q", batch);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 10_000;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        b.addAll(outputs(5, base + 5 * i));
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        b.flush();
        assertThat(w.sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(4 * 200 * 5);
        // a batch is cut as soon as it reaches the bound; one add of 5 can overshoot it by at most 4
        assertThat(w.sizes).allSatisfy(n -> assertThat(n).isBetween(1, batch + 4));
        assertThat(w.maxRunning).isEqualTo(1);
    }

    @Test
    void constructor_batchBelowOne_rejectsNamingTheValue() {
        assertThatThrownBy(() -> new WriteBatches(io(), new Recording(), "s", "q", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
    }
}
