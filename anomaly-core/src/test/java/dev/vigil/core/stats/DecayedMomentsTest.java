package dev.vigil.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecayedMomentsTest {

    private static double[] gaussian(long seed, int n, double mean, double sd) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            // Box-Muller: the test needs only some spread, not a perfect normal.
            double u = 1.0 - rnd.nextDouble();
            double v = rnd.nextDouble();
            x[i] = mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
        return x;
    }

    /** Relative tolerance around {@code expected}. */
    private static Offset<Double> rel(double expected, double tol) {
        return within(Math.abs(expected) * tol);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void add_decayOne_matchesTwoPassMeanAndPopulationVariance(long seed) {
        double[] x = gaussian(seed, 5_000, 50.0 * seed, 3.0 + seed);
        DecayedMoments m = new DecayedMoments(1.0);
        for (double v : x) {
            m.add(v);
        }

        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double variance = ss / x.length;

        assertThat(m.count()).isEqualTo(x.length);
        assertThat(m.weight()).isEqualTo(x.length);
        assertThat(m.mean()).isCloseTo(mean, rel(mean, 1e-12));
        assertThat(m.variance()).isCloseTo(variance, rel(variance, 1e-12));
        assertThat(m.std()).isCloseTo(Math.sqrt(variance), rel(Math.sqrt(variance), 1e-12));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.9, 0.99, 0.999})
    void add_decay_matchesExplicitlyWeightedMoments(double decay) {
        double[] x = gaussian(11, 2_000, 10.0, 2.0);
        DecayedMoments m = new DecayedMoments(decay);
        for (double v : x) {
            m.add(v);
        }

        int n = x.length;
        double sw = 0;
        double swx = 0;
        for (int i = 0; i < n; i++) {
            double w = Math.pow(decay, n - 1 - i);
            sw += w;
            swx += w * x[i];
        }
        double mean = swx / sw;
        double sws = 0;
        for (int i = 0; i < n; i++) {
            sws += Math.pow(decay, n - 1 - i) * (x[i] - mean) * (x[i] - mean);
        }
        double variance = sws / sw;

        assertThat(m.weight()).isCloseTo(sw, rel(sw, 1e-12));
        assertThat(m.mean()).isCloseTo(mean, rel(mean, 1e-12));
        assertThat(m.variance()).isCloseTo(variance, rel(variance, 1e-10));
    }

    @Test
    void add_decayHalf_weightOfLastPointsAsDocumented() {
        DecayedMoments m = new DecayedMoments(0.5);
        m.add(0);
        m.add(0);
        m.add(8);

        // weights 0.25, 0.5, 1 -> mean 8 / 1.75
        assertThat(m.weight()).isEqualTo(1.75);
        assertThat(m.mean()).isCloseTo(8 / 1.75, within(1e-15));
    }

    @Test
    void scaleWeight_factor_keepsMeanAndVarianceAndScalesWeight() {
        DecayedMoments m = new DecayedMoments(0.9);
        for (double v : gaussian(5, 300, 1.0, 1.0)) {
            m.add(v);
        }
        double mean = m.mean();
        double variance = m.variance();
        double weight = m.weight();

        m.scaleWeight(0.25);

        assertThat(m.mean()).isEqualTo(mean);
        assertThat(m.variance()).isCloseTo(variance, rel(variance, 1e-15));
        assertThat(m.weight()).isCloseTo(weight * 0.25, rel(weight, 1e-15));
    }

    @Test
    void scaleWeight_thenAdd_matchesScaledExplicitWeights() {
        double[] x = {1, 2, 3, 10};
        DecayedMoments m = new DecayedMoments(1.0);
        m.add(x[0]);
        m.add(x[1]);
        m.add(x[2]);
        m.scaleWeight(0.5);
        m.add(x[3]);

        // weights 0.5, 0.5, 0.5, 1
        double sw = 2.5;
        double mean = (0.5 * (1 + 2 + 3) + 10) / sw;
        double var = (0.5 * (sq(1 - mean) + sq(2 - mean) + sq(3 - mean)) + sq(10 - mean)) / sw;
        assertThat(m.mean()).isCloseTo(mean, within(1e-14));
        assertThat(m.variance()).isCloseTo(var, within(1e-13));
    }

    private static double sq(double v) {
        return v * v;
    }

    @Test
    void add_nonFinite_ignored() {
        DecayedMoments m = new DecayedMoments(0.9);
        m.add(2);
        m.add(Double.NaN);
        m.add(Double.POSITIVE_INFINITY);
        m.add(Double.NEGATIVE_INFINITY);
        m.add(4);

        assertThat(m.count()).isEqualTo(2);
        assertThat(m.mean()).isCloseTo((0.9 * 2 + 4) / 1.9, within(1e-15));
    }

    @Test
    void meanAndVariance_beforeFirstPoint_areNaN() {
        DecayedMoments m = new DecayedMoments(1.0);

        assertThat(m.mean()).isNaN();
        assertThat(m.variance()).isNaN();
        assertThat(m.std()).isNaN();
        assertThat(m.count()).isZero();
        assertThat(m.weight()).isZero();
    }

    @Test
    void variance_constantInput_isExactlyZero() {
        DecayedMoments m = new DecayedMoments(0.97);
        for (int i = 0; i < 1_000; i++) {
            m.add(0.1);
        }

        assertThat(m.variance()).isZero();
        assertThat(m.mean()).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void copy_thenAddToOriginal_copyUnchanged() {
        DecayedMoments m = new DecayedMoments(0.9);
        m.add(1);
        m.add(3);
        DecayedMoments c = m.copy();
        m.add(100);

        assertThat(c.count()).isEqualTo(2);
        assertThat(c.mean()).isCloseTo((0.9 * 1 + 3) / 1.9, within(1e-15));
        c.add(100);
        assertThat(c.mean()).isEqualTo(m.mean());
        assertThat(c.variance()).isEqualTo(m.variance());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -0.5, 1.0000001, Double.NaN, Double.POSITIVE_INFINITY})
    void constructor_decayOutsideUnitInterval_throwsQuotingValue(double decay) {
        assertThatThrownBy(() -> new DecayedMoments(decay))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decay must be in (0, 1]")
                .hasMessageContaining(Double.toString(decay));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
    void scaleWeight_badFactor_throwsQuotingValue(double factor) {
        DecayedMoments m = new DecayedMoments(1.0);
        assertThatThrownBy(() -> m.scaleWeight(factor))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("factor must be")
                .hasMessageContaining(Double.toString(factor));
    }
}
