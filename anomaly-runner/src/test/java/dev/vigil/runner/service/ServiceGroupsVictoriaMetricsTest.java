package dev.vigil.runner.service;

import static dev.vigil.runner.service.ServiceVictoriaMetricsTest.labels;
import static dev.vigil.runner.service.ServiceVictoriaMetricsTest.points;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.vm.VictoriaMetricsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Multivariate and peer models through the service against a real VictoriaMetrics: 4 hosts × 3
 * metrics (one query each) feed {@code isolation_forest_multivariate} with {@code groupby: [host]};
 * 6 hosts of one data centre feed {@code peer_outlier} with {@code groupby: [dc]}. One host is made
 * anomalous in the inference window; only its group (multivariate) or its own series (peer) scores
 * above 1 there.
 */
class ServiceGroupsVictoriaMetricsTest {

    @RegisterExtension
    static final VictoriaMetricsServer VM = new VictoriaMetricsServer();

    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final int N = 360;
    static final long MINUTE = 60_000;
    /** The anomaly: minutes [FROM, TO) of the inference window (02:00 to 06:00). */
    static final int FROM = 300;
    static final int TO = 306;
    static final List<String> HOSTS = List.of("host-a", "host-b", "host-c", "host-d");
    static final String BAD_HOST = "host-c";
    static final List<String> PEERS = List.of("p1", "p2", "p3", "p4", "p5", "p6");
    static final String BAD_PEER = "p4";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void importInput() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        StringBuilder body = new StringBuilder();
        for (String h : HOSTS) {
            double[] cpu = new double[N];
            double[] mem = new double[N];
            double[] disk = new double[N];
            for (int i = 0; i < N; i++) {
                boolean bad = h.equals(BAD_HOST) && i >= FROM && i < TO;
                cpu[i] = 50 + rnd.nextGaussian() + (bad ? 15 : 0);
                mem[i] = 30 + rnd.nextGaussian() - (bad ? 12 : 0);
                disk[i] = 10 + 0.5 * rnd.nextGaussian();
            }
            body.append(line("cpu", Map.of("host", h, "job", "node"), cpu));
            body.append(line("mem", Map.of("host", h, "job", "node"), mem));
            body.append(line("disk", Map.of("host", h, "job", "node"), disk));
        }
        for (String p : PEERS) {
            double[] load = new double[N];
            double level = 20 + PEERS.indexOf(p); // peers run at slightly different levels
            for (int i = 0; i < N; i++) {
                load[i] = level + 3 * Math.sin(2 * Math.PI * i / 60) + 0.3 * rnd.nextGaussian()
                        + (p.equals(BAD_PEER) && i >= FROM && i < TO ? 8 : 0);
            }
            body.append(line("load", Map.of("peer", p, "dc", "eu"), load));
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(VM.url() + "/api/v1/import"))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        VM.flush();
    }

    private static String line(String name, Map<String, String> labels, double[] v) throws Exception {
        List<Long> ts = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        for (int i = 0; i < v.length; i++) {
            ts.add(T0.toEpochMilli() + i * MINUTE);
            vs.add(v[i]);
        }
        Map<String, String> metric = new TreeMap<>(labels);
        metric.put("__name__", name);
        return JSON.writeValueAsString(Map.of("metric", metric, "values", vs, "timestamps", ts)) + "\n";
    }

    static String config() {
        return String.join("\n",
                "schedulers:",
                "  once:",
                "    class: oneoff",
                "    fit_start_iso: '2024-03-01T00:00:00Z'",
                "    fit_end_iso: '2024-03-01T02:00:00Z'",
                "    infer_start_iso: '2024-03-01T02:00:00Z'",
                "    infer_end_iso: '2024-03-01T05:59:00Z'",
                "models:",
                "  iso:",
                "    class: isolation_forest_multivariate",
                "    contamination: 0.01",
                "    groupby: [host]",
                "    queries: [cpu, mem, disk]",
                "    schedulers: [once]",
                "  peers:",
                "    class: peer_outlier",
                "    groupby: [dc]",
                "    tolerance: 8",
                "    queries: [load]",
                "    schedulers: [once]",
                "    provide_series: [anomaly_score, y, yhat]",
                "reader:",
                "  class: vm",
                "  datasource_url: '" + VM.url() + "'",
                "  sampling_period: 1m",
                "  queries:",
                "    cpu: 'cpu{job=\"node\"}'",
                "    mem: 'mem{job=\"node\"}'",
                "    disk: 'disk{job=\"node\"}'",
                "    load: 'load'",
                "writer:",
                "  class: vm",
                "  datasource_url: '" + VM.url() + "/'",
                "  metric_format:",
                "    __name__: $VAR",
                "    for: $QUERY_KEY",
                "  connection_retry_attempts: 0",
                "");
    }

    static List<JsonNode> export(String selector) throws Exception {
        return ServiceVictoriaMetricsTest.export(VM.url(), selector);
    }

    static boolean inAnomaly(long t) {
        return t >= T0.toEpochMilli() + FROM * MINUTE && t < T0.toEpochMilli() + TO * MINUTE;
    }

    @Test
    void run_multivariateByHostAndPeerByDc_onlyTheAnomalousGroupAndPeerScoreAboveOne() throws Exception {
        RunnerConfig c = RunnerConfigs.parse(config(), "groups.yml", Map.of(), ModelRegistry.standard());
        RunnerMetrics metrics = new RunnerMetrics(new PrometheusRegistry(), "test");
        ManualTicker ticker = new ManualTicker(Instant.parse("2024-03-02T00:00:00Z"));
        try (SeriesReader reader = IoFactory.reader(c.reader()); SeriesWriter writer = IoFactory.writer(c.writer());
             AnomalyService service = new AnomalyService(c, reader, writer, ticker, metrics, null)) {
            service.run();
        }
        VM.flush();

        // Multivariate: one joint score per host, labelled with what the host's three series share.
        List<JsonNode> iso = export("{__name__=~\"anomaly_score|y|yhat\",model_alias=\"iso\"}");
        assertThat(iso).hasSize(HOSTS.size());
        Map<String, TreeMap<Long, Double>> byHost = new TreeMap<>();
        for (JsonNode s : iso) {
            Map<String, String> l = labels(s);
            assertThat(l).containsEntry("__name__", "anomaly_score").containsEntry("for", "cpu,mem,disk")
                    .containsEntry("job", "node").containsEntry("scheduler_alias", "once").containsKey("host")
                    .hasSize(6);
            byHost.put(l.get("host"), points(s));
        }
        assertThat(byHost.keySet()).containsExactlyElementsOf(HOSTS);
        for (String h : HOSTS) {
            TreeMap<Long, Double> score = byHost.get(h);
            assertThat(score).as(h).hasSize(239);
            assertThat(score.firstKey()).isEqualTo(T0.toEpochMilli() + 121 * MINUTE);
            double maxInAnomaly = score.entrySet().stream().filter(e -> inAnomaly(e.getKey()))
                    .mapToDouble(Map.Entry::getValue).max().orElseThrow();
            if (h.equals(BAD_HOST)) {
                assertThat(score.entrySet().stream().filter(e -> inAnomaly(e.getKey())))
                        .allSatisfy(e -> assertThat(e.getValue()).as("%s at %d", h, e.getKey()).isGreaterThan(1.0));
            } else {
                assertThat(maxInAnomaly).as(h).isLessThanOrEqualTo(1.0);
            }
        }

        // Peer: one score per peer; only the deviating peer goes above 1, and only while it deviates.
        List<JsonNode> peers = export("anomaly_score{model_alias=\"peers\"}");
        assertThat(peers).hasSize(PEERS.size());
        for (JsonNode s : peers) {
            Map<String, String> l = labels(s);
            assertThat(l).containsEntry("for", "load").containsEntry("dc", "eu").containsKey("peer");
            TreeMap<Long, Double> score = points(s);
            assertThat(score).hasSize(239);
            for (Map.Entry<Long, Double> e : score.entrySet()) {
                boolean shouldFire = l.get("peer").equals(BAD_PEER) && inAnomaly(e.getKey());
                if (shouldFire) {
                    assertThat(e.getValue()).as("%s at %d", l.get("peer"), e.getKey()).isGreaterThan(1.0);
                } else {
                    assertThat(e.getValue()).as("%s at %d", l.get("peer"), e.getKey()).isLessThanOrEqualTo(1.0);
                }
            }
        }
        assertThat(export("y{model_alias=\"peers\"}")).hasSize(PEERS.size());
        assertThat(export("yhat{model_alias=\"peers\"}")).hasSize(PEERS.size());
        assertThat(export("yhat_lower{model_alias=\"peers\"}")).isEmpty();
    }

    /** Passes reads through; counts the files this process holds open under {@code dir} at the end of each stream. */
    static final class Parking implements SeriesReader {
        final SeriesReader real;
        final java.nio.file.Path dir;
        final List<Long> openAtEnd = new java.util.ArrayList<>();

        Parking(SeriesReader real, java.nio.file.Path dir) {
            this.real = real;
            this.dir = dir;
        }

        @Override
        public Result read(dev.vigil.config.QueryConfig q, Instant start, Instant end,
                           Map<dev.vigil.core.series.Labels, Long> lastSeen) throws java.io.IOException {
            return real.read(q, start, end, lastSeen);
        }

        @Override
        public boolean streams() {
            return real.streams();
        }

        @Override
        public Result stream(dev.vigil.config.QueryConfig q, Instant start, Instant end,
                             Map<dev.vigil.core.series.Labels, Long> lastSeen,
                             java.util.function.Consumer<dev.vigil.core.series.Series> sink) throws java.io.IOException {
            Result r = real.stream(q, start, end, lastSeen, sink);
            openAtEnd.add(openFilesUnder(dir));
            return r;
        }

        @Override
        public String url() {
            return real.url();
        }
    }

    /** The files this process holds open under {@code dir} (Linux: {@code /proc/self/fd}), deleted or not. */
    static long openFilesUnder(java.nio.file.Path dir) throws java.io.IOException {
        long n = 0;
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(
                java.nio.file.Path.of("/proc/self/fd"))) {
            for (java.nio.file.Path fd : (Iterable<java.nio.file.Path>) fds::iterator) {
                try {
                    if (java.nio.file.Files.readSymbolicLink(fd).toString().startsWith(dir + "/")) {
                        n++;
                    }
                } catch (java.io.IOException e) {
                    // closed while listed
                }
            }
        }
        return n;
    }

    /** What the service writes, by output series, and the parking reader it read through. */
    record Outcome(Map<String, List<String>> written, Parking reader) {
    }

    static Outcome runWithSpill(java.nio.file.Path spill) throws Exception {
        RunnerConfig c = RunnerConfigs.parse(config(), "groups.yml", Map.of(), ModelRegistry.standard());
        c = c.withReader(c.reader().withSpillDir(spill));
        Map<String, List<String>> written = new TreeMap<>();
        ManualTicker ticker = new ManualTicker(Instant.parse("2024-03-02T00:00:00Z"));
        java.nio.file.Path where = spill == null ? java.nio.file.Path.of("/nonexistent") : spill;
        Parking reader = new Parking(IoFactory.reader(c.reader()), where);
        SeriesWriter capture = new SeriesWriter() {
            @Override
            public synchronized Written write(List<dev.vigil.vm.OutputSeries> series) {
                long points = 0;
                for (dev.vigil.vm.OutputSeries o : series) {
                    written.computeIfAbsent(o.variable() + " " + o.modelAlias() + " " + o.series().labels(),
                            k -> new java.util.ArrayList<>()).add(java.util.Arrays.toString(o.series().timestamps())
                            + java.util.Arrays.toString(o.series().values()));
                    points += o.series().size();
                }
                return new Written(series.size(), points, 0);
            }

            @Override
            public String url() {
                return "memory";
            }
        };
        try (reader; AnomalyService service = new AnomalyService(c, reader, capture, ticker,
                new RunnerMetrics(new PrometheusRegistry(), "test"), null)) {
            service.run();
        }
        return new Outcome(written, reader);
    }

    @Test
    void run_groupedQueriesParkedOnDisk_writeWhatTheReadsHeldInMemoryWriteAndLeaveNoFileOpen(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isDirectory(
                java.nio.file.Path.of("/proc/self/fd")), "needs /proc/self/fd");
        java.nio.file.Path spill = tmp.resolve("parked");
        Outcome parked;
        long above = JobIo.parkAbovePoints;
        JobIo.parkAbovePoints = 0; // park every read (a read of this test is far below the default)
        try {
            parked = runWithSpill(spill);
        } finally {
            JobIo.parkAbovePoints = above;
        }
        Outcome small = runWithSpill(spill);
        Outcome held = runWithSpill(null);
        assertThat(parked.written()).isNotEmpty().isEqualTo(held.written());
        assertThat(parked.written().keySet()).anyMatch(k -> k.startsWith("anomaly_score iso "))
                .anyMatch(k -> k.startsWith("yhat peers "));
        // fit and infer of cpu, mem, disk and load: each read parked while it is gathered, the earlier
        // queries of the multivariate model still parked (one file each) until its groups are done
        assertThat(parked.reader().openAtEnd).isNotEmpty().allSatisfy(n -> assertThat(n).isBetween(1L, 4L))
                .contains(3L);
        assertThat(openFilesUnder(spill)).as("open after the run").isZero();
        assertThat(held.reader().openAtEnd).as("without a spill directory the reads are whole, not streamed").isEmpty();
        // below the default threshold the streamed reads stay in memory
        assertThat(small.written()).isEqualTo(held.written());
        assertThat(small.reader().openAtEnd).isNotEmpty().containsOnly(0L);
        // a spill directory that cannot be made: warned, and the series held in memory
        java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("file"), "x");
        JobIo.parkAbovePoints = 0;
        try {
            assertThat(runWithSpill(file.resolve("parked")).written()).isEqualTo(held.written());
        } finally {
            JobIo.parkAbovePoints = above;
        }
    }
}
