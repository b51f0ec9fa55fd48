package dev.vigil.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link StreamingQuantiles#compact()}: what it keeps, and how the summary goes on after it. */
class StreamingQuantilesCompactTest {

    private static final double[] PROBS = {0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999};

    private static void feed(StreamingQuantiles a, StreamingQuantiles b, SplittableRandom r, int n) {
        for (int i = 0; i < n; i++) {
            double x = r.nextDouble() < 0.3 ? Math.floor(r.nextDouble() * 20) : r.nextDouble() * 100 - 30;
            a.add(x);
            b.add(x);
        }
    }

    @Test
    void compact_mergingDigest_keepsOnlyTheUsedCentroidsAndBufferedPoints() {
        StreamingQuantiles q = new StreamingQuantiles(100, 1.0);
        assertThat(q.isCompact()).as("not used yet").isTrue();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            q.add(r.nextGaussian());
        }
        q.quantile(0.5); // merges the buffer, as the models' cache refreshes do
        for (int i = 0; i < 37; i++) {
            q.add(r.nextGaussian());
        }
        assertThat(q.isCompact()).isFalse();
        q.compact();
        assertThat(q.isCompact()).isTrue();
        DigestState.Merging d = (DigestState.Merging) q.state().digest();
        assertThat(d.bufferMeans()).hasSize(37);
        // 16 bytes per centroid: at most t-digest's own bound (2 compression + 10), a few KB
        assertThat(d.centroids()).isBetween(20, 210);
        assertThat(q.count()).isEqualTo(20_037);
        assertThat(q.quantile(0.5)).isCloseTo(0.0, within(0.03));
    }

    @Test
    void compact_mergingDigestInBatchesOfAnySize_isExact() {
        for (long seed = 1; seed <= 5; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            StreamingQuantiles compacted = new StreamingQuantiles(100, 1.0);
            StreamingQuantiles plain = new StreamingQuantiles(100, 1.0);
            for (int batch = 0; batch < 40; batch++) {
                feed(compacted, plain, r, 1 + r.nextInt(600));
                compacted.compact();
                if (r.nextBoolean()) {
                    for (double p : PROBS) {
                        assertThat(compacted.quantile(p)).as("seed %d batch %d p %s", seed, batch, p)
                                .isEqualTo(plain.quantile(p));
                    }
                    compacted.compact();
                }
                assertThat(StreamingQuantilesDeferredTest.settled(compacted)).isEqualTo(plain.state());
            }
        }
    }

    @Test
    void compact_decayingDigest_isExact() {
        SplittableRandom r = new SplittableRandom(3);
        StreamingQuantiles compacted = new StreamingQuantiles(100, 0.995);
        StreamingQuantiles plain = new StreamingQuantiles(100, 0.995);
        for (int batch = 0; batch < 60; batch++) {
            feed(compacted, plain, r, 1 + r.nextInt(200));
            compacted.compact();
            for (double p : PROBS) {
                assertThat(compacted.quantile(p)).isEqualTo(plain.quantile(p));
            }
            compacted.compact();
        }
        assertThat(StreamingQuantilesDeferredTest.settled(compacted)).isEqualTo(plain.state());
    }

    @Test
    void restore_startsCompact_andEvolvesAsTheOriginal() {
        SplittableRandom r = new SplittableRandom(5);
        StreamingQuantiles a = new StreamingQuantiles(50, 1.0);
        StreamingQuantiles b = new StreamingQuantiles(50, 1.0);
        feed(a, b, r, 1_234);
        StreamingQuantiles restored = StreamingQuantiles.restore(a.state());
        assertThat(restored.isCompact()).isTrue();
        feed(restored, b, r, 777);
        assertThat(StreamingQuantilesDeferredTest.settled(restored)).isEqualTo(b.state());
        assertThat(new StreamingQuantiles(50, 1.0).state()).isEqualTo(StreamingQuantiles.restore(
                new StreamingQuantiles(50, 1.0).state()).state());
    }
}
