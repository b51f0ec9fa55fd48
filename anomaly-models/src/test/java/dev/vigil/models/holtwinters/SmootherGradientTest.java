package dev.vigil.models.holtwinters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reverse-mode gradient of the SSE against central finite differences, for every form. */
class SmootherGradientTest {

    @ParameterizedTest(name = "trend={0} damped={1} seasonal={2}")
    @CsvSource({
        "0, false, 0", "1, false, 0", "1, true, 0", "0, false, 1", "1, false, 1", "1, true, 1",
        "2, false, 0", "2, true, 1", "0, false, 2", "1, false, 2", "1, true, 2", "2, false, 2",
    })
    void sseAndGradient_randomParameters_matchesFiniteDifferences(int trend, boolean damped, int seasonal) {
        SplittableRandom r = new SplittableRandom(31L * trend + 7L * seasonal + (damped ? 1 : 0));
        int m = 6;
        int n = 60;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 20 + 0.1 * i + 3 * Math.sin(2 * Math.PI * i / m) + r.nextDouble();
        }
        Smoother sm = new Smoother(trend, damped, seasonal, m, y);
        for (int trial = 0; trial < 5; trial++) {
            double[] p = new double[sm.size()];
            p[Smoother.ALPHA] = 0.1 + 0.6 * r.nextDouble();
            p[Smoother.BETA] = 0.05 + 0.2 * r.nextDouble();
            p[Smoother.GAMMA] = 0.05 + 0.3 * r.nextDouble();
            p[Smoother.LEVEL] = 20 + r.nextDouble();
            p[Smoother.TREND] = trend == Smoother.MUL ? 1.0 + 0.01 * r.nextDouble() : 0.1 * r.nextDouble();
            p[Smoother.PHI] = 0.85 + 0.1 * r.nextDouble();
            for (int j = 0; j < p.length - Smoother.SEASON0; j++) {
                p[Smoother.SEASON0 + j] = seasonal == Smoother.MUL ? 1 + 0.1 * r.nextGaussian() : r.nextGaussian();
            }
            double[] g = new double[p.length];
            double f = sm.sseAndGradient(p, g);
            assertThat(f).isCloseTo(sm.sse(p), within(1e-9 * f));
            for (int k = 0; k < p.length; k++) {
                boolean used = k == Smoother.ALPHA || k == Smoother.LEVEL
                        || (trend != Smoother.NONE && (k == Smoother.BETA || k == Smoother.TREND))
                        || (seasonal != Smoother.NONE && (k == Smoother.GAMMA || k >= Smoother.SEASON0))
                        || (damped && k == Smoother.PHI);
                if (!used) {
                    assertThat(g[k]).as("unused parameter %d", k).isZero();
                    continue;
                }
                double h = 1e-6 * Math.max(1, Math.abs(p[k]));
                double[] q = p.clone();
                q[k] = p[k] + h;
                double up = sm.sse(q);
                q[k] = p[k] - h;
                double down = sm.sse(q);
                double fd = (up - down) / (2 * h);
                assertThat(g[k]).as("parameter %d, trial %d", k, trial)
                        .isCloseTo(fd, within(1e-5 * Math.max(1.0, Math.abs(fd))));
            }
        }
    }
}
