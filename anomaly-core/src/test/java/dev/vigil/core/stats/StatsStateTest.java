package dev.vigil.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link StreamingQuantiles#state()} / {@link StreamingQuantiles#restore} and {@link DecayedMoments.State}. */
class StatsStateTest {

    private static final double[] PROBS = {0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 1.0};

    /**
     * A restored summary must answer and evolve exactly as the original, whatever the digest variant
     * and wherever the capture falls (mid-buffer for the merging digest, between rescales with decay),
     * including integer data whose ties the AVL digest breaks with its generator.
     */
    @ParameterizedTest
    @CsvSource({
        "1.0, 100, 1237, false, false", // merging digest, points still buffered
        "1.0, 100, 5000, true, false", // merging digest, ties
        "1.0, 50, 3001, false, true", // scaled: AVL digest without decay
        "0.999, 100, 7777, true, false", // AVL digest, ties: generator state matters
        "0.995, 50, 4321, false, false", // AVL digest across rescales
        "0.9, 20, 10, true, false", // few points
    })
    void restore_answersAndEvolvesBitForBit(double decay, double compression, int before, boolean ties, boolean scale) {
        StreamingQuantiles a = new StreamingQuantiles(compression, decay);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < before; i++) {
            a.add(point(r, ties));
        }
        if (scale) {
            a.scaleWeight(2.5);
        }
        StreamingQuantiles.State s = a.state();
        StreamingQuantiles b = StreamingQuantiles.restore(s);
        assertThat(a.state()).as("capturing does not change the original").isEqualTo(s);
        assertThat(b.state()).isEqualTo(s);
        assertThat(b.count()).isEqualTo(a.count());
        assertThat(b.weight()).isEqualTo(a.weight());
        // Feed both the same points; query the original only at the end so that any difference
        // in buffered state would show.
        SplittableRandom r1 = new SplittableRandom(8);
        SplittableRandom r2 = new SplittableRandom(8);
        for (int i = 0; i < 20_000; i++) {
            a.add(point(r1, ties));
            b.add(point(r2, ties));
            if (i % 4999 == 0) {
                assertThat(b.quantile(0.5)).as("median after %d", i).isEqualTo(a.quantile(0.5));
            }
        }
        for (double p : PROBS) {
            assertThat(b.quantile(p)).as("q%s", p).isEqualTo(a.quantile(p));
        }
        assertThat(b.state()).isEqualTo(a.state());
    }

    private static double point(SplittableRandom r, boolean ties) {
        return ties ? r.nextInt(5) : r.nextGaussian() * 3 + 10;
    }

    @Test
    void restore_emptySummary() {
        StreamingQuantiles a = new StreamingQuantiles(100, 0.99, 42);
        StreamingQuantiles b = StreamingQuantiles.restore(a.state());
        assertThat(b.quantile(0.5)).isNaN();
        assertThat(b.seed()).isEqualTo(42);
        a.add(3);
        b.add(3); // pending: a restored summary starts compact
        assertThat(b.state().pending()).containsExactly(3.0);
        assertThat(StreamingQuantilesDeferredTest.settled(b)).isEqualTo(a.state());
    }

    @Test
    void restore_inconsistentState_rejected() {
        StreamingQuantiles.State ok = new StreamingQuantiles(100, 0.99).state();
        assertThatThrownBy(() -> StreamingQuantiles.restore(new StreamingQuantiles.State(5, 0.99, 1, 1, 0, ok.digest())))
                .hasMessageContaining("compression");
        assertThatThrownBy(() -> StreamingQuantiles.restore(new StreamingQuantiles.State(100, 0.99, 1, 1e9, 0,
                ok.digest()))).hasMessageContaining("growth");
        StreamingQuantiles.State merging = new StreamingQuantiles(100, 1.0).state();
        assertThatThrownBy(() -> StreamingQuantiles.restore(new StreamingQuantiles.State(100, 0.99, 1, 1, 0,
                merging.digest()))).hasMessageContaining("weighted");
        DigestState nan = new DigestState.AvlTree(0, 1, 1, 0, 1, new int[0], new int[2], new int[2], new int[2],
                new byte[] {0, 1}, new double[] {0, Double.NaN}, new int[] {0, 1}, new int[] {0, 1});
        assertThatThrownBy(() -> StreamingQuantiles.restore(new StreamingQuantiles.State(100, 0.99, 1, 1, 1, nan)))
                .hasMessageContaining("centroid 1");
        DigestState cycle = new DigestState.AvlTree(0, 1, 2, 0, 1, new int[0], new int[] {0, 0, 1},
                new int[] {0, 2, 0}, new int[] {0, 0, 1}, new byte[] {0, 2, 1}, new double[] {0, 1, 1},
                new int[] {0, 1, 1}, new int[] {0, 2, 1});
        assertThatThrownBy(() -> StreamingQuantiles.restore(new StreamingQuantiles.State(100, 0.99, 1, 1, 2, cycle)))
                .hasMessageContaining("node");
    }

    @Test
    void copy_usesTheSameExactPath() {
        StreamingQuantiles a = new StreamingQuantiles(100, 0.999);
        for (int i = 0; i < 3000; i++) {
            a.add(i % 7);
        }
        assertThat(a.copy().state()).isEqualTo(a.state());
    }

    @Test
    void decayedMoments_stateRoundTrip_evolvesBitForBit() {
        DecayedMoments a = new DecayedMoments(0.999);
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 1000; i++) {
            a.add(r.nextGaussian());
        }
        a.scaleWeight(3);
        DecayedMoments b = DecayedMoments.restore(a.state());
        assertThat(b.state()).isEqualTo(a.state());
        for (int i = 0; i < 1000; i++) {
            double x = r.nextGaussian();
            a.add(x);
            b.add(x);
        }
        assertThat(b.state()).isEqualTo(a.state());
        assertThat(b.std()).isEqualTo(a.std());
        assertThatThrownBy(() -> DecayedMoments.restore(new DecayedMoments.State(0, 1, 0, 0, 1)))
                .hasMessageContaining("decay");
    }
}
