package dev.vigil.models.prophet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bounds of rows after the fit window are the type-7 quantiles of the simulated draws, bit for bit
 * the same as simulating every draw of every row from the same random stream and sorting them (the
 * straightforward simulation, kept here as the oracle).
 */
class FutureBoundsTest {

    @Test
    void predict_futureRows_equalSortedDrawsOfTheSameStream() {
        for (boolean multiplicative : new boolean[] {false, true}) {
            for (int horizon : new int[] {10, 400}) {
                for (int samples : new int[] {1000, 37}) {
                    check(multiplicative, horizon, samples);
                }
            }
        }
    }

    private static void check(boolean multiplicative, int horizon, int samples) {
        int n = 1441;
        long step = 600_000L;
        long[] ms = new long[n];
        double[] y = new double[n];
        SplittableRandom r = new SplittableRandom(horizon + samples);
        for (int i = 0; i < n; i++) {
            ms[i] = i * step;
            double d = i * step / 86_400_000.0;
            // A trend with kinks, so that the fitted rate changes (and the simulated ones) are not tiny.
            y[i] = 200 + 3 * d + 20 * Math.max(0, d - 4) - 30 * Math.max(0, d - 7) + 10 * Math.sin(2 * Math.PI * d)
                    + 2 * r.nextGaussian();
        }
        ProphetOptions o = new ProphetOptions(false, null, 25, 0.8, 0.05, ProphetOptions.AUTO, ProphetOptions.AUTO,
                ProphetOptions.AUTO, List.of(), multiplicative, 10, List.of(), 0.8, samples, 99L, ZoneOffset.UTC);
        ProphetFit f = ProphetFit.fit(ms, y, o);
        long[] future = new long[horizon];
        for (int i = 0; i < horizon; i++) {
            future[i] = (n + i) * step;
        }
        ProphetFit.Forecast fc = f.predict(future, true);
        double[][] expected = oracle(f, future, fc);
        String what = "multiplicative " + multiplicative + ", horizon " + horizon + ", samples " + samples;
        assertThat(fc.lower()).as("lower, %s", what).containsExactly(expected[0]);
        assertThat(fc.upper()).as("upper, %s", what).containsExactly(expected[1]);
        assertThat(fc.trendLower()).as("trend lower, %s", what).containsExactly(expected[2]);
        assertThat(fc.trendUpper()).as("trend upper, %s", what).containsExactly(expected[3]);
        // Not degenerate: over a long horizon the trend band opens (draws with new changepoints), and the band
        // is not flat.
        if (horizon > 100) {
            assertThat(fc.trendUpper()[horizon - 1]).as(what).isGreaterThan(fc.trendLower()[horizon - 1]);
        }
        assertThat(fc.upper()[0]).as(what).isGreaterThan(fc.lower()[0]);
    }

    /** Every draw of every row simulated and sorted: lower, upper, trend lower, trend upper. */
    private static double[][] oracle(ProphetFit f, long[] ms, ProphetFit.Forecast fc) {
        int ns = f.options.uncertaintySamples();
        double pLo = (1 - f.options.intervalWidth()) / 2;
        double pHi = (1 + f.options.intervalWidth()) / 2;
        SplittableRandom rnd = new SplittableRandom(f.options.seed());
        double noise = f.sigma * f.yWork;
        double tMax = f.scaledTime(ms[ms.length - 1]);
        int s = f.changepointsT.length;
        double lambda = 1e-8;
        for (double d : f.delta) {
            lambda += Math.abs(d) / f.delta.length;
        }
        double[][] cpT = new double[ns][];
        double[][] cpD = new double[ns][];
        for (int d = 0; d < ns; d++) {
            int nc = Uncertainty.poisson(rnd, s * (tMax - 1));
            cpT[d] = new double[nc];
            cpD[d] = new double[nc];
            for (int c = 0; c < nc; c++) {
                cpT[d][c] = 1 + rnd.nextDouble() * (tMax - 1);
            }
            Arrays.sort(cpT[d]);
            for (int c = 0; c < nc; c++) {
                double u = rnd.nextDouble() - 0.5;
                cpD[d][c] = -lambda * Math.signum(u) * Math.log1p(-2 * Math.abs(u));
            }
        }
        double[] mul = fc.components().get("multiplicative_terms");
        double[] add = fc.components().get("additive_terms");
        double[][] out = new double[4][ms.length];
        double[] ys = new double[ns];
        double[] tr = new double[ns];
        for (int i = 0; i < ms.length; i++) {
            double t = f.scaledTime(ms[i]);
            for (int d = 0; d < ns; d++) {
                double inc = 0;
                for (int c = 0; c < cpT[d].length && cpT[d][c] <= t; c++) {
                    inc += cpD[d][c] * (t - cpT[d][c]);
                }
                tr[d] = fc.trend()[i] + inc * f.yWork;
                ys[d] = tr[d] * (1 + mul[i]) + add[i] + noise * rnd.nextGaussian();
            }
            Arrays.sort(ys);
            Arrays.sort(tr);
            out[0][i] = Uncertainty.quantile7(ys, pLo);
            out[1][i] = Uncertainty.quantile7(ys, pHi);
            out[2][i] = Uncertainty.quantile7(tr, pLo);
            out[3][i] = Uncertainty.quantile7(tr, pHi);
        }
        return out;
    }
}
