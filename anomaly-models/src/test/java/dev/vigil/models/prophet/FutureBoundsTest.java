package dev.vigil.models.prophet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bounds of rows after the fit window are the type-7 quantiles of the simulated draws, the same
 * (to the last digits) as simulating every draw of every row from the same random parts and sorting
 * them (the straightforward simulation, kept here as the oracle). That those random parts give each row
 * Prophet's law is {@code FutureDrawsLawTest}'s part.
 */
class FutureBoundsTest {

    @Test
    void predict_futureRows_equalSortedDrawsOfTheSameStream() {
        for (boolean multiplicative : new boolean[] {false, true}) {
            // 2 000 rows reach past the changepoints a thread keeps (DrawPaths.CACHED_UNIT_TIME).
            for (int horizon : new int[] {10, 400, 2000}) {
                for (int samples : new int[] {1000, 37}) {
                    check(multiplicative, horizon, samples, 600_000L);
                }
            }
            // Rows a second apart just after the fit: the first ones have no draw with a new changepoint.
            check(multiplicative, 60, 1000, 1000L);
        }
    }

    @Test
    void predict_rowsAloneOrShuffled_sameBoundsAsTogether() {
        ProphetFit f = kinkedFit(false, 1000, 7);
        int horizon = 300;
        long step = 600_000L;
        long[] future = new long[horizon];
        for (int i = 0; i < horizon; i++) {
            future[i] = 1440 * step + (i + 1) * step / 3;
        }
        ProphetFit.Forecast together = f.predict(future, true);
        double tol = 1e-9 * (Math.abs(together.yhat()[0]) + f.sigma * f.yWork);
        // A row's draws depend on its own time only, not on the other rows asked with it (nor their order).
        for (int i = 0; i < horizon; i += 37) {
            ProphetFit.Forecast alone = f.predict(new long[] {future[i]}, true);
            assertThat(alone.lower()[0]).as("lower of row %s alone", i).isCloseTo(together.lower()[i], within(tol));
            assertThat(alone.upper()[0]).as("upper of row %s alone", i).isCloseTo(together.upper()[i], within(tol));
            assertThat(alone.trendUpper()[0]).as("trend upper of row %s alone", i)
                    .isCloseTo(together.trendUpper()[i], within(tol));
        }
        long[] shuffled = future.clone();
        SplittableRandom r = new SplittableRandom(3);
        for (int i = horizon - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            long x = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = x;
        }
        ProphetFit.Forecast mixed = f.predict(shuffled, true);
        for (int i = 0; i < horizon; i++) {
            int at = Arrays.binarySearch(future, shuffled[i]);
            assertThat(mixed.lower()[i]).as("lower of row %s shuffled", at).isCloseTo(together.lower()[at], within(tol));
            assertThat(mixed.upper()[i]).as("upper of row %s shuffled", at).isCloseTo(together.upper()[at], within(tol));
            assertThat(mixed.trendLower()[i]).as("trend lower of row %s shuffled", at)
                    .isCloseTo(together.trendLower()[at], within(tol));
        }
        assertThat(together.trendUpper()[horizon - 1]).isGreaterThan(together.trendLower()[horizon - 1]);
    }

    private static void check(boolean multiplicative, int horizon, int samples, long futureStep) {
        int n = 1441;
        long step = 600_000L;
        ProphetFit f = kinkedFit(multiplicative, samples, horizon + samples);
        long[] future = new long[horizon];
        for (int i = 0; i < horizon; i++) {
            future[i] = (n - 1) * step + (i + 1) * futureStep;
        }
        ProphetFit.Forecast fc = f.predict(future, true);
        double[][] expected = oracle(f, future, fc);
        String what = "multiplicative " + multiplicative + ", horizon " + horizon + " x " + futureStep + " ms, samples "
                + samples;
        // The same draws; the model sums a draw's changepoints cumulatively and shifts the noise's quantiles
        // where no draw has a changepoint yet, so the last digits may differ.
        double tol = 1e-9 * (Math.abs(fc.yhat()[0]) + f.sigma * f.yWork);
        assertThat(fc.lower()).as("lower, %s", what).containsExactly(expected[0], within(tol));
        assertThat(fc.upper()).as("upper, %s", what).containsExactly(expected[1], within(tol));
        assertThat(fc.trendLower()).as("trend lower, %s", what).containsExactly(expected[2], within(tol));
        assertThat(fc.trendUpper()).as("trend upper, %s", what).containsExactly(expected[3], within(tol));
        // Not degenerate: over a long horizon the trend band opens (draws with new changepoints), and the band
        // is not flat.
        if (horizon > 100) {
            assertThat(fc.trendUpper()[horizon - 1]).as(what).isGreaterThan(fc.trendLower()[horizon - 1]);
        }
        assertThat(fc.upper()[0]).as(what).isGreaterThan(fc.lower()[0]);
    }

    /** Ten days of 10-minute points of a trend with kinks, so that the fitted rate changes (and the simulated ones) are not tiny. */
    private static ProphetFit kinkedFit(boolean multiplicative, int samples, long seed) {
        int n = 1441;
        long step = 600_000L;
        long[] ms = new long[n];
        double[] y = new double[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            ms[i] = i * step;
            double d = i * step / 86_400_000.0;
            y[i] = 200 + 3 * d + 20 * Math.max(0, d - 4) - 30 * Math.max(0, d - 7) + 10 * Math.sin(2 * Math.PI * d)
                    + 2 * r.nextGaussian();
        }
        ProphetOptions o = new ProphetOptions(false, null, 25, 0.8, 0.05, ProphetOptions.AUTO, ProphetOptions.AUTO,
                ProphetOptions.AUTO, List.of(), multiplicative, 10, List.of(), 0.8, samples, 99L, ZoneOffset.UTC);
        return ProphetFit.fit(ms, y, o);
    }

    /**
     * Every draw of every row simulated and sorted: lower, upper, trend lower, trend upper. The draws'
     * random parts as {@link DrawPaths} defines them, generated here directly: from the seed's generator, one
     * split for the noise (one normal per draw, shared by the rows), then one split per draw for its
     * changepoints (unit-rate exponential gaps, then a standard exponential rate change with a random sign),
     * read at scaled times {@code 1 + a/S} with changes {@code λ·e}; each row's trend summed changepoint by
     * changepoint.
     */
    private static double[][] oracle(ProphetFit f, long[] ms, ProphetFit.Forecast fc) {
        int ns = f.options.uncertaintySamples();
        double pLo = (1 - f.options.intervalWidth()) / 2;
        double pHi = (1 + f.options.intervalWidth()) / 2;
        SplittableRandom root = new SplittableRandom(f.options.seed());
        SplittableRandom noiseStream = root.split();
        double[] z = new double[ns];
        for (int d = 0; d < ns; d++) {
            z[d] = noiseStream.nextGaussian();
        }
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
            SplittableRandom r = root.split();
            List<double[]> cps = new ArrayList<>();
            double a = 0;
            while (true) {
                a += r.nextExponential();
                double e = r.nextExponential();
                if (r.nextBoolean()) {
                    e = -e;
                }
                double at = 1 + a / s;
                if (at > tMax) {
                    break;
                }
                cps.add(new double[] {at, lambda * e});
            }
            cpT[d] = cps.stream().mapToDouble(c -> c[0]).toArray();
            cpD[d] = cps.stream().mapToDouble(c -> c[1]).toArray();
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
                ys[d] = tr[d] * (1 + mul[i]) + add[i] + noise * z[d];
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
