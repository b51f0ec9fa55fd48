package dev.vigil.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Points added to a {@linkplain StreamingQuantiles#compact() compact} summary are deferred and applied
 * when the digest is next read: seeded property tests comparing such a summary, compacted, read, saved
 * and restored at random moments, with one that applies every point at once and is never compacted.
 */
class StreamingQuantilesDeferredTest {

    private static final double[] PROBS = {0.001, 0.01, 0.25, 0.5, 0.75, 0.99, 0.995};

    /** Values with ties (a third on 20 integer levels, which exercises the AVL digest's tie-breaking), NaNs and infinities. */
    private static double next(SplittableRandom r) {
        double u = r.nextDouble();
        if (u < 0.02) {
            return r.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
        }
        return u < 0.35 ? Math.floor(r.nextDouble() * 20) : r.nextGaussian() * 10 + (u > 0.97 ? 500 : 0);
    }

    /**
     * Random batches (1 to 700 points, over the pending bound), each followed by a random mix of compact,
     * quantile reads, weight reads, state capture, save and restore into a new object, scaleWeight, copy.
     */
    private static void compareDeferredWithImmediate(double decay, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        StreamingQuantiles deferred = new StreamingQuantiles(100, decay, seed);
        StreamingQuantiles immediate = new StreamingQuantiles(100, decay, seed);
        for (int batch = 0; batch < 60; batch++) {
            int n = r.nextInt(10) == 0 ? 1 + r.nextInt(700) : 1 + r.nextInt(40);
            for (int i = 0; i < n; i++) {
                double x = next(r);
                deferred.add(x);
                immediate.add(x);
            }
            assertThat(deferred.count()).isEqualTo(immediate.count());
            int action = r.nextInt(8);
            String where = "decay " + decay + " seed " + seed + " batch " + batch + " action " + action;
            switch (action) {
                case 0, 1 -> deferred.compact(); // the common case: compact, next batch deferred
                case 2 -> {
                    for (double p : PROBS) {
                        assertThat(deferred.quantile(p)).as(where + " p " + p).isEqualTo(immediate.quantile(p));
                    }
                    deferred.compact();
                }
                case 3 -> assertThat(deferred.weight()).as(where).isEqualTo(immediate.weight());
                case 4 -> {
                    deferred.compact();
                    deferred = StreamingQuantiles.restore(deferred.state());
                }
                case 5 -> {
                    double f = 0.5 + r.nextDouble() * 2;
                    deferred.scaleWeight(f);
                    immediate.scaleWeight(f);
                    deferred.compact();
                }
                case 6 -> {
                    deferred.compact();
                    deferred = deferred.copy();
                }
                default -> {
                    // a state taken while points are pending, and the summary goes on afterwards
                    deferred.compact();
                    assertThat(settled(deferred)).as(where).isEqualTo(immediate.state());
                }
            }
        }
        for (double p : PROBS) {
            assertThat(deferred.quantile(p)).as("decay %s seed %d p %s", decay, seed, p).isEqualTo(immediate.quantile(p));
        }
        assertThat(settled(deferred)).isEqualTo(immediate.state());
    }

    @Test
    void add_deferredWhileCompactWithoutDecay_bitIdenticalToImmediateAdds() {
        for (long seed = 1; seed <= 12; seed++) {
            compareDeferredWithImmediate(1.0, seed);
        }
    }

    @Test
    void add_deferredWhileCompactWithDecay_bitIdenticalToImmediateAdds() {
        for (long seed = 1; seed <= 12; seed++) {
            // 0.9 rescales every ~50 points (growth cap), 0.995 every ~1 100: rescales fall inside deferred batches
            compareDeferredWithImmediate(seed % 2 == 0 ? 0.9 : 0.995, seed);
        }
    }

    @Test
    void compact_manySummariesReusingPooledDigestsAcrossThreads_bitIdenticalToImmediateAdds() throws Exception {
        // compacting gives a merging digest back to its thread's pool; the next rebuild of any summary of
        // that compression, on that thread, reuses it: contents must never leak from one summary to another
        double[] compressions = {50, 100, 100, 100, 200, 100};
        int n = compressions.length;
        StreamingQuantiles[] pooled = new StreamingQuantiles[n];
        StreamingQuantiles[] plain = new StreamingQuantiles[n];
        for (int k = 0; k < n; k++) {
            pooled[k] = new StreamingQuantiles(compressions[k], 1.0);
            plain[k] = new StreamingQuantiles(compressions[k], 1.0);
        }
        SplittableRandom r = new SplittableRandom(21);
        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int step = 0; step < 400; step++) {
                int k = r.nextInt(n);
                int points = 1 + r.nextInt(r.nextInt(8) == 0 ? 400 : 30);
                long seed = r.nextLong();
                boolean read = r.nextInt(3) == 0;
                StreamingQuantiles p = pooled[k];
                // the pooled summary works on one of two threads, each with its own pool
                double[] got = threads.submit(() -> {
                    SplittableRandom values = new SplittableRandom(seed);
                    for (int i = 0; i < points; i++) {
                        p.add(next(values));
                    }
                    double[] q = read ? quantiles(p) : new double[0];
                    p.compact();
                    return q;
                }).get();
                SplittableRandom values = new SplittableRandom(seed);
                for (int i = 0; i < points; i++) {
                    plain[k].add(next(values));
                }
                if (read) {
                    assertThat(got).as("step %d summary %d", step, k).isEqualTo(quantiles(plain[k]));
                }
            }
        } finally {
            threads.shutdown();
        }
        for (int k = 0; k < n; k++) {
            assertThat(settled(pooled[k])).as("summary %d", k).isEqualTo(plain[k].state());
        }
    }

    private static double[] quantiles(StreamingQuantiles q) {
        double[] out = new double[PROBS.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = q.quantile(PROBS[i]);
        }
        return out;
    }

    @Test
    void add_toCompactSummary_staysCompactUpToThePendingBound() {
        SplittableRandom r = new SplittableRandom(11);
        StreamingQuantiles q = new StreamingQuantiles(100, 1.0);
        for (int i = 0; i < 1_000; i++) {
            q.add(r.nextGaussian());
        }
        q.compact();
        for (int i = 0; i < StreamingQuantiles.MAX_PENDING; i++) {
            q.add(r.nextGaussian());
        }
        assertThat(q.isCompact()).as("pending points only").isTrue();
        assertThat(q.count()).isEqualTo(1_000 + StreamingQuantiles.MAX_PENDING);
        q.add(r.nextGaussian());
        assertThat(q.isCompact()).as("past the bound the digest is rebuilt").isFalse();
    }

    @Test
    void state_withPendingPoints_keepsThemPendingAndRestoresToTheSameFuture() {
        SplittableRandom r = new SplittableRandom(12);
        StreamingQuantiles q = new StreamingQuantiles(100, 0.99);
        StreamingQuantiles plain = new StreamingQuantiles(100, 0.99);
        for (int i = 0; i < 500; i++) {
            double x = r.nextGaussian();
            q.add(x);
            plain.add(x);
        }
        q.compact();
        double[] added = new double[30];
        for (int i = 0; i < 30; i++) {
            double x = r.nextGaussian();
            added[i] = x;
            q.add(x);
            plain.add(x);
        }
        StreamingQuantiles.State s = q.state();
        assertThat(q.isCompact()).as("taking the state rebuilds nothing").isTrue();
        assertThat(s.pending()).containsExactly(added);
        assertThat(s.count()).isEqualTo(530);
        StreamingQuantiles restored = StreamingQuantiles.restore(s);
        assertThat(restored.state()).as("round trip").isEqualTo(s);
        assertThat(settled(restored)).isEqualTo(plain.state());
        for (int i = 0; i < 300; i++) { // beyond the pending limit: the restored pending points come first
            double x = r.nextGaussian();
            restored.add(x);
            plain.add(x);
        }
        assertThat(restored.quantile(0.5)).isEqualTo(plain.quantile(0.5));
        assertThat(settled(restored)).isEqualTo(plain.state());
    }

    @Test
    void restore_pendingPointsBeyondTheLimitTheCountOrNotFinite_isRefused() {
        StreamingQuantiles q = new StreamingQuantiles(100, 1.0);
        for (int i = 0; i < 1_000; i++) {
            q.add(i);
        }
        q.compact();
        StreamingQuantiles.State s = q.state();
        DigestState d = s.digest();
        assertThatThrownBy(() -> StreamingQuantiles.restore(new StreamingQuantiles.State(100, 1.0, s.seed(), 1.0,
                1_000, d, new double[StreamingQuantiles.MAX_PENDING + 1])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("257 pending points");
        assertThatThrownBy(() -> StreamingQuantiles.restore(new StreamingQuantiles.State(100, 1.0, s.seed(), 1.0,
                2, d, new double[3]))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count 2");
        assertThatThrownBy(() -> StreamingQuantiles.restore(new StreamingQuantiles.State(100, 1.0, s.seed(), 1.0,
                1_001, d, new double[] {Double.NaN}))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not finite: NaN");
    }

    /**
     * The state of {@code q} with its pending points applied (what it was before states kept them),
     * taken from a copy: the form in which a summary that adds at once has its state.
     */
    static StreamingQuantiles.State settled(StreamingQuantiles q) {
        StreamingQuantiles c = q.copy();
        c.weight(); // rebuilds the digest, applying the pending points (a quantile would also merge its buffer)
        c.compact();
        return c.state();
    }
}
