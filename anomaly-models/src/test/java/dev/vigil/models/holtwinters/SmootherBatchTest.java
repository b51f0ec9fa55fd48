package dev.vigil.models.holtwinters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The four-lane grid pass and the specialised single pass against each other (additive season, no trend). */
class SmootherBatchTest {

    @ParameterizedTest(name = "n={0} m={1}")
    @CsvSource({"60, 6", "61, 4", "500, 24", "97, 2", "40, 1"})
    void sseBatch_fourParameterPairs_equalsSinglePasses(int n, int m) {
        SplittableRandom r = new SplittableRandom(17L * n + m);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 5 + 2 * Math.sin(2 * Math.PI * i / Math.max(m, 2)) + r.nextGaussian();
        }
        Smoother sm = new Smoother(Smoother.NONE, false, Smoother.ADD, m, y);
        assertThat(sm.batchable()).isTrue();
        double[] p = new double[sm.size()];
        p[Smoother.LEVEL] = 5 + r.nextDouble();
        for (int j = 0; j < m; j++) {
            p[Smoother.SEASON0 + j] = r.nextGaussian();
        }
        for (int trial = 0; trial < 3; trial++) {
            double[] alphas = new double[4];
            double[] gammas = new double[4];
            for (int k = 0; k < 4; k++) {
                alphas[k] = 0.01 + 0.9 * r.nextDouble();
                gammas[k] = 0.9 * (1 - alphas[k]) * r.nextDouble();
            }
            double[] out = new double[4];
            sm.sseBatch(p, alphas, gammas, out);
            for (int k = 0; k < 4; k++) {
                double[] q = p.clone();
                q[Smoother.ALPHA] = alphas[k];
                q[Smoother.GAMMA] = gammas[k];
                double single = sm.sse(q);
                assertThat(out[k]).as("lane %d, trial %d", k, trial).isCloseTo(single, within(1e-10 * single));
                assertThat(sm.sseWithStates(q)).isCloseTo(single, within(1e-10 * single));
            }
        }
    }
}
