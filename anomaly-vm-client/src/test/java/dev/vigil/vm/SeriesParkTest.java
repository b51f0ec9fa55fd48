package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SeriesPark}: series parked on disk come back as they were added. */
class SeriesParkTest {

    static final long T = 1_600_000_020_000L;

    @TempDir
    Path dir;

    @Test
    void get_seriesOnTheGridWithGapsNonFiniteAndEmpty_comeBackAsAddedInLabelsOrder() throws Exception {
        Random rnd = new Random(5);
        List<Series> added = new ArrayList<>();
        for (int s = 0; s < 50; s++) {
            int n = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(300);
            long[] ts = new long[n];
            double[] vs = new double[n];
            long t = T;
            for (int i = 0; i < n; i++) {
                t += s % 3 == 0 ? 60_000L * (1 + rnd.nextInt(3)) : 60_000L; // gaps in every third
                ts[i] = t;
                vs[i] = rnd.nextInt(10) == 0 ? Double.NaN : rnd.nextGaussian() * 1e6;
            }
            added.add(Series.of(Labels.of("__name__", "m", "s", "s" + (49 - s)), ts, vs));
        }
        try (SeriesPark park = SeriesPark.open(dir.resolve("p"))) {
            added.forEach(park::add);
            assertThat(park.added()).isEqualTo(50);
            List<Labels> labels = park.labels();
            assertThat(labels).hasSize(50).isSorted();
            for (Series s : added) {
                Series got = park.get(s.labels());
                assertThat(got.labels()).isEqualTo(s.labels());
                assertThat(got.timestamps()).containsExactly(s.timestamps());
                assertThat(got.values()).containsExactly(s.values());
            }
            assertThat(park.get(Labels.of("s", "absent"))).isNull();
            assertThatThrownBy(() -> park.add(added.get(0))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("read already");
        }
    }

    @Test
    void add_sameLabelsTwice_comeBackAsOneSeriesInTheOrderAdded() throws Exception {
        Labels l = Labels.of("s", "a");
        try (SeriesPark park = SeriesPark.open(dir)) {
            park.add(Series.of(l, new long[] {T, T + 60_000}, new double[] {1, 2}));
            park.add(Series.of(Labels.of("s", "b"), new long[] {T}, new double[] {9}));
            park.add(Series.of(l, new long[] {T + 120_000}, new double[] {3}));
            assertThat(park.labels()).containsExactly(l, Labels.of("s", "b"));
            assertThat(park.get(l).values()).containsExactly(1, 2, 3);
            assertThat(park.get(l).timestamps()).containsExactly(T, T + 60_000, T + 120_000);
        }
    }

    @Test
    void close_releasesTheOneFileHeldInTheDirectory() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc/self/fd");
        Path where = dir.resolve("x");
        SeriesPark park = SeriesPark.open(where);
        park.add(Series.of(Labels.of("s", "a"), new long[] {T}, new double[] {1}));
        assertThat(ChunkSpillTest.openFilesUnder(where)).isEqualTo(1);
        park.close();
        assertThat(ChunkSpillTest.openFilesUnder(where)).isZero();
        try (var files = Files.list(where)) {
            assertThat(files).isEmpty();
        }
    }
}
