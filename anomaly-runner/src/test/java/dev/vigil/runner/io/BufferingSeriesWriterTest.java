package dev.vigil.runner.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.vm.HttpSettings;
import dev.vigil.vm.OutputSeries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The writer's retry buffer against a JDK {@code HttpServer} standing in for VictoriaMetrics'
 * {@code /api/v1/import}: scores produced while the target is down reach it exactly once after it
 * recovers; beyond the bound the oldest are dropped and counted.
 */
public class BufferingSeriesWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A stand-in for /api/v1/import whose answer to the n-th request is scripted; keeps accepted samples. */
    public static final class ImportServer implements AutoCloseable {
        final HttpServer server;
        public final AtomicInteger requests = new AtomicInteger();
        /**
         * "s@timestamp" (label {@code s}), or else "__name__/host@timestamp", of every accepted sample, in
         * arrival order.
         */
        public final List<String> accepted = new CopyOnWriteArrayList<>();

        /** Serves on {@code port} (0: any); {@code status} answers the n-th request. */
        public ImportServer(int port, IntUnaryOperator status) throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            server.createContext("/api/v1/import", ex -> {
                byte[] body = ex.getRequestBody().readAllBytes();
                if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                    body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
                }
                int code = status.applyAsInt(requests.incrementAndGet());
                if (code / 100 == 2) {
                    for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
                        if (!line.isBlank()) {
                            JsonNode n = JSON.readTree(line);
                            for (JsonNode t : n.get("timestamps")) {
                                JsonNode m = n.get("metric");
                                accepted.add((m.has("s") ? m.get("s").asText()
                                        : m.get("__name__").asText() + "/" + m.get("host").asText()) + "@" + t.asLong());
                            }
                        }
                    }
                }
                ex.sendResponseHeaders(code, -1);
                ex.close();
            });
            server.start();
        }

        public String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Counts what the buffer reports, as RunnerMetrics would. */
    static final class Faults implements BufferingSeriesWriter.Listener {
        final Map<String, Long> dropped = new ConcurrentHashMap<>();
        final AtomicLong buffered = new AtomicLong(-1);

        @Override
        public void dropped(String url, String queryKey, String scheduler, long points) {
            dropped.merge(queryKey + "/" + scheduler, points, Long::sum);
        }

        @Override
        public void buffered(String url, long points) {
            buffered.set(points);
        }
    }

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private SeriesWriter writer(String url, int batchMaxSeries, long maxPoints, Faults faults) throws IOException {
        dev.vigil.vm.WriterConfig client = dev.vigil.vm.WriterConfig.builder(HttpSettings.builder(url).build())
                .gzip(false).batchMaxSeries(batchMaxSeries).connectionRetryAttempts(1).build();
        dev.vigil.config.WriterConfig c = new dev.vigil.config.WriterConfig(url, client.metricFormat(), null, null,
                client);
        SeriesWriter w = maxPoints == BufferingSeriesWriter.DEFAULT_MAX_POINTS ? IoFactory.writer(c, faults)
                : new BufferingSeriesWriter(new VmSeriesWriter(c), maxPoints, faults);
        open.add(w);
        return w;
    }

    /** One cycle's scores: series "a" and "b", one point each at {@code cycle} minutes. */
    private static List<OutputSeries> cycle(int cycle) {
        List<OutputSeries> out = new ArrayList<>();
        for (String s : List.of("a", "b")) {
            out.add(new OutputSeries("anomaly_score", "cpu", "z", "p", Series.of(Labels.of(Map.of("s", s)),
                    new long[] {60_000L * cycle}, new double[] {cycle / 10.0})));
        }
        return out;
    }

    private static List<String> expected(int fromCycle, int toCycle) {
        List<String> out = new ArrayList<>();
        for (int c = fromCycle; c < toCycle; c++) {
            out.add("a@" + 60_000L * c);
            out.add("b@" + 60_000L * c);
        }
        return out;
    }

    @Test
    void outageWithinTheBound_everyScoreArrivesExactlyOnceAfterRecovery() throws Exception {
        // 16 cycles; the target answers 503 to cycles 3..11 (each cycle makes two attempts), then recovers
        AtomicInteger cycleNo = new AtomicInteger();
        ImportServer vm = new ImportServer(0, n -> cycleNo.get() >= 3 && cycleNo.get() < 12 ? 503 : 204);
        open.add(vm);
        Faults faults = new Faults();
        SeriesWriter w = writer(vm.url(), 1000, BufferingSeriesWriter.DEFAULT_MAX_POINTS, faults);
        for (int c = 0; c < 16; c++) {
            cycleNo.set(c);
            if (c >= 3 && c < 12) {
                IoFailure e = catchThrowableOfType(IoFailure.class, () -> w.write(cycle(cycleNo.get())));
                assertThat(e.code()).isEqualTo("503");
                assertThat(e.getMessage()).contains((c - 2) * 2 + " point(s) of " + (c - 2) * 2
                        + " series held to re-send");
                assertThat(faults.buffered.get()).isEqualTo((c - 2) * 2L);
            } else {
                SeriesWriter.Written r = w.write(cycle(c));
                assertThat(r.points()).isEqualTo(c == 12 ? 20 : 2);
                assertThat(faults.buffered.get()).isZero();
            }
        }
        assertThat(vm.accepted).containsExactlyInAnyOrderElementsOf(expected(0, 16)).doesNotHaveDuplicates();
        // in order: the held scores go ahead of the new ones
        assertThat(vm.accepted).containsExactlyElementsOf(expected(0, 16));
        assertThat(faults.dropped).isEmpty();
    }

    @Test
    void closedPortThenUp_heldScoresArriveOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Faults faults = new Faults();
        SeriesWriter w = writer("http://127.0.0.1:" + port, 1000, BufferingSeriesWriter.DEFAULT_MAX_POINTS, faults);
        for (int c = 0; c < 3; c++) {
            int cc = c;
            IoFailure e = catchThrowableOfType(IoFailure.class, () -> w.write(cycle(cc)));
            assertThat(e.code()).isEqualTo("connection_error");
        }
        ImportServer vm = new ImportServer(port, n -> 204);
        open.add(vm);
        w.write(cycle(3));
        assertThat(vm.accepted).containsExactlyElementsOf(expected(0, 4));
        assertThat(faults.dropped).isEmpty();
    }

    @Test
    void partlyWrittenBatches_areNotSentTwice() throws Exception {
        // one series per request: request 1 (series a) is accepted, then the target fails for a while
        ImportServer vm = new ImportServer(0, n -> n == 1 || n > 5 ? 204 : 500);
        open.add(vm);
        Faults faults = new Faults();
        SeriesWriter w = writer(vm.url(), 1, BufferingSeriesWriter.DEFAULT_MAX_POINTS, faults);
        IoFailure e = catchThrowableOfType(IoFailure.class, () -> w.write(cycle(0)));
        assertThat(e.seriesWritten()).isEqualTo(1);
        assertThat(e.getMessage()).contains("1 point(s) of 1 series held");
        assertThat(catchThrowableOfType(IoFailure.class, () -> w.write(cycle(1)))).isNotNull();
        w.write(cycle(2));
        assertThat(vm.accepted).containsExactlyElementsOf(expected(0, 3)).doesNotHaveDuplicates();
    }

    @Test
    void outageBeyondTheBound_dropsTheOldestAndCountsThem() throws Exception {
        AtomicInteger cycleNo = new AtomicInteger();
        ImportServer vm = new ImportServer(0, n -> cycleNo.get() < 6 ? 503 : 204);
        open.add(vm);
        Faults faults = new Faults();
        SeriesWriter w = writer(vm.url(), 1000, 5, faults);
        for (int c = 0; c < 6; c++) {
            cycleNo.set(c);
            IoFailure e = catchThrowableOfType(IoFailure.class, () -> w.write(cycle(cycleNo.get())));
            assertThat(e.code()).isEqualTo("503");
            assertThat(faults.buffered.get()).isEqualTo(Math.min(5, 2L * (c + 1)));
        }
        // 12 points produced during the outage, 5 kept: the 7 oldest (cycles 0..2 and a@3) are gone
        assertThat(faults.dropped).containsExactly(Map.entry("cpu/p", 7L));
        cycleNo.set(6);
        w.write(cycle(6));
        List<String> want = new ArrayList<>(List.of("b@180000"));
        want.addAll(expected(4, 7));
        assertThat(vm.accepted).containsExactlyElementsOf(want);
        assertThat(faults.buffered.get()).isZero();
    }

    @Test
    void refusedPayload_isDroppedAtOnceNotRetriedForever() throws Exception {
        ImportServer vm = new ImportServer(0, n -> n == 1 ? 400 : 204);
        open.add(vm);
        Faults faults = new Faults();
        SeriesWriter w = writer(vm.url(), 1000, BufferingSeriesWriter.DEFAULT_MAX_POINTS, faults);
        IoFailure e = catchThrowableOfType(IoFailure.class, () -> w.write(cycle(0)));
        assertThat(e.code()).isEqualTo("400");
        assertThat(e.getMessage()).contains("2 point(s) dropped");
        assertThat(faults.dropped).containsExactly(Map.entry("cpu/p", 2L));
        w.write(cycle(1));
        assertThat(vm.accepted).containsExactlyElementsOf(expected(1, 2));
        assertThat(vm.requests.get()).isEqualTo(2);
    }

    @Test
    void finish_sendsWhatIsHeldOrDropsAndCountsIt() throws Exception {
        AtomicInteger mode = new AtomicInteger(503);
        ImportServer vm = new ImportServer(0, n -> mode.get());
        open.add(vm);
        Faults faults = new Faults();
        SeriesWriter w = writer(vm.url(), 1000, BufferingSeriesWriter.DEFAULT_MAX_POINTS, faults);
        catchThrowableOfType(IoFailure.class, () -> w.write(cycle(0)));
        mode.set(204);
        w.finish();
        assertThat(vm.accepted).containsExactlyElementsOf(expected(0, 1));

        mode.set(503);
        SeriesWriter w2 = writer(vm.url(), 1000, BufferingSeriesWriter.DEFAULT_MAX_POINTS, faults);
        catchThrowableOfType(IoFailure.class, () -> w2.write(cycle(1)));
        w2.finish();
        assertThat(faults.dropped).containsExactly(Map.entry("cpu/p", 2L));
        assertThat(faults.buffered.get()).isZero();
    }

    @Test
    void transientCodes() {
        assertThat(List.of("500", "503", "connection_error", "timeout", "io_error", "ssl_error", "401", "403",
                "408", "429")).allMatch(BufferingSeriesWriter::isTransient);
        assertThat(List.of("400", "404", "413", "422")).noneMatch(BufferingSeriesWriter::isTransient);
    }
}
