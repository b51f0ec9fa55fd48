package dev.vigil.models.prophet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Seeded properties of the MAP sub-problem solver and of the interval sampler. */
class SolverPartsTest {
    static final double RIDGE = 1e-6;

    @Test
    void l1RidgeQp_randomIllConditionedProblems_satisfyKkt() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 50; trial++) {
            int p = 3 + r.nextInt(30);
            int n = p + r.nextInt(40);
            // H = AᵀA + small ridge, with nearly collinear columns like Prophet's hinge features.
            double[] a = new double[n * p];
            for (int i = 0; i < n; i++) {
                double t = i / (double) n;
                for (int j = 0; j < p; j++) {
                    a[i * p + j] = j % 2 == 0 ? Math.max(0, t - j / (double) p) : r.nextGaussian();
                }
            }
            double[] h = new double[p * p];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < p; j++) {
                    for (int k = 0; k < p; k++) {
                        h[j * p + k] += a[i * p + j] * a[i * p + k];
                    }
                }
            }
            double[] w = new double[p];
            double[] c = new double[p];
            for (int j = 0; j < p; j++) {
                h[j * p + j] += RIDGE;
                w[j] = j % 3 == 0 ? 0 : r.nextDouble() * 0.5;
                c[j] = 3 * r.nextGaussian();
            }
            double[] theta = new double[p];
            L1RidgeQp.solve(h, c, w, theta);
            for (int j = 0; j < p; j++) {
                double g = -c[j];
                for (int k = 0; k < p; k++) {
                    g += h[j * p + k] * theta[k];
                }
                double tol = 1e-7 * (1 + Math.abs(c[j]));
                if (w[j] == 0) {
                    assertThat(g).as("trial %d smooth coordinate %d", trial, j).isCloseTo(0, within(tol));
                } else if (theta[j] != 0) {
                    assertThat(g + w[j] * Math.signum(theta[j])).as("trial %d coordinate %d", trial, j)
                            .isCloseTo(0, within(tol));
                } else {
                    assertThat(Math.abs(g)).as("trial %d zero coordinate %d", trial, j).isLessThanOrEqualTo(w[j] + tol);
                }
            }
        }
    }

    @Test
    void quantile7_matchesRsType7() {
        double[] s = {1, 2, 4, 8, 16};
        // R: quantile(c(1, 2, 4, 8, 16), c(0.1, 0.5, 0.9)) = 1.4 4 12.8
        assertThat(Uncertainty.quantile7(s, 0.1)).isCloseTo(1.4, within(1e-12));
        assertThat(Uncertainty.quantile7(s, 0.5)).isCloseTo(4, within(1e-12));
        assertThat(Uncertainty.quantile7(s, 0.9)).isCloseTo(12.8, within(1e-12));
    }

    /**
     * The future rows' bounds select their order statistics instead of sorting the draws: both bounds
     * selected one after the other from the same buffer equal the type-7 quantiles of the sorted draws,
     * bit for bit, with ties and for several interval widths.
     */
    @Test
    void boundsBySelection_randomDraws_equalQuantilesOfSortedDraws() {
        SplittableRandom r = new SplittableRandom(17);
        double[][] widths = {{0.1, 0.9}, {0.025, 0.975}, {0.5, 0.5}, {0, 1}};
        for (int trial = 0; trial < 300; trial++) {
            int ns = 2 + r.nextInt(1500);
            double[] draws = new double[ns];
            for (int d = 0; d < ns; d++) {
                double v = 50 + 3 * r.nextGaussian();
                draws[d] = trial % 3 == 0 ? Math.rint(v) : v; // every third trial full of ties
            }
            double[] sorted = draws.clone();
            Arrays.sort(sorted);
            for (double[] p : widths) {
                double[] buf = draws.clone();
                double lo = dev.vigil.core.stats.RobustStats.quantileInPlace(buf, ns, p[0]);
                double hi = dev.vigil.core.stats.RobustStats.quantileInPlace(buf, ns, p[1]);
                assertThat(lo).as("trial %d, p %s", trial, p[0]).isEqualTo(Uncertainty.quantile7(sorted, p[0]));
                assertThat(hi).as("trial %d, p %s", trial, p[1]).isEqualTo(Uncertainty.quantile7(sorted, p[1]));
            }
        }
    }

    @Test
    void gammaAndPoisson_momentsMatch() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 200_000;
        double gs = 0;
        double gs2 = 0;
        double ps = 0;
        double pl = 0;
        for (int i = 0; i < n; i++) {
            double g = Uncertainty.gamma(r, 100);
            gs += g;
            gs2 += g * g;
            ps += PoissonVariates.poisson(r, 3.5);
            pl += PoissonVariates.poisson(r, 40);
        }
        assertThat(gs / n).isCloseTo(100, within(0.1));
        assertThat(gs2 / n - (gs / n) * (gs / n)).isCloseTo(100, within(2.0));
        assertThat(ps / n).isCloseTo(3.5, within(0.02));
        assertThat(pl / n).isCloseTo(40, within(0.06));
    }

    /**
     * History rows draw two order statistics directly instead of sorting 1 000 normals: over many
     * rows the bounds must have the mean and spread of the type-7 quantiles of sorted draws.
     */
    @Test
    void historyBounds_sameLawAsSortingTheDraws() {
        int rows = 4000;
        int ns = 1000;
        SplittableRandom r = new SplittableRandom(3);
        double[] brute = new double[rows];
        double[] draws = new double[ns];
        for (int i = 0; i < rows; i++) {
            for (int d = 0; d < ns; d++) {
                draws[d] = r.nextGaussian();
            }
            Arrays.sort(draws);
            brute[i] = Uncertainty.quantile7(draws, 0.1);
        }
        long[] ms = new long[rows];
        double[] y = new double[rows];
        SplittableRandom ry = new SplittableRandom(4);
        for (int i = 0; i < rows; i++) {
            ms[i] = i * 60_000L;
            y[i] = 10 + ry.nextGaussian();
        }
        ProphetOptions o = new ProphetOptions(true, null, 0, 0.8, 0.05, 0, 0, 0, java.util.List.of(), false, 10,
                java.util.List.of(), 0.8, ns, 1L, java.time.ZoneOffset.UTC);
        ProphetFit f = ProphetFit.fit(ms, y, o);
        ProphetFit.Forecast fc = f.predict(ms, true);
        double noise = f.sigma * f.yScale;
        double[] fast = new double[rows];
        for (int i = 0; i < rows; i++) {
            fast[i] = (fc.lower()[i] - fc.yhat()[i]) / noise;
        }
        assertThat(mean(fast)).isCloseTo(mean(brute), within(0.003));
        assertThat(sd(fast)).isCloseTo(sd(brute), within(0.1 * sd(brute)));
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double sd(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }
}
