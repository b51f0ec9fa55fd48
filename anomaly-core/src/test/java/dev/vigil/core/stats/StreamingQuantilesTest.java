package dev.vigil.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamingQuantilesTest {

    @Test
    void quantile_normalSample_closeToExactQuantiles() {
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 100_000;
        double[] x = new double[n];
        StreamingQuantiles s = new StreamingQuantiles(100, 1.0);
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
            s.add(x[i]);
        }
        for (double q : new double[] {0.01, 0.1, 0.5, 0.9, 0.99}) {
            double exact = RobustStats.quantile(x, q);
            // t-digest's rank error at compression 100 is well under 0.5 % in the middle, less at the tails.
            double rank = cdf(x, s.quantile(q));
            assertThat(rank).as("rank of q=%s", q).isCloseTo(q, within(0.005));
            assertThat(s.quantile(q)).isCloseTo(exact, within(0.03));
        }
        assertThat(s.count()).isEqualTo(n);
        assertThat(s.weight()).isCloseTo(n, within(1e-9));
    }

    private static double cdf(double[] x, double v) {
        int below = 0;
        for (double d : x) {
            if (d < v) {
                below++;
            }
        }
        return below / (double) x.length;
    }

    @Test
    void quantile_twoRunsWithTiesAndDecay_bitIdentical() {
        // Integer values put many centroids at equal distances: the AVL digest's tie-breaking draws random numbers.
        for (double decay : new double[] {0.999, 0.9999, 1.0}) {
            StreamingQuantiles a = new StreamingQuantiles(50, decay);
            StreamingQuantiles b = new StreamingQuantiles(50, decay);
            feedTies(a, 1);
            feedTies(b, 1);
            a.scaleWeight(2.0);
            b.scaleWeight(2.0);
            feedTies(a, 2);
            feedTies(b, 2);
            for (double q = 0; q <= 1.0; q += 0.001) {
                assertThat(Double.doubleToRawLongBits(a.quantile(q))).as("decay %s, q=%s", decay, q)
                        .isEqualTo(Double.doubleToRawLongBits(b.quantile(q)));
            }
            assertThat(a.seed()).isEqualTo(StreamingQuantiles.DEFAULT_SEED);
        }
    }

    private static void feedTies(StreamingQuantiles s, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < 50_000; i++) {
            s.add(rnd.nextInt(40) + (rnd.nextInt(100) == 0 ? 0.5 : 0.0));
        }
    }

    @Test
    void add_withDecay_forgetsAnOldRegime() {
        StreamingQuantiles s = new StreamingQuantiles(100, 0.99);
        SplittableRandom rnd = new SplittableRandom(2);
        for (int i = 0; i < 5000; i++) {
            s.add(rnd.nextGaussian());
        }
        for (int i = 0; i < 1000; i++) {
            s.add(100 + rnd.nextGaussian());
        }
        // The old regime holds 0.99^1000 ~ 4e-5 of the weight: the median is the new level.
        assertThat(s.quantile(0.5)).isCloseTo(100, within(0.2));
        assertThat(s.quantile(0.01)).isGreaterThan(95);
        // Effective weight ~ 1 / (1 - d) = 100 fresh points.
        assertThat(s.weight()).isCloseTo(100, within(3.0));
    }

    @Test
    void add_withDecay_weightsMatchExponentialForgetting() {
        // Half the weight on the last ln(2)/-ln(d) points: median between the two regimes.
        double d = 0.999;
        int half = (int) Math.round(Math.log(0.5) / Math.log(d));
        StreamingQuantiles s = new StreamingQuantiles(200, d);
        for (int i = 0; i < 20_000; i++) {
            s.add(0.0);
        }
        for (int i = 0; i < half - 20; i++) {
            s.add(10.0);
        }
        assertThat(s.quantile(0.45)).isEqualTo(0.0, within(1e-9));
        for (int i = 0; i < 40; i++) {
            s.add(10.0);
        }
        assertThat(s.quantile(0.55)).isEqualTo(10.0, within(1e-9));
    }

    @Test
    void weight_acrossManyRescales_matchesGeometricSum() {
        // d = 0.999 rescales every ln(256)/-ln(d) ~ 5 500 points: 30 000 points cross several rescales.
        for (int n : new int[] {700, 6_000, 30_000}) {
            StreamingQuantiles s = new StreamingQuantiles(100, 0.999);
            SplittableRandom rnd = new SplittableRandom(n);
            for (int i = 0; i < n; i++) {
                s.add(rnd.nextGaussian());
            }
            double expected = (1 - Math.pow(0.999, n)) / (1 - 0.999);
            assertThat(s.weight()).as("n=%d", n).isCloseTo(expected, within(0.01 * expected));
        }
    }

    @Test
    void copy_evolvesIdentically_andIsIndependent() {
        copyEvolvesIdentically(0.995); // AVL-tree digest (weighted points)
        copyEvolvesIdentically(1.0); // merging digest (buffered unit points)
    }

    @Test
    void scaleWeight_onUnitWeightDigest_switchesToWeightedAndKeepsWorking() {
        StreamingQuantiles s = new StreamingQuantiles(100, 1.0);
        for (int i = 0; i < 1000; i++) {
            s.add(0.0);
        }
        s.scaleWeight(3);
        for (int i = 0; i < 2000; i++) {
            s.add(10.0);
        }
        // 3000 units of weight at 0 against 2000 at 10.
        assertThat(s.quantile(0.55)).isEqualTo(0.0, within(1e-9));
        assertThat(s.quantile(0.65)).isEqualTo(10.0, within(1e-9));
        assertThat(s.weight()).isCloseTo(5000, within(1e-6));
    }

    private static void copyEvolvesIdentically(double decay) {
        StreamingQuantiles a = new StreamingQuantiles(50, decay);
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 1234; i++) {
            a.add(rnd.nextGaussian());
        }
        StreamingQuantiles b = a.copy();
        SplittableRandom r1 = new SplittableRandom(4);
        SplittableRandom r2 = new SplittableRandom(4);
        for (int i = 0; i < 3000; i++) {
            a.add(r1.nextGaussian());
            b.add(r2.nextGaussian());
            if (i % 97 == 0) {
                assertThat(b.quantile(0.3)).isEqualTo(a.quantile(0.3));
            }
        }
        b.add(1e9);
        assertThat(b.count()).isEqualTo(a.count() + 1);
    }

    @Test
    void scaleWeight_historyTwiceAsStrong_shiftsTheMedian() {
        StreamingQuantiles s = new StreamingQuantiles(100, 1.0);
        for (int i = 0; i < 100; i++) {
            s.add(0);
        }
        s.scaleWeight(3);
        for (int i = 0; i < 200; i++) {
            s.add(1);
        }
        assertThat(s.quantile(0.5)).isEqualTo(0.0);
    }

    @Test
    void edgeCases_emptyNaNAndBadArgs() {
        StreamingQuantiles s = new StreamingQuantiles(100, 1.0);
        assertThat(s.quantile(0.5)).isNaN();
        s.add(Double.NaN);
        s.add(Double.POSITIVE_INFINITY);
        assertThat(s.count()).isZero();
        s.add(7);
        assertThat(s.quantile(0.0)).isEqualTo(7.0);
        assertThat(s.quantile(1.0)).isEqualTo(7.0);
        assertThatThrownBy(() -> new StreamingQuantiles(100, 0)).hasMessageContaining("decay");
        assertThatThrownBy(() -> new StreamingQuantiles(1, 1)).hasMessageContaining("compression");
        assertThatThrownBy(() -> s.quantile(-0.1)).hasMessageContaining("-0.1");
    }
}
