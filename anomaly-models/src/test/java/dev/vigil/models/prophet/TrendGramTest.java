package dev.vigil.models.prophet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The structured Gram matrix and the swept trend of {@link MapSolver} equal the products of the dense
 * design (built here row by row, as the definition), on seeded random series.
 */
class TrendGramTest {

    @Test
    void additive_seededSeries_equalsDenseDesignProducts() {
        SplittableRandom r = new SplittableRandom(43);
        for (int trial = 0; trial < 40; trial++) {
            MapSolver ms = solver(r, trial);
            int p = ms.p;
            double[] g = new double[p * p];
            double[] jy = new double[p];
            TrendGram.additive(ms, g, jy);
            double[] dg = new double[p * p];
            double[] djy = new double[p];
            for (int i = 0; i < ms.nT; i++) {
                double[] row = row(ms, i);
                for (int a = 0; a < p; a++) {
                    djy[a] += row[a] * ms.y[i];
                    for (int b = 0; b < p; b++) {
                        dg[a * p + b] += row[a] * row[b];
                    }
                }
            }
            for (int a = 0; a < p; a++) {
                assertThat(jy[a]).as("trial %d jy[%d]", trial, a).isCloseTo(djy[a], within(1e-11 * (1 + Math.abs(djy[a]))));
                for (int b = 0; b < p; b++) {
                    double e = dg[a * p + b];
                    assertThat(g[a * p + b]).as("trial %d g[%d][%d]", trial, a, b)
                            .isCloseTo(e, within(1e-11 * (1 + Math.abs(e))));
                }
            }
        }
    }

    @Test
    void rss_sortedSweep_equalsDenseDesign() {
        SplittableRandom r = new SplittableRandom(47);
        for (int trial = 0; trial < 40; trial++) {
            MapSolver ms = solver(r, trial);
            assertThat(ms.sortedTrend).isTrue();
            double[] th = new double[ms.p];
            for (int j = 0; j < th.length; j++) {
                th[j] = r.nextGaussian() * (j >= ms.iD && j < ms.iB ? 0.1 : 1);
            }
            double[] trend = new double[ms.nT];
            double[] mu = new double[ms.nT];
            double rss = ms.rss(th, trend, mu);
            double expected = 0;
            for (int i = 0; i < ms.nT; i++) {
                double[] row = row(ms, i);
                double tr = 0;
                for (int j = 0; j < ms.iB; j++) {
                    tr += row[j] * th[j];
                }
                double ad = 0;
                for (int j = ms.iB; j < ms.p; j++) {
                    ad += row[j] * th[j];
                }
                assertThat(trend[i]).as("trial %d trend[%d]", trial, i).isCloseTo(tr, within(1e-12 * (1 + Math.abs(tr))));
                double e = ms.y[i] - tr - ad;
                expected += e * e;
            }
            assertThat(rss).as("trial %d", trial).isCloseTo(expected, within(1e-10 * (1 + expected)));
        }
    }

    /** One row of the dense additive design: t, 1, hinges, features. */
    private static double[] row(MapSolver ms, int i) {
        double[] row = new double[ms.p];
        double t = ms.t[i];
        row[0] = t;
        row[1] = 1;
        for (int j = 0; j < ms.cps.length; j++) {
            row[2 + j] = t >= ms.cps[j] ? t - ms.cps[j] : 0;
        }
        for (int j = 0; j < ms.kCols; j++) {
            row[ms.iB + j] = ms.x[i * ms.kCols + j];
        }
        return row;
    }

    /** A random additive problem: 50-3000 rows with repeated times, 0-30 changepoints, 0-2 seasonalities. */
    private static MapSolver solver(SplittableRandom r, int trial) {
        int n = 50 + r.nextInt(3000);
        long step = 60_000L * (1 + r.nextInt(30));
        long[] ms = new long[n];
        double[] y = new double[n];
        double[] t = new double[n];
        long at = 0;
        for (int i = 0; i < n; i++) {
            // Repeated timestamps now and then: hinge starts must cover ties.
            at += i > 0 && r.nextInt(10) == 0 ? 0 : step;
            ms[i] = at;
            y[i] = r.nextGaussian();
        }
        for (int i = 0; i < n; i++) {
            t[i] = (ms[i] - ms[0]) / (double) (ms[n - 1] - ms[0]);
        }
        ProphetOptions o = new ProphetOptions(false, null, r.nextInt(31), 0.8, 0.05, ProphetOptions.AUTO,
                trial % 2 == 0 ? ProphetOptions.AUTO : 0, trial % 3 == 0 ? ProphetOptions.ON : 0, List.of(), false, 10,
                List.of(), 0.8, 0, 1L, ZoneOffset.UTC);
        double[] cps = ProphetFit.changepoints(ms, t, ms[0], ms[n - 1] - ms[0], o);
        Features layout = Features.layout(ms, o);
        return new MapSolver(t, y, cps, layout.matrix(ms), layout.width(), layout, o);
    }
}
