package dev.vigil.models.prophet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DrawPathsTest {

    @Test
    void of_sameSeedWhateverWasGeneratedBefore_sameNoiseAndArrivals() {
        long seed = 1234;
        double[][] early = arrivalsUpTo(DrawPaths.of(seed, 50, 0.5), 0.5);
        double[] z = DrawPaths.of(seed, 50, 0.5).z.clone();
        // Extending this thread's instance, and an instance of a call's own past the cached horizon.
        double[][] extended = arrivalsUpTo(DrawPaths.of(seed, 50, 7), 0.5);
        DrawPaths own = DrawPaths.of(seed, 50, DrawPaths.CACHED_UNIT_TIME + 1);
        assertThat(extended).isDeepEqualTo(early);
        assertThat(arrivalsUpTo(own, 0.5)).isDeepEqualTo(early);
        assertThat(own.z).containsExactly(z);
        assertThat(DrawPaths.of(seed + 1, 50, 0.5).z).isNotEqualTo(z);
    }

    @Test
    void of_horizonBeyondTheCachedOne_leavesThisThreadsInstance() {
        DrawPaths mine = DrawPaths.of(99, 40, 1);
        DrawPaths far = DrawPaths.of(99, 40, DrawPaths.CACHED_UNIT_TIME * 2);
        assertThat(far).isNotSameAs(mine);
        assertThat(DrawPaths.of(99, 40, 3)).isSameAs(mine);
        // Every arrival up to the asked unit time is generated: each draw has one past it.
        for (int d = 0; d < 40; d++) {
            assertThat(far.flatArrivals()[far.start(d) + far.count(d) - 1])
                    .isGreaterThan(DrawPaths.CACHED_UNIT_TIME * 2);
        }
    }

    @Test
    void of_manyDraws_unitRatePoissonArrivalsLaplaceChangesAndStandardNoise() {
        int draws = 4000;
        double u = 4;
        DrawPaths p = DrawPaths.of(7, draws, u);
        double sumCount = 0;
        double sumCount2 = 0;
        double sumAbs = 0;
        double sumSigned = 0;
        int changes = 0;
        double[] a = p.flatArrivals();
        double[] e = p.flatSumE();
        double[] ea = p.flatSumEA();
        for (int d = 0; d < draws; d++) {
            int from = p.start(d);
            int c = 0;
            while (a[from + c] <= u) {
                c++;
            }
            sumCount += c;
            sumCount2 += (double) c * c;
            for (int k = from; k < from + p.count(d); k++) {
                double ek = e[k] - (k == from ? 0 : e[k - 1]);
                double eak = ea[k] - (k == from ? 0 : ea[k - 1]);
                assertThat(eak).isCloseTo(ek * a[k], within(1e-9 * (1 + Math.abs(ek * a[k]))));
                sumAbs += Math.abs(ek);
                sumSigned += ek;
                changes++;
            }
        }
        double mean = sumCount / draws;
        double var = sumCount2 / draws - mean * mean;
        // Poisson(4): mean and variance 4 (standard error of the mean about 0.03, of the variance about 0.1).
        assertThat(mean).isCloseTo(u, within(0.15));
        assertThat(var).isCloseTo(u, within(0.5));
        // Unit Laplace: E|e| = 1, E e = 0.
        assertThat(sumAbs / changes).isCloseTo(1, within(0.05));
        assertThat(sumSigned / changes).isCloseTo(0, within(0.05));
        double zMean = Arrays.stream(p.z).average().orElseThrow();
        double zVar = Arrays.stream(p.z).map(x -> (x - zMean) * (x - zMean)).sum() / (draws - 1);
        assertThat(zMean).isCloseTo(0, within(0.06));
        assertThat(zVar).isCloseTo(1, within(0.08));
        assertThat(p.zSorted).isSorted();
    }

    private static double[][] arrivalsUpTo(DrawPaths p, double u) {
        double[][] out = new double[p.draws][];
        double[] a = p.flatArrivals();
        for (int d = 0; d < p.draws; d++) {
            int from = p.start(d);
            int c = 0;
            while (a[from + c] <= u) {
                c++;
            }
            out[d] = Arrays.copyOfRange(a, from, from + c);
        }
        return out;
    }
}
