package dev.vigil.models.prophet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bounds of rows past the fit window, computed from {@link DrawPaths} (noise shared by the rows of a
 * call, changepoints read off one unit-rate process per draw), have Prophet's law row by row: over many
 * seeds their mean and spread match Prophet's own procedure, simulated here as {@code predict_uncertainty}
 * does it (per call a Poisson number of changepoints per draw, uniform on {@code [1, T_max]}, Laplace rate
 * changes by inversion; fresh noise for every row and draw; type-7 quantiles of the sorted draws).
 */
@Tag("functional")
class FutureDrawsLawTest {

    private static final int SEEDS = 400;
    private static final long STEP = 600_000L;

    @Test
    void simulate_manySeeds_boundsHaveTheMeanAndSpreadOfProphetsProcedure() {
        int n = 1441;
        long[] ms = new long[n];
        double[] y = new double[n];
        SplittableRandom r = new SplittableRandom(61);
        for (int i = 0; i < n; i++) {
            ms[i] = i * STEP;
            double d = i * STEP / 86_400_000.0;
            // Kinks, so that the fitted rate changes, and with them the simulated ones, matter next to the noise.
            y[i] = 200 + 3 * d + 20 * Math.max(0, d - 4) - 30 * Math.max(0, d - 7) + 2 * r.nextGaussian();
        }
        ProphetOptions o = new ProphetOptions(false, null, 25, 0.8, 0.05, ProphetOptions.AUTO, ProphetOptions.AUTO,
                ProphetOptions.AUTO, List.of(), false, 10, List.of(), 0.8, 1000, 0L, ZoneOffset.UTC);
        ProphetFit f = ProphetFit.fit(ms, y, o);
        // Rows 10 minutes, one day and five days past the fit window (T_max − 1 up to 0.5: 12.5 new
        // changepoints per draw on average by the last row).
        long last = (n - 1) * STEP;
        long[] rows = {last + STEP, last + 144 * STEP, last + 720 * STEP};
        ProphetFit.Forecast fc = f.predict(rows, true);
        double[] mul = fc.components().get("multiplicative_terms");
        double[] add = fc.components().get("additive_terms");
        double noise = f.sigma * f.yWork;
        double tMax = f.scaledTime(rows[rows.length - 1]);
        double[][] ours = new double[2 * rows.length][SEEDS];
        double[][] theirs = new double[2 * rows.length][SEEDS];
        double[] lower = new double[rows.length];
        double[] upper = new double[rows.length];
        for (int seed = 0; seed < SEEDS; seed++) {
            FutureDraws.local(1000, 0.1, 0.9).simulate(f, 1000 + seed, rows, fc.trend(), mul, add, lower, upper,
                    null, null, tMax, noise);
            double[][] ref = prophet(f, rows, fc.trend(), mul, add, new SplittableRandom(5000 + seed));
            for (int i = 0; i < rows.length; i++) {
                ours[2 * i][seed] = lower[i];
                ours[2 * i + 1][seed] = upper[i];
                theirs[2 * i][seed] = ref[0][i];
                theirs[2 * i + 1][seed] = ref[1][i];
            }
        }
        for (int c = 0; c < ours.length; c++) {
            String what = (c % 2 == 0 ? "lower" : "upper") + " bound, row " + c / 2;
            double mo = mean(ours[c]);
            double mt = mean(theirs[c]);
            double so = sd(ours[c]);
            double st = sd(theirs[c]);
            double se = Math.sqrt((so * so + st * st) / SEEDS);
            assertThat(Math.abs(mo - mt)).as("mean of the %s: ours %s, Prophet's %s", what, mo, mt)
                    .isLessThanOrEqualTo(4 * se);
            assertThat(so / st).as("spread of the %s: ours %s, Prophet's %s", what, so, st).isBetween(0.75, 1.33);
        }
        // The three rows differ: by five days the trend's uncertainty has widened the band well beyond the noise.
        double width0 = mean(theirs[1]) - mean(theirs[0]);
        double width2 = mean(theirs[5]) - mean(theirs[4]);
        assertThat(width2).isGreaterThan(1.5 * width0);
    }

    /** Prophet's procedure: lower and upper bounds per row, from {@code rnd}. */
    private static double[][] prophet(ProphetFit f, long[] rows, double[] trend, double[] mul, double[] add,
            SplittableRandom rnd) {
        int ns = 1000;
        double tMax = f.scaledTime(rows[rows.length - 1]);
        int s = f.changepointsT.length;
        double lambda = 1e-8;
        for (double d : f.delta) {
            lambda += Math.abs(d) / f.delta.length;
        }
        double[][] cpT = new double[ns][];
        double[][] cpD = new double[ns][];
        for (int d = 0; d < ns; d++) {
            int nc = PoissonVariates.poisson(rnd, s * (tMax - 1));
            cpT[d] = new double[nc];
            cpD[d] = new double[nc];
            for (int c = 0; c < nc; c++) {
                cpT[d][c] = 1 + rnd.nextDouble() * (tMax - 1);
                double u = rnd.nextDouble() - 0.5;
                cpD[d][c] = -lambda * Math.signum(u) * Math.log1p(-2 * Math.abs(u));
            }
        }
        double noise = f.sigma * f.yWork;
        double[][] out = new double[2][rows.length];
        double[] ys = new double[ns];
        for (int i = 0; i < rows.length; i++) {
            double t = f.scaledTime(rows[i]);
            for (int d = 0; d < ns; d++) {
                double inc = 0;
                for (int c = 0; c < cpT[d].length; c++) {
                    if (cpT[d][c] <= t) {
                        inc += cpD[d][c] * (t - cpT[d][c]);
                    }
                }
                ys[d] = (trend[i] + inc * f.yWork) * (1 + mul[i]) + add[i] + noise * rnd.nextGaussian();
            }
            Arrays.sort(ys);
            out[0][i] = Uncertainty.quantile7(ys, 0.1);
            out[1][i] = Uncertainty.quantile7(ys, 0.9);
        }
        return out;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double sd(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }
}
