package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VmReader#stream}: the series of {@link VmReader#read}, handed on one by one. */
class VmReaderStreamTest {

    static final long T = 1_599_999_960_000L; // a whole minute

    static ReaderConfig.Builder config(FakeVm vm) {
        return ReaderConfig.builder(HttpSettings.builder(vm.url()).build()).samplingPeriod(Duration.ofMinutes(1));
    }

    static Map<Labels, Series> streamed(VmReader r, QueryConfig q, long from, long to, Map<Labels, Long> seen,
                                        QueryResult[] summary) {
        Map<Labels, Series> got = new TreeMap<>();
        summary[0] = r.stream(q, Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), seen, s -> {
            assertThat(got.put(s.labels(), s)).as("each series once").isNull();
        });
        return got;
    }

    static void assertSameSeries(Map<Labels, Series> got, Map<Labels, Series> want) {
        assertThat(got.keySet()).containsExactlyElementsOf(want.keySet());
        for (Map.Entry<Labels, Series> e : want.entrySet()) {
            assertThat(got.get(e.getKey()).timestamps()).containsExactly(e.getValue().timestamps());
            assertThat(got.get(e.getKey()).values()).containsExactly(e.getValue().values());
        }
    }

    @Test
    void stream_oneRequestWithLastSeen_handsOnTheSeriesOfRead() throws Exception {
        try (FakeVm vm = VmReaderTest.gridServer(true);
             VmReader r = VmReader.create(config(vm).queryFromLastSeenTimestamp(true).build())) {
            Map<Labels, Long> seen = Map.of(Labels.of("__name__", "m", "s", "a"), T - 3 * 60_000L,
                    Labels.of("__name__", "m", "s", "b"), T + 60_000L);
            QueryConfig q = QueryConfig.builder("q", "m").build();
            QueryResult whole = r.read(q, Instant.ofEpochMilli(T), Instant.ofEpochMilli(T + 30 * 60_000L), seen);
            QueryResult[] summary = new QueryResult[1];
            Map<Labels, Series> got = streamed(r, q, T, T + 30 * 60_000L, seen, summary);
            assertSameSeries(got, whole.series());
            assertThat(got.get(Labels.of("__name__", "m", "s", "b")).timestamp(0)).isEqualTo(T + 2 * 60_000L);
            assertThat(summary[0].series()).isEmpty();
            assertThat(summary[0].startMs()).isEqualTo(whole.startMs());
            assertThat(summary[0].requests()).isEqualTo(1);
            assertThat(summary[0].dropped()).isEqualTo(whole.dropped());
        }
    }

    @Test
    void stream_rangeSplitIntoChunks_handsOnTheStitchedSeries() throws Exception {
        try (FakeVm vm = VmReaderTest.gridServer(false); VmReader r = VmReader.create(config(vm).build())) {
            QueryConfig q = QueryConfig.builder("q", "m").maxPointsPerQuery(7).build();
            QueryResult whole = r.read(q, Instant.ofEpochMilli(T), Instant.ofEpochMilli(T + 50 * 60_000L));
            QueryResult[] summary = new QueryResult[1];
            Map<Labels, Series> got = streamed(r, q, T, T + 50 * 60_000L, Map.of(), summary);
            assertThat(whole.requests()).isEqualTo(8);
            assertThat(summary[0].requests()).isEqualTo(8);
            assertSameSeries(got, whole.series());
            assertThat(got.values()).allSatisfy(s -> assertThat(s.size()).isEqualTo(51));
        }
    }

    /** A server answering {@code series} series {@code s000...} on the requested grid, value = series * 1000 + minute. */
    static FakeVm manySeries(int series) throws Exception {
        return new FakeVm((ex, n) -> FakeVm.respond(ex, 200, manySeries(ex.getRequestURI().getRawQuery(), series)));
    }

    /** The answer of {@link #manySeries(int)} to a request's query string. */
    static String manySeries(String rawQuery, int series) {
        Map<String, String> p = VmReaderTest.params(rawQuery);
        long from = VmReaderTest.ms(p.get("start"));
        long to = VmReaderTest.ms(p.get("end"));
        long step = VmReaderTest.ms(p.get("step"));
        StringBuilder b = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
        for (int h = 0; h < series; h++) {
            b.append(h == 0 ? "" : ",").append("{\"metric\":{\"__name__\":\"m\",\"s\":\"")
                    .append(String.format("s%03d", h)).append("\"},\"values\":[");
            for (long t = from; t <= to; t += step) {
                b.append(t == from ? "" : ",").append('[').append(VmReader.seconds(t)).append(",\"")
                        .append(h * 1000 + (t - T) / 60_000).append("\"]");
            }
            b.append("]}");
        }
        return b.append("]}}").toString();
    }

    @Test
    void stream_rangeSplitIntoChunks_releasesEachSeriesOnceHandedOn() throws Exception {
        int series = 40;
        try (FakeVm vm = manySeries(series);
             VmReader r = VmReader.create(config(vm).queryFromLastSeenTimestamp(true).build())) {
            QueryConfig q = QueryConfig.builder("q", "m").maxPointsPerQuery(10).build();
            Map<Labels, Long> seen = Map.of(Labels.of("__name__", "m", "s", "s007"), T + 12 * 60_000L);
            QueryResult whole = r.read(q, Instant.ofEpochMilli(T), Instant.ofEpochMilli(T + 29 * 60_000L), seen);
            List<WeakReference<Series>> handed = new ArrayList<>();
            int[] stillHeld = {0};
            Map<Labels, String> got = new TreeMap<>();
            QueryResult summary = r.stream(q, Instant.ofEpochMilli(T), Instant.ofEpochMilli(T + 29 * 60_000L), seen,
                    s -> {
                        got.put(s.labels(), Arrays.toString(s.timestamps()) + Arrays.toString(s.values()));
                        if (!handed.isEmpty() && handed.size() % 10 == 0) {
                            // the series handed on before, which the sink dropped, are garbage now
                            for (int i = 0; i < 5 && handed.stream().anyMatch(w -> w.get() != null); i++) {
                                System.gc();
                            }
                            stillHeld[0] = Math.max(stillHeld[0],
                                    (int) handed.stream().filter(w -> w.get() != null).count());
                        }
                        handed.add(new WeakReference<>(s));
                    });
            assertThat(summary.requests()).isEqualTo(3);
            assertThat(got).hasSize(series);
            Map<Labels, String> want = new TreeMap<>();
            whole.series().forEach((l, s) -> want.put(l, Arrays.toString(s.timestamps()) + Arrays.toString(s.values())));
            assertThat(got).isEqualTo(want);
            assertThat(got.get(Labels.of("__name__", "m", "s", "s007"))).startsWith("[" + (T + 13 * 60_000L) + ",");
            assertThat(summary.dropped()).isEqualTo(whole.dropped());
            assertThat(stillHeld[0]).as("stitched series still referenced by the reader").isZero();
        }
    }

    @Test
    void stream_rangeSplitIntoChunks_parksTheChunksInTheSpillDirectoryWhileTheReadLasts(@TempDir Path tmp)
            throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd");
        Path spill = tmp.resolve("spill");
        try (FakeVm vm = manySeries(25);
             VmReader parked = VmReader.create(config(vm).queryFromLastSeenTimestamp(true).spillDir(spill).build());
             VmReader held = VmReader.create(config(vm).queryFromLastSeenTimestamp(true).spillDir(null).build())) {
            QueryConfig q = QueryConfig.builder("q", "m").maxPointsPerQuery(10).build();
            Map<Labels, Long> seen = Map.of(Labels.of("__name__", "m", "s", "s007"), T + 12 * 60_000L);
            Instant from = Instant.ofEpochMilli(T);
            Instant to = Instant.ofEpochMilli(T + 35 * 60_000L);
            QueryResult whole = held.read(q, from, to, seen);
            long[] filesSeen = {-1};
            Map<Labels, Series> got = new TreeMap<>();
            QueryResult summary = parked.stream(q, from, to, seen, s -> {
                if (got.isEmpty()) {
                    try {
                        filesSeen[0] = ChunkSpillTest.openFilesUnder(spill);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                got.put(s.labels(), s);
            });
            assertThat(summary.requests()).isEqualTo(4);
            assertThat(filesSeen[0]).as("one file per chunk while the series are handed on").isEqualTo(4);
            assertThat(ChunkSpillTest.openFilesUnder(spill)).as("held after the read").isZero();
            try (Stream<Path> files = Files.list(spill)) {
                assertThat(files).as("left after the read").isEmpty();
            }
            assertSameSeries(got, whole.series());
            assertThat(summary.dropped()).isEqualTo(whole.dropped());
            Map<Labels, Series> inMemory = new TreeMap<>();
            held.stream(q, from, to, seen, s -> inMemory.put(s.labels(), s));
            assertSameSeries(inMemory, whole.series());
        }
    }

    @Test
    void stream_spillDirectoryCannotBeMade_warnsAndHoldsTheChunksInMemory(@TempDir Path tmp) throws Exception {
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        List<String> warnings = new ArrayList<>();
        VmListener listener = new VmListener() {
            @Override
            public void onWarning(String component, String message) {
                warnings.add(message);
            }
        };
        try (FakeVm vm = manySeries(5);
             VmReader r = VmReader.create(config(vm).spillDir(notADirectory.resolve("spill")).build(), listener,
                     java.time.Clock.systemUTC(), new java.util.Random(1))) {
            QueryConfig q = QueryConfig.builder("q", "m").maxPointsPerQuery(10).build();
            Instant from = Instant.ofEpochMilli(T);
            Instant to = Instant.ofEpochMilli(T + 25 * 60_000L);
            QueryResult whole = r.read(q, from, to);
            Map<Labels, Series> got = streamed(r, q, from.toEpochMilli(), to.toEpochMilli(), Map.of(),
                    new QueryResult[1]);
            assertSameSeries(got, whole.series());
            assertThat(warnings).anySatisfy(w -> assertThat(w).contains("query 'q'", "cannot park the 3 chunks",
                    notADirectory.resolve("spill").toString(), "holding them in memory"));
        }
    }

    @Test
    void stream_aChunkFails_throwsItsErrorAndLeavesNoFiles(@TempDir Path tmp) throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> {
                 String query = ex.getRequestURI().getRawQuery();
                 if (VmReaderTest.ms(VmReaderTest.params(query).get("start")) > T) {
                     FakeVm.respond(ex, 422, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"no\"}");
                 } else {
                     FakeVm.respond(ex, 200, manySeries(query, 5));
                 }
             });
             VmReader r = VmReader.create(config(vm).spillDir(tmp).build())) {
            List<Series> got = new ArrayList<>();
            assertThatThrownBy(() -> r.stream(QueryConfig.builder("q", "m").maxPointsPerQuery(10).build(),
                    Instant.ofEpochMilli(T), Instant.ofEpochMilli(T + 25 * 60_000L), Map.of(), got::add))
                    .isInstanceOfSatisfying(VmRequestException.class, e -> assertThat(e.code()).isEqualTo("422"));
            assertThat(got).isEmpty();
            try (Stream<Path> files = Files.list(tmp)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void stream_outOfOrderAndNonFinite_areCountedAsByRead() throws Exception {
        String body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"s\":\"a\"},\"values\":[[1600000000,\"1\"],[1600000060,\"NaN\"],[1600000030,\"2\"]]},"
                + "{\"metric\":{\"s\":\"b\"},\"values\":[[1600000000,\"+Inf\"],[1600000060,\"3\"]]}]}}";
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 200, body));
             VmReader r = VmReader.create(config(vm).build())) {
            QueryConfig q = QueryConfig.builder("q", "m").build();
            Instant s = Instant.ofEpochSecond(1_600_000_000L);
            QueryResult whole = r.read(q, s, s.plusSeconds(60));
            QueryResult[] summary = new QueryResult[1];
            Map<Labels, Series> got = streamed(r, q, s.toEpochMilli(), s.toEpochMilli() + 60_000, Map.of(), summary);
            assertSameSeries(got, whole.series());
            assertThat(summary[0].dropped()).isEqualTo(new DroppedPoints(2, 2, 1, 1));
            assertThat(whole.dropped()).isEqualTo(summary[0].dropped());
        }
    }

    @Test
    void stream_answerBreaksOffAfterASeries_failsWithoutRetryKeepingWhatWasHandedOn() throws Exception {
        String first = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"s\":\"a\"},\"values\":[[1600000000,\"1\"]]},{\"metric\":{\"s\":\"b\"},\"val";
        try (FakeVm vm = new FakeVm((ex, n) -> {
                 byte[] b = first.getBytes(StandardCharsets.UTF_8);
                 ex.sendResponseHeaders(200, b.length + 100); // announces more than it sends, then closes
                 ex.getResponseBody().write(b);
                 ex.getResponseBody().flush();
                 ex.close();
             });
             VmReader r = VmReader.create(config(vm).build())) {
            List<Series> got = new ArrayList<>();
            Instant s = Instant.ofEpochSecond(1_600_000_000L);
            assertThatThrownBy(() -> r.stream(QueryConfig.builder("q", "m").build(), s, s.plusSeconds(60), Map.of(),
                    got::add))
                    .isInstanceOfSatisfying(VmRequestException.class, e -> assertThat(e.code()).isEqualTo("io_error"))
                    .hasMessageContaining("after 1 series were handed on");
            assertThat(got).extracting(Series::labels).containsExactly(Labels.of("s", "a"));
            assertThat(vm.requests).hasSize(1);
        }
    }

    @Test
    void stream_sinkThrows_rethrowsWhatTheSinkThrew() throws Exception {
        try (FakeVm vm = VmReaderTest.gridServer(false); VmReader r = VmReader.create(config(vm).build())) {
            IllegalStateException boom = new IllegalStateException("boom");
            assertThatThrownBy(() -> r.stream(QueryConfig.builder("q", "m").build(), Instant.ofEpochMilli(T),
                    Instant.ofEpochMilli(T + 60_000L), Map.of(), s -> {
                        throw boom;
                    })).isSameAs(boom);
        }
    }
}
