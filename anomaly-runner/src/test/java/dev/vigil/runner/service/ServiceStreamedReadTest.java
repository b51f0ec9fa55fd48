package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.runner.state.Combination;
import dev.vigil.vm.VictoriaMetricsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streamed read of a job (read, score and hand on the outputs one batch of series at a time,
 * scoring the batches handed on while the next is read) against a real VictoriaMetrics: the same
 * outputs as the whole read, and never more parsed but unscored series in the heap than the batches a
 * read may hand on ahead of the scoring plus the one being gathered ({@link StreamedQuery#queuedBatches}
 * + 1 batches of {@code series_processing_batch_size} × {@code n_workers}), while the workers take the
 * tasks of later batches as soon as they are free. The observer counts the series the real reader hands
 * on, and marks the series of a batch as scored when every task of that batch and of the batches before
 * it is done, so it measures what is held, not timing.
 */
class ServiceStreamedReadTest {

    @RegisterExtension
    static final VictoriaMetricsServer VM = new VictoriaMetricsServer();

    static final Instant T = Instant.parse("2024-07-01T00:00:00Z");
    static final long MINUTE = 60_000;
    static final int SERIES = 250;
    static final int POINTS = 45;
    static final int JOBS = 4;
    static final int BATCH = 7;
    static final int WORKERS = 2;

    @BeforeAll
    static void importInput() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int h = 0; h < SERIES; h++) {
            Random r = new Random(1000 + h);
            List<Long> ts = new ArrayList<>();
            List<Object> vs = new ArrayList<>();
            double v = 50;
            for (int i = 0; i < POINTS; i++) {
                v += r.nextGaussian();
                ts.add(T.toEpochMilli() + i * MINUTE);
                vs.add(i == 20 && h % 50 == 0 ? v * 20 : v); // a spike now and then
            }
            body.append(ServiceVictoriaMetricsTest.JSON.writeValueAsString(Map.of("metric",
                    Map.of("__name__", "stream_in", "host", String.format("h%03d", h)), "values", vs,
                    "timestamps", ts))).append('\n');
        }
        HttpResponse<String> r = ServiceVictoriaMetricsTest.HTTP.send(HttpRequest.newBuilder(
                        URI.create(VM.url() + "/api/v1/import")).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        VM.flush();
    }

    /** The most unscored series a streamed read holds: the batches it may hand on ahead, and one being gathered. */
    static int held() {
        int bound = BATCH * WORKERS;
        int most = (StreamedQuery.queuedBatches(bound) + 1) * bound;
        assertThat(most).as("a bound below the query's series").isLessThan(SERIES);
        return most;
    }

    static String config(String run) {
        return config(run, "");
    }

    /** {@code reader}: more reader settings, a YAML line of their own ("" for none). */
    static String config(String run, String reader) {
        return String.join("\n",
                "schedulers:",
                "  p: {class: periodic, infer_every: 1m, fit_every: 2m, fit_window: 30m}",
                "models:",
                "  on: {class: quantile_online, queries: [q], schedulers: [p]}",
                "  off: {class: model.zscore.ZscoreModel, queries: [q], schedulers: [p]}",
                "reader:",
                "  class: vm",
                "  datasource_url: '" + VM.url() + "'",
                "  sampling_period: 1m",
                "  series_processing_batch_size: " + BATCH,
                reader,
                "  queries: {q: {expr: 'stream_in'}}",
                "writer:",
                "  class: vm",
                "  datasource_url: '" + VM.url() + "'",
                "  metric_format: {__name__: $VAR, for: $QUERY_KEY, run: " + run + "}",
                "settings: {n_workers: " + WORKERS + "}",
                "");
    }

    /**
     * The real reader, streaming or not, counting per job thread the series it handed on since the
     * workers last returned to that thread. With {@code overlap > 1}, the first series of a streamed
     * read waits (up to 10 s) until {@code overlap} streamed reads have handed on their first series,
     * so that reads able to run together are seen together ({@link #maxInSink}).
     */
    static final class Observed implements SeriesReader {
        final SeriesReader real;
        final boolean stream;
        /** Per reading thread: the series it handed on, and how many of them are scored. */
        final Map<Thread, Long> handedBy = new java.util.HashMap<>();
        final Map<Thread, Long> scoredBy = new java.util.HashMap<>();
        /** Reading threads whose read returned (no series will follow), and those yet to hand on a batch. */
        final java.util.Set<Thread> ended = new java.util.HashSet<>();
        final java.util.Set<Thread> fresh = new java.util.HashSet<>();
        /** Series handed on while a task of the same read was given to the workers and not done. */
        long overlapped;
        /** Per reading thread: its batches' keys, and how many tasks of each are not done. */
        final Map<Thread, java.util.TreeSet<Long>> submittedKeys = new java.util.HashMap<>();
        final Map<Thread, TreeMap<Long, Integer>> outstanding = new java.util.HashMap<>();
        /** Per reading thread: the latest batch with a task done. */
        final Map<Thread, Long> doneMax = new java.util.HashMap<>();
        /** Reads whose first task was held until a task of a later batch was done. */
        int laterDoneWhileFirstHeld;
        final java.util.concurrent.CountDownLatch together;
        int maxPending;
        long handed;
        /** Streamed reads handing series on now, and the most at once. */
        int inSink;
        int maxInSink;

        Observed(SeriesReader real, boolean stream) {
            this(real, stream, 1);
        }

        Observed(SeriesReader real, boolean stream, int overlap) {
            this.real = real;
            this.stream = stream;
            this.together = new java.util.concurrent.CountDownLatch(overlap);
        }

        @Override
        public boolean streams() {
            return stream && real.streams();
        }

        @Override
        public Result read(QueryConfig q, Instant start, Instant end, Map<Labels, Long> lastSeen) throws IOException {
            return real.read(q, start, end, lastSeen);
        }

        @Override
        public Result stream(QueryConfig q, Instant start, Instant end, Map<Labels, Long> lastSeen,
                             Consumer<Series> sink) throws IOException {
            boolean[] first = {true};
            synchronized (this) {
                ended.remove(Thread.currentThread());
                fresh.add(Thread.currentThread());
            }
            try {
                return real.stream(q, start, end, lastSeen, s -> {
                    if (first[0]) {
                        first[0] = false;
                        synchronized (this) {
                            inSink++;
                            maxInSink = Math.max(maxInSink, inSink);
                        }
                        together.countDown();
                        try {
                            together.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    synchronized (this) {
                        Thread t = Thread.currentThread();
                        long h = handedBy.merge(t, 1L, Long::sum);
                        handed++;
                        maxPending = (int) Math.max(maxPending, h - scoredBy.getOrDefault(t, 0L));
                        if (!outstanding.getOrDefault(t, new TreeMap<>()).isEmpty()) {
                            overlapped++;
                        }
                        notifyAll();
                    }
                    sink.accept(s);
                });
            } finally {
                synchronized (this) {
                    if (!first[0]) {
                        inSink--;
                    }
                    ended.add(Thread.currentThread());
                    notifyAll();
                }
            }
        }

        /** Whether the task {@code reading} hands on now is the first of its read. */
        synchronized boolean firstOfRead(Thread reading) {
            return fresh.remove(reading);
        }

        /**
         * A task of {@code reading}'s read goes to the workers: returns its batch's key, the series
         * handed on so far (the same for every task of a batch).
         */
        synchronized long submitted(Thread reading) {
            long key = handedBy.getOrDefault(reading, 0L);
            outstanding.computeIfAbsent(reading, k -> new TreeMap<>()).merge(key, 1, Integer::sum);
            submittedKeys.computeIfAbsent(reading, k -> new java.util.TreeSet<>()).add(key);
            return key;
        }

        /**
         * Before the first task of a read runs: waits (at most 10 s) until the read hands on a
         * further series or ends, so that a read that goes on while a batch is scored is seen doing so.
         */
        synchronized void awaitReadOn(Thread reading, long upTo) {
            awaitUntil(() -> handedBy.getOrDefault(reading, 0L) > upTo || ended.contains(reading));
        }

        /**
         * Before the first task of a read runs: waits (at most 10 s) until a task of a later batch of
         * that read is done, which only happens when the other worker was given the later batch's
         * tasks while this one held the first; counts the reads where that happened.
         */
        synchronized void awaitLaterBatch(Thread reading, long key) {
            if (awaitUntil(() -> doneMax.getOrDefault(reading, Long.MIN_VALUE) > key)) {
                laterDoneWhileFirstHeld++;
            }
        }

        private boolean awaitUntil(java.util.function.BooleanSupplier met) {
            long until = System.nanoTime() + 10_000_000_000L;
            while (!met.getAsBoolean()) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    wait(left / 1_000_000 + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }

        /**
         * A task of {@code reading}'s read, of the batch {@code key}, is done: the series of the batches
         * whose tasks are all done, and of none handed on before them still running, count as scored.
         */
        synchronized void done(Thread reading, long key) {
            TreeMap<Long, Integer> out = outstanding.get(reading);
            if (out.merge(key, -1, Integer::sum) == 0) {
                out.remove(key);
            }
            doneMax.merge(reading, key, Math::max);
            java.util.TreeSet<Long> keys = submittedKeys.get(reading);
            Long scored = out.isEmpty() ? keys.last() : keys.lower(out.firstKey());
            if (scored != null) {
                scoredBy.merge(reading, scored, Math::max);
            }
            notifyAll();
        }

        @Override
        public String url() {
            return real.url();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    /**
     * The service's workers, telling the reader when a task of a batch it handed on is done. The
     * first task of each read starts only once the read went on (or ended), or with
     * {@code untilLater} once a task of a later batch of that read is done (so a read whose batches
     * are scored one after the other, each waiting for its slowest task, would take 10 s more per read
     * and show none done meanwhile).
     */
    static final class Observing implements Workers {
        final Workers inner = Workers.of(WORKERS);
        final Observed reader;
        final boolean untilLater;
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
        /** Run by the first task of the first read that finds it set, before the task. */
        volatile Runnable onFirst;

        Observing(Observed reader, boolean untilLater) {
            this.reader = reader;
            this.untilLater = untilLater;
        }

        @Override
        public <T> List<T> runAll(List<Callable<T>> tasks, T failed) {
            List<T> res = inner.runAll(tasks, failed);
            calls.incrementAndGet();
            return res;
        }

        @Override
        public <T> java.util.concurrent.Future<T> start(Callable<T> task) {
            started.incrementAndGet();
            Thread reading = Thread.currentThread();
            boolean first = reader.firstOfRead(reading);
            long key = reader.submitted(reading);
            return inner.start(() -> {
                try {
                    Runnable hook = first ? onFirst : null;
                    if (hook != null) {
                        onFirst = null;
                        hook.run();
                    }
                    if (first && untilLater) {
                        reader.awaitLaterBatch(reading, key);
                    } else if (first) {
                        reader.awaitReadOn(reading, key);
                    }
                    return task.call();
                } finally {
                    reader.done(reading, key);
                }
            });
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    record Run(Observed reader, Observing workers) {
    }

    static Run run(String label, boolean stream) throws Exception {
        return run(label, stream, "");
    }

    static Run run(String label, boolean stream, String readerSettings) throws Exception {
        return run(label, stream, readerSettings, null);
    }

    /** {@code onFirst}: what the first task of the service's first streamed read does before it runs ({@code null}: nothing). */
    static Run run(String label, boolean stream, String readerSettings,
                   java.util.function.Function<AnomalyService, Runnable> onFirst) throws Exception {
        RunnerConfig c = RunnerConfigs.parse(config(label, readerSettings), "s.yml", Map.of(),
                ModelRegistry.standard());
        ManualTicker ticker = new ManualTicker(T.plusMillis(30 * MINUTE + 1_500));
        AnomalyService[] ref = new AnomalyService[1];
        int[] jobs = {0};
        Observed reader = new Observed(IoFactory.reader(c.reader()), stream);
        Observing workers = new Observing(reader, true);
        try (reader; SeriesWriter writer = IoFactory.writer(c.writer());
             AnomalyService s = new AnomalyService(c, reader, writer, ticker,
                     new RunnerMetrics(new PrometheusRegistry(), "t"), () -> {
                         if (++jobs[0] == JOBS) {
                             ref[0].stop();
                         }
                     }, workers)) {
            ref[0] = s;
            if (onFirst != null) {
                workers.onFirst = onFirst.apply(s);
            }
            s.run();
        }
        VM.flush();
        return new Run(reader, workers);
    }

    /** The exported outputs of {@code run}: series (without the run label) to their timestamps and values. */
    static Map<String, String> outputs(String run) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode s : ServiceVictoriaMetricsTest.export(VM.url(), "{run=\"" + run + "\",for=\"q\"}")) {
            Map<String, String> labels = new TreeMap<>(ServiceVictoriaMetricsTest.labels(s));
            labels.remove("run");
            out.put(labels.toString(), s.get("timestamps") + " " + s.get("values"));
        }
        return out;
    }

    @Test
    void runJob_streamedRead_writesTheSameOutputsAsTheWholeRead() throws Exception {
        run("streamed", true);
        run("whole", false);
        Map<String, String> streamed = outputs("streamed");
        Map<String, String> whole = outputs("whole");
        // two models with four outputs each (the default provide_series: no y) for every input series
        assertThat(whole).hasSize(SERIES * 2 * 4);
        assertThat(whole.keySet()).anyMatch(k -> k.contains("yhat_upper"));
        assertThat(streamed).isEqualTo(whole);
    }

    @Test
    void runJob_streamedRead_scoresBatchesWhileReadingOnHoldingABoundedNumber() throws Exception {
        Run streamed = run("bounded", true);
        int bound = BATCH * WORKERS;
        assertThat(streamed.reader().handed).isEqualTo((long) SERIES * JOBS);
        // with two workers, the one not held by a read's first task went on to the tasks of later batches
        assertThat(streamed.reader().laterDoneWhileFirstHeld).as("reads whose later batch was scored beside the first")
                .isEqualTo(JOBS);
        // the first batch of each read is scored only after the read went on: one series more than a batch
        assertThat(streamed.reader().maxPending).isBetween(bound + 1, held());
        assertThat(streamed.reader().overlapped).as("series read while a batch was scored").isPositive();
        // one task per model and series_processing_batch_size series of a batch, started without a stage
        int tasksPerRead = SERIES / bound * ((bound + BATCH - 1) / BATCH) + (SERIES % bound + BATCH - 1) / BATCH;
        assertThat(streamed.workers().started.get()).as("tasks per model and part of a batch")
                .isEqualTo(JOBS * 2 * tasksPerRead);
        assertThat(streamed.workers().calls.get()).as("no stage waits for all its tasks").isZero();

        Run whole = run("unbounded", false);
        assertThat(whole.reader().handed).isZero();
        assertThat(whole.workers().started.get()).isZero();
        assertThat(whole.workers().calls.get()).as("one stage per model and job").isEqualTo(JOBS * 2);
    }

    /**
     * Holds {@code states}' lock as a stage would until a hot reload waits for it, so that the tasks
     * that start meanwhile find a retirement waiting; the stage ends (and the reload with it) 300 ms
     * later, on a thread of its own.
     */
    static Runnable reloadWaiting(SeriesStates states) {
        return () -> {
            Combination any = new Combination("p", "on", "q");
            java.util.concurrent.CountDownLatch held = new java.util.concurrent.CountDownLatch(1);
            Thread stage = new Thread(() -> {
                SeriesStates.Guard g = states.guard(any, states.generation());
                try {
                    held.countDown();
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    g.close();
                }
            });
            stage.start();
            try {
                assertThat(held.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                new Thread(() -> states.retire(List.of(), List.of())).start(); // changes nothing, waits for the stage
                long until = System.nanoTime() + 10_000_000_000L;
                SeriesStates.Guard g;
                while ((g = states.tryGuard(any, Long.MAX_VALUE)) != null && System.nanoTime() < until) {
                    g.close();
                    Thread.sleep(1);
                }
                assertThat(g).as("a retirement waits").isNull();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    @Test
    void runJob_streamedReadWhileAHotReloadWaits_tasksHandTheirPartsBackAndTheOutputsAreUnchanged() throws Exception {
        Run streamed = run("deferred", true, "", s -> reloadWaiting(s.heldStates()));
        run("deferred-whole", false);
        assertThat(streamed.workers().calls.get()).as("parts the job's thread scored itself, as a stage").isPositive();
        assertThat(outputs("deferred-whole")).hasSize(SERIES * 2 * 4).isEqualTo(outputs("deferred"));
        assertThat(streamed.reader().handed).isEqualTo((long) SERIES * JOBS);
    }

    @Test
    void runJob_streamedReadSplitIntoChunks_writesTheSameOutputsAsTheWholeReadHoldingABoundedNumber() throws Exception {
        // the 31-point fit reads are split into two requests of at most 20 points, stitched per series
        String chunked = "  max_points_per_query: 20";
        Run streamed = run("chunked-streamed", true, chunked);
        run("chunked-whole", false, chunked);
        Map<String, String> out = outputs("chunked-streamed");
        assertThat(outputs("chunked-whole")).hasSize(SERIES * 2 * 4).isEqualTo(out);
        run("unchunked", true);
        assertThat(outputs("unchunked")).as("the same as one request per read").isEqualTo(out);
        assertThat(streamed.reader().handed).isEqualTo((long) SERIES * JOBS);
        assertThat(streamed.reader().maxPending).isBetween(BATCH * WORKERS + 1, held());
    }

    /** Backtesting windows over the imported data, {@code n_jobs} at a time. */
    static String backtesting(String run, int nJobs) {
        return config(run).replace("  p: {class: periodic, infer_every: 1m, fit_every: 2m, fit_window: 30m}",
                "  p: {class: backtesting, from_iso: '2024-07-01T00:15:00Z', to_iso: '2024-07-01T00:44:00Z',"
                        + " fit_window: 15m, fit_every: 5m, n_jobs: " + nJobs + "}");
    }

    /** The reader of a backtesting run, and the bytes its reads received ({@code vmanomaly_reader_received_bytes}). */
    record Backtested(Observed reader, double bytes) {
    }

    static Backtested runBacktesting(String label, boolean stream, int nJobs) throws Exception {
        RunnerConfig c = RunnerConfigs.parse(backtesting(label, nJobs), "s.yml", Map.of(), ModelRegistry.standard());
        Observed reader = new Observed(IoFactory.reader(c.reader()), stream, nJobs);
        PrometheusRegistry registry = new PrometheusRegistry();
        try (reader; SeriesWriter writer = IoFactory.writer(c.writer());
             AnomalyService s = new AnomalyService(c, reader, writer, new ManualTicker(T.plusSeconds(86_400)),
                     new RunnerMetrics(registry, "t"), null, new Observing(reader, false))) {
            s.run();
        }
        VM.flush();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^vmanomaly_reader_received_bytes_total\\{[^}]*"
                + "query_key=\"q\"[^}]*} (\\S+)$").matcher(ServiceVictoriaMetricsTest.scrape(registry));
        assertThat(m.find()).as("the reader's received bytes are exported").isTrue();
        return new Backtested(reader, Double.parseDouble(m.group(1)));
    }

    @Test
    void run_backtestingWindowsInParallelStreamed_writeWhatOneWholeWindowAtATimeWrites() throws Exception {
        Backtested bt = runBacktesting("bt-streamed", true, 2);
        Backtested wholeBt = runBacktesting("bt-whole", false, 1);
        Observed streamed = bt.reader();
        Map<String, String> out = outputs("bt-streamed");
        assertThat(outputs("bt-whole")).hasSize(SERIES * 2 * 4).isEqualTo(out);
        assertThat(wholeBt.reader().handed).isZero();
        assertThat(streamed.maxInSink).as("windows streamed their reads at the same time").isEqualTo(2);
        // the same requests, each tallied once although the windows read the same query at once
        assertThat(bt.bytes()).isPositive().isEqualTo(wholeBt.bytes());
        // two windows (inference from 00:35 and from 00:40, after their 15 min fit windows from 00:15 on),
        // each reading its range once and scoring every series once
        assertThat(streamed.handed).isEqualTo(2L * SERIES);
        assertThat(streamed.maxPending).as("unscored series per window").isBetween(BATCH * WORKERS + 1, held());
    }
}
