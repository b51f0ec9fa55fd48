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
 * scoring a batch while the next is read) against a real VictoriaMetrics: the same outputs as the
 * whole read, and never more parsed but unscored series in the heap than the batches a read may
 * hand on ahead of the scoring plus the one being gathered ({@link StreamedQuery#queuedBatches} + 1
 * batches of {@code series_processing_batch_size} × {@code n_workers}). The observer counts the series the
 * real reader hands on, and marks those handed on before a batch went to be scored as scored when that
 * batch's stage returns, so it measures what is held, not timing.
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
        /** Series handed on while a batch of the same read was being scored. */
        long overlapped;
        final Map<Thread, Integer> scoring = new java.util.HashMap<>();
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
                        if (scoring.getOrDefault(t, 0) > 0) {
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

        /** Whether the batch {@code reading} hands on now is the first of its read. */
        synchronized boolean firstOfRead(Thread reading) {
            return fresh.remove(reading);
        }

        /** A batch of {@code reading}'s read goes to be scored: the series it handed on so far. */
        synchronized long submitted(Thread reading) {
            scoring.merge(reading, 1, Integer::sum);
            return handedBy.getOrDefault(reading, 0L);
        }

        /**
         * Before the first batch of a read is scored: waits (at most 10 s) until the read hands on a
         * further series or ends, so that a read that goes on while a batch is scored is seen doing so.
         */
        synchronized void awaitReadOn(Thread reading, long upTo) {
            long until = System.nanoTime() + 10_000_000_000L;
            while (handedBy.getOrDefault(reading, 0L) == upTo && !ended.contains(reading)) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    wait(left / 1_000_000 + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** The batch of {@code reading}'s read holding its series up to {@code upTo} is scored. */
        synchronized void scored(Thread reading, long upTo) {
            scoredBy.merge(reading, upTo, Math::max);
            scoring.merge(reading, -1, Integer::sum);
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
     * The service's workers, telling the reader when a batch handed on to its lane is scored. The
     * first batch of each read starts only once the read went on (or ended), so a read waiting for
     * its batches to be scored would show no overlap (and take 10 s more per read).
     */
    static final class Observing implements Workers {
        final Workers inner = Workers.of(WORKERS);
        final Observed reader;
        final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        Observing(Observed reader) {
            this.reader = reader;
        }

        @Override
        public <T> List<T> runAll(List<Callable<T>> tasks, T failed) {
            List<T> res = inner.runAll(tasks, failed);
            calls.incrementAndGet();
            return res;
        }

        @Override
        public Lane lane() {
            Lane real = inner.lane();
            return stage -> {
                Thread reading = Thread.currentThread();
                boolean first = reader.firstOfRead(reading);
                long upTo = reader.submitted(reading);
                return real.submit(() -> {
                    try {
                        if (first) {
                            reader.awaitReadOn(reading, upTo);
                        }
                        stage.run();
                    } finally {
                        reader.scored(reading, upTo);
                    }
                });
            };
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
        RunnerConfig c = RunnerConfigs.parse(config(label, readerSettings), "s.yml", Map.of(),
                ModelRegistry.standard());
        ManualTicker ticker = new ManualTicker(T.plusMillis(30 * MINUTE + 1_500));
        AnomalyService[] ref = new AnomalyService[1];
        int[] jobs = {0};
        Observed reader = new Observed(IoFactory.reader(c.reader()), stream);
        Observing workers = new Observing(reader);
        try (reader; SeriesWriter writer = IoFactory.writer(c.writer());
             AnomalyService s = new AnomalyService(c, reader, writer, ticker,
                     new RunnerMetrics(new PrometheusRegistry(), "t"), () -> {
                         if (++jobs[0] == JOBS) {
                             ref[0].stop();
                         }
                     }, workers)) {
            ref[0] = s;
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
        // the first batch of each read is scored only after the read went on: one series more than a batch
        assertThat(streamed.reader().maxPending).isBetween(bound + 1, held());
        assertThat(streamed.reader().overlapped).as("series read while a batch was scored").isPositive();
        int batches = (SERIES + bound - 1) / bound;
        assertThat(streamed.workers().calls.get()).as("one stage per model and batch").isEqualTo(JOBS * 2 * batches);

        Run whole = run("unbounded", false);
        assertThat(whole.reader().handed).isZero();
        assertThat(whole.workers().calls.get()).as("one stage per model and job").isEqualTo(JOBS * 2);
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
                     new RunnerMetrics(registry, "t"), null, new Observing(reader))) {
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
