package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChunkSpill}: chunks parked on disk come back as the in-memory stitch makes them. */
class ChunkSpillTest {

    static final long T = 1_600_000_020_000L;
    static final long STEP = 15_000L;

    @TempDir
    Path dir;

    /** A random chunk answer: on-grid series, gaps, out-of-order points, non-finite values, repeated series. */
    static List<QueryRangeParser.Result> chunks(Random rnd, int chunks, int series, int points) {
        List<QueryRangeParser.Result> parts = new ArrayList<>();
        for (int c = 0; c < chunks; c++) {
            QueryRangeParser.Result part = new QueryRangeParser.Result();
            long from = T + (long) c * points * STEP;
            for (int s = 0; s < series; s++) {
                if (rnd.nextInt(5) == 0) {
                    continue; // absent from this chunk
                }
                int repeats = rnd.nextInt(8) == 0 ? 2 : 1;
                for (int k = 0; k < repeats; k++) {
                    QueryRangeParser.Columns col = new QueryRangeParser.Columns(Labels.of("__name__", "m", "s",
                            "s" + s), 4);
                    int kind = rnd.nextInt(4); // 0, 1: on the grid; 2: gaps; 3: out of order
                    for (int i = 0; i < points; i++) {
                        if (kind == 2 && rnd.nextInt(3) == 0) {
                            continue;
                        }
                        long t = from + i * STEP + (kind == 3 && rnd.nextInt(4) == 0 ? -3 * STEP : 0);
                        double v = rnd.nextInt(20) == 0 ? (rnd.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY)
                                : rnd.nextGaussian();
                        col.add(t, v);
                    }
                    part.series.add(col);
                    part.points += col.size;
                }
            }
            parts.add(part);
        }
        return parts;
    }

    @Test
    void drain_gapsRepeatsOutOfOrderAndNonFinite_handsOnTheSeriesAndDropsOfTheInMemoryStitch() throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            Random rnd = new Random(seed);
            int nChunks = 1 + rnd.nextInt(4);
            List<QueryRangeParser.Result> parts = chunks(rnd, nChunks, 30, 1 + rnd.nextInt(40));
            Map<Labels, Long> seen = new HashMap<>();
            seen.put(Labels.of("__name__", "m", "s", "s3"), T + 7 * STEP);
            long floor = seed % 2 == 0 ? T + 2 * STEP : Long.MIN_VALUE;
            VmReader.Stitched want = VmReader.stitch(parts, seen, floor);
            Map<Labels, Series> got = new TreeMap<>();
            List<Labels> order = new ArrayList<>();
            DroppedPoints dropped;
            try (ChunkSpill spill = ChunkSpill.open(dir.resolve("spill"), nChunks)) {
                for (int c = 0; c < nChunks; c++) {
                    ChunkSpill.Chunk chunk = spill.chunk(c);
                    parts.get(c).series.forEach(chunk::add);
                    chunk.finish();
                }
                dropped = spill.drain(seen, floor, s -> {
                    order.add(s.labels());
                    got.put(s.labels(), s);
                });
            }
            assertThat(order).as("seed %d: Labels order, each series once", seed).isSorted().doesNotHaveDuplicates();
            VmReaderStreamTest.assertSameSeries(got, want.series());
            assertThat(dropped).as("seed %d", seed).isEqualTo(want.dropped());
        }
    }

    @Test
    void add_seriesLongerThanTheBuffer_comesBackWhole() throws Exception {
        int n = ChunkSpill.BUFFER / 16 + 1000; // more bytes than a chunk buffers, even on the grid
        QueryRangeParser.Columns small = new QueryRangeParser.Columns(Labels.of("s", "a"), 4);
        small.add(T, 1);
        QueryRangeParser.Columns big = new QueryRangeParser.Columns(Labels.of("s", "b"), n);
        for (int i = 0; i < n; i++) {
            big.add(T + i * STEP + (i % 2), i); // off the grid
        }
        List<Series> got = new ArrayList<>();
        try (ChunkSpill spill = ChunkSpill.open(dir, 1)) {
            ChunkSpill.Chunk chunk = spill.chunk(0);
            chunk.add(small);
            chunk.add(big);
            chunk.finish();
            spill.drain(Map.of(), Long.MIN_VALUE, got::add);
        }
        assertThat(got).hasSize(2);
        assertThat(got.get(1).size()).isEqualTo(n);
        assertThat(got.get(1).timestamp(n - 1)).isEqualTo(T + (n - 1) * STEP + ((n - 1) % 2));
        assertThat(got.get(1).value(n - 1)).isEqualTo(n - 1);
    }

    @Test
    void add_seriesOnTheStepGrid_parksEightBytesAPointAndOffTheGridSixteen() throws Exception {
        int n = 1000;
        QueryRangeParser.Columns grid = new QueryRangeParser.Columns(Labels.of("s", "a"), n);
        QueryRangeParser.Columns gaps = new QueryRangeParser.Columns(Labels.of("s", "b"), n);
        for (int i = 0; i < n; i++) {
            grid.add(T + i * STEP, i);
            gaps.add(T + i * STEP + (i == n / 2 ? STEP / 2 : 0), i);
        }
        long header;
        try (ChunkSpill spill = ChunkSpill.open(dir, 2)) {
            ChunkSpill.Chunk a = spill.chunk(0);
            a.add(grid);
            a.finish();
            header = spill.bytes() - 16 - 8L * n;
            ChunkSpill.Chunk b = spill.chunk(1);
            b.add(gaps);
            b.finish();
            assertThat(spill.bytes() - (16 + 8L * n + header)).isEqualTo(header + 16L * n);
        }
        assertThat(header).isBetween(1L, 64L);
    }

    /** The files this process holds open under {@code dir} (Linux: {@code /proc/self/fd}), deleted or not. */
    static long openFilesUnder(Path dir) throws java.io.IOException {
        long n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    if (Files.readSymbolicLink(fd).toString().startsWith(dir.toString() + "/")) {
                        n++;
                    }
                } catch (java.io.IOException e) {
                    // closed while listed
                }
            }
        }
        return n;
    }

    @Test
    void open_inADirectoryItCreates_holdsOneFileAChunkThatCloseReleasesAndNoneIsLeftListed() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd");
        Path where = dir.resolve("a/b");
        try (ChunkSpill spill = ChunkSpill.open(where, 3)) {
            assertThat(openFilesUnder(where)).isEqualTo(3);
            assertThat(spill.dir()).isEqualTo(where);
            try (Stream<Path> files = Files.list(where)) {
                assertThat(files).as("unlinked at once: a crash leaves nothing behind").isEmpty();
            }
        }
        assertThat(openFilesUnder(where)).isZero();
    }
}
