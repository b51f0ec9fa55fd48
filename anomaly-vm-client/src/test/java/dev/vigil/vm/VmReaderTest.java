package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.time.Duration;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Reader options against a scripted server that answers each request with a grid of points over its range. */
class VmReaderTest {

    static Map<String, String> params(String rawQuery) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : rawQuery.split("&")) {
            String[] p = kv.split("=", 2);
            m.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8), URLDecoder.decode(p[1], StandardCharsets.UTF_8));
        }
        return m;
    }

    static long ms(String seconds) {
        char[] c = seconds.toCharArray();
        return FastNumbers.parseSecondsToMillis(c, 0, c.length);
    }

    /** Answers [start, end] at step for two series; value = timestamp in seconds (series b: negated). */
    static String grid(String rawQuery) {
        Map<String, String> p = params(rawQuery);
        long s = ms(p.get("start"));
        long e = ms(p.get("end"));
        long step = ms(p.get("step"));
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (long t = s; t <= e; t += step) {
            String ts = VmReader.seconds(t);
            a.append(a.length() == 0 ? "" : ",").append("[").append(ts).append(",\"").append(t / 1000.0).append("\"]");
            b.append(b.length() == 0 ? "" : ",").append("[").append(ts).append(",\"").append(-t / 1000.0).append("\"]");
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"__name__\":\"m\",\"s\":\"a\"},\"values\":[" + a + "]},"
                + "{\"metric\":{\"__name__\":\"m\",\"s\":\"b\"},\"values\":[" + b + "]}]}}";
    }

    static FakeVm gridServer(boolean gzip) throws Exception {
        return new FakeVm((ex, n) -> {
            String body = grid(ex.getRequestURI().getRawQuery());
            if (!gzip) {
                FakeVm.respond(ex, 200, body);
                return;
            }
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                gz.write(body.getBytes(StandardCharsets.UTF_8));
            }
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, buf.size());
            ex.getResponseBody().write(buf.toByteArray());
        });
    }

    @Test
    void read_perQueryStepAndMaxPoints_splitIntoAlignedChunksWithoutOverlap() throws Exception {
        try (FakeVm vm = gridServer(false);
             VmReader r = VmReader.create(ReaderConfig.builder(HttpSettings.builder(vm.url()).build()).samplingPeriod(Duration.ofMinutes(1))
                     .queryRangePath("/prometheus/api/v1/query_range").maxPointsPerQuery(1000).workers(3).build())) {
            QueryConfig q = QueryConfig.builder("q", "m").step(Duration.ofSeconds(15)).maxPointsPerQuery(7).build();
            long start = 1_600_000_020_000L; // a multiple of the 15 s step
            QueryResult res = r.read(q, Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + 100 * 15_000L));
            assertThat(res.requests()).isEqualTo(15);
            assertThat(res.stepMs()).isEqualTo(15_000);
            List<long[]> ranges = new ArrayList<>();
            for (FakeVm.Req req : vm.requests) {
                assertThat(req.path()).isEqualTo("/prometheus/api/v1/query_range");
                Map<String, String> p = params(req.query());
                assertThat(p.get("step")).isEqualTo("15");
                ranges.add(new long[] {ms(p.get("start")), ms(p.get("end"))});
            }
            ranges.sort((x, y) -> Long.compare(x[0], y[0]));
            assertThat(ranges.get(0)[0]).isEqualTo(start);
            for (int i = 0; i < ranges.size(); i++) {
                assertThat((ranges.get(i)[1] - ranges.get(i)[0]) / 15_000 + 1).isLessThanOrEqualTo(7);
                if (i > 0) {
                    assertThat(ranges.get(i)[0]).isEqualTo(ranges.get(i - 1)[1] + 15_000);
                }
            }
            assertThat(ranges.get(ranges.size() - 1)[1]).isEqualTo(start + 100 * 15_000L);
            Series a = res.series().get(Labels.of("__name__", "m", "s", "a"));
            Series b = res.series().get(Labels.of("__name__", "m", "s", "b"));
            assertThat(a.size()).isEqualTo(101);
            assertThat(b.size()).isEqualTo(101);
            for (int i = 0; i < 101; i++) {
                assertThat(a.timestamp(i)).isEqualTo(start + i * 15_000L);
                assertThat(a.value(i)).isEqualTo(a.timestamp(i) / 1000.0);
                assertThat(b.value(i)).isEqualTo(-b.timestamp(i) / 1000.0);
            }
        }
    }

    @Test
    void read_negativeOffset_dataRangeAndTz_areAppliedAndCarried() throws Exception {
        try (FakeVm vm = gridServer(false);
             VmReader r = VmReader.create(ReaderConfig.builder(HttpSettings.builder(vm.url()).build()).samplingPeriod(Duration.ofMinutes(1))
                     .offset(Duration.ofSeconds(-90)).latencyOffset(null).tz(ZoneId.of("Europe/Berlin")).dataRange(DataRange.parse("0", "inf"))
                     .build())) {
            QueryResult res = r.read(QueryConfig.builder("q", "m").tz(ZoneId.of("Asia/Tokyo")).build(),
                    Instant.ofEpochSecond(1_599_999_990), Instant.ofEpochSecond(1_600_000_110));
            Map<String, String> p = params(vm.requests.get(0).query());
            // shifted by 90 s: [1600000080, 1600000200], both multiples of the 1 min step
            assertThat(p).containsEntry("start", "1600000080").containsEntry("end", "1600000200")
                    .doesNotContainKey("latency_offset");
            assertThat(res.startMs()).isEqualTo(1_600_000_080_000L);
            assertThat(res.tz()).isEqualTo(ZoneId.of("Asia/Tokyo"));
            assertThat(res.dataRange()).isEqualTo(new DataRange(0, Double.POSITIVE_INFINITY));
            assertThat(res.points()).isEqualTo(6);
        }
    }

    @Test
    void read_gzipResponse_isDecodedAndCountedCompressed() throws Exception {
        List<RequestEvent> events = new CopyOnWriteArrayList<>();
        VmListener l = new VmListener() {
            @Override
            public void onRequest(RequestEvent e) {
                events.add(e);
            }
        };
        try (FakeVm vm = gridServer(true);
             VmReader r = VmReader.create(ReaderConfig.builder(HttpSettings.builder(vm.url()).build()).samplingPeriod(Duration.ofSeconds(1))
                     .build(), l, Clock.systemUTC(), new Random(1))) {
            QueryResult res = r.read(QueryConfig.builder("q", "m").build(), Instant.ofEpochSecond(1_600_000_000),
                    Instant.ofEpochSecond(1_600_000_999));
            assertThat(res.points()).isEqualTo(2000);
            String plain = grid(vm.requests.get(0).query());
            assertThat(events).singleElement().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(RequestEvent.Kind.READ);
                assertThat(e.points()).isEqualTo(2000);
                assertThat(e.series()).isEqualTo(2);
                assertThat(e.bytes()).isPositive().isLessThan(plain.length() / 3);
                assertThat(e.url()).isEqualTo(vm.url() + "/api/v1/query_range");
            });
        }
    }

    @Test
    void read_fromLastSeenTimestamp_widensTheWindowAndDropsPointsAlreadySeen() throws Exception {
        try (FakeVm vm = gridServer(false);
             VmReader r = VmReader.create(ReaderConfig.builder(HttpSettings.builder(vm.url()).build()).samplingPeriod(Duration.ofMinutes(1))
                     .queryFromLastSeenTimestamp(true).build());
             VmReader off = VmReader.create(ReaderConfig.builder(HttpSettings.builder(vm.url()).build()).samplingPeriod(Duration.ofMinutes(1))
                     .build())) {
            long t = 1_599_999_960_000L; // a whole minute
            Map<Labels, Long> seen = Map.of(Labels.of("__name__", "m", "s", "a"), t - 3 * 60_000L,
                    Labels.of("__name__", "m", "s", "b"), t + 60_000L);
            QueryResult res = r.read(QueryConfig.builder("q", "m").build(), Instant.ofEpochMilli(t),
                    Instant.ofEpochMilli(t + 2 * 60_000L), seen);
            // right after the oldest last-seen point, at the next multiple of the step
            assertThat(ms(params(vm.requests.get(0).query()).get("start"))).isEqualTo(t - 2 * 60_000L);
            assertThat(res.series().get(Labels.of("__name__", "m", "s", "a")).timestamps())
                    .containsExactly(t - 2 * 60_000L, t - 60_000L, t, t + 60_000L, t + 2 * 60_000L);
            assertThat(res.series().get(Labels.of("__name__", "m", "s", "b")).timestamps()).containsExactly(t + 2 * 60_000L);
            QueryResult plain = off.read(QueryConfig.builder("q", "m").build(), Instant.ofEpochMilli(t),
                    Instant.ofEpochMilli(t + 2 * 60_000L), seen);
            assertThat(plain.startMs()).isEqualTo(t);
            assertThat(plain.points()).isEqualTo(6);
        }
    }

    @Test
    void read_unalignedRange_asksForTheMultiplesOfTheStepInside() throws Exception {
        try (FakeVm vm = gridServer(false);
             VmReader r = VmReader.create(ReaderConfig.builder(HttpSettings.builder(vm.url()).build())
                     .samplingPeriod(Duration.ofSeconds(10)).build())) {
            long t = 1_700_000_000_000L; // a multiple of 10 s
            QueryResult res = r.read(QueryConfig.builder("q", "m").build(), Instant.ofEpochMilli(t + 1_623),
                    Instant.ofEpochMilli(t + 31_623));
            Map<String, String> p = params(vm.requests.get(0).query());
            assertThat(ms(p.get("start"))).isEqualTo(t + 10_000);
            assertThat(ms(p.get("end"))).isEqualTo(t + 30_000);
            assertThat(res.series().get(Labels.of("__name__", "m", "s", "a")).timestamps())
                    .containsExactly(t + 10_000, t + 20_000, t + 30_000);
            assertThat(res.dropped()).isEqualTo(DroppedPoints.NONE);
            // a range holding no multiple of the step asks for nothing
            QueryResult none = r.read(QueryConfig.builder("q", "m").build(), Instant.ofEpochMilli(t + 1),
                    Instant.ofEpochMilli(t + 9_999));
            assertThat(none.series()).isEmpty();
            assertThat(vm.requests).hasSize(1);
        }
    }
}
