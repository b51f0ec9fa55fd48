package dev.vigil.models.prophet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The bounds of rows long after the fit, where most draws have new changepoints, are found without full
 * selections (their cost used to grow with the horizon). That they are the exact quantiles is
 * {@code FutureBoundsTest}'s and {@code DrawQuantilesTest}'s part.
 */
class FutureDrawsTest {

    private static final long MINUTE = 60_000L;

    @Test
    void predict_tenRowsUpToSixHoursAfterADayFit_noFullSelectionAndAPilotOnlyForTheFirstRows() {
        double pLo = (1 - 0.8) / 2;
        double pHi = (1 + 0.8) / 2;
        SplittableRandom r = new SplittableRandom(53);
        int calls = 0;
        for (int series = 0; series < 8; series++) {
            // The runner's shape: a day of one-minute points of a random walk.
            int n = 1441;
            long[] ms = new long[n];
            double[] y = new double[n];
            double level = 100 * r.nextDouble();
            for (int i = 0; i < n; i++) {
                ms[i] = i * MINUTE;
                level += r.nextGaussian();
                y[i] = level;
            }
            ProphetFit f = ProphetFit.fit(ms, y, new ProphetOptions(false, null, 25, 0.8, 0.05, ProphetOptions.AUTO,
                    ProphetOptions.AUTO, ProphetOptions.AUTO, List.of(), false, 10, List.of(), 0.8, 1000, 0L,
                    ZoneOffset.UTC));
            for (int last : new int[] {10, 100, 360}) {
                long[] rows = new long[10];
                for (int i = 0; i < 10; i++) {
                    rows[i] = (n - 1 + last - 9 + i) * MINUTE;
                }
                FutureDraws local = FutureDraws.local(1000, pLo, pHi);
                DrawQuantiles q = local.quantiles();
                DrawQuantiles tq = local.trendQuantiles();
                int full = q.fallbacks + tq.fallbacks;
                int pilots = q.pilots + tq.pilots;
                ProphetFit.Forecast fc = f.predict(rows, true);
                assertThat(FutureDraws.local(1000, pLo, pHi)).as("one instance per thread").isSameAs(local);
                String what = "series " + series + ", rows up to " + last + " minutes after the fit";
                assertThat(q.fallbacks + tq.fallbacks - full).as("full selections, %s", what).isZero();
                // At most the first row of the draws and of the trends needs the pilot.
                assertThat(q.pilots + tq.pilots - pilots).as("pilots, %s", what).isLessThanOrEqualTo(2);
                assertThat(fc.upper()[9]).as(what).isGreaterThan(fc.lower()[9]);
                calls++;
            }
        }
        assertThat(calls).isEqualTo(24);
    }

    @Test
    void infer_withAndWithoutTrendBounds_sameBandAndTrendBoundsOnlyWhenAsked() {
        int n = 1441;
        long[] ms = new long[n + 60];
        double[] y = new double[n + 60];
        SplittableRandom r = new SplittableRandom(59);
        double level = 50;
        for (int i = 0; i < ms.length; i++) {
            ms[i] = i * MINUTE;
            level += r.nextGaussian();
            y[i] = level;
        }
        Series all = Series.of(ms, y);
        Series next = all.slice(n, n + 60);
        ModelSpec plain = ProphetModels.builder().provideSeries("anomaly_score", "yhat", "yhat_lower", "yhat_upper")
                .build();
        ModelSpec withTrend = ProphetModels.builder().provideSeries("anomaly_score", "yhat", "yhat_lower",
                "yhat_upper", "trend_lower", "trend_upper").build();
        FittedModel a = plain.fit(all.slice(0, n));
        FittedModel b = withTrend.fit(all.slice(0, n));
        Prediction pa = a.infer(next);
        Prediction pb = b.infer(next);
        // The trend's bounds take no random draws: leaving them out changes no other number.
        assertThat(pa.column("yhat_lower")).containsExactly(pb.column("yhat_lower"));
        assertThat(pa.column("yhat_upper")).containsExactly(pb.column("yhat_upper"));
        assertThat(pa.column("anomaly_score")).containsExactly(pb.column("anomaly_score"));
        ProphetFit.Forecast full = ((ProphetSpec.Fitted) b).state().predict(next.timestamps(), true);
        assertThat(pb.column("trend_lower")).containsExactly(full.trendLower());
        assertThat(pb.column("trend_upper")).containsExactly(full.trendUpper());
        // An hour after the fit, the trend band is open.
        assertThat(full.trendUpper()[59] - full.trendLower()[59]).isPositive();
        assertThat(Arrays.equals(full.trendLower(), full.trend())).isFalse();
    }

    @Test
    void predict_sameRowsForAnotherSeriesFittedOnTheSameWindow_keepsTheGridAndGivesAFreshThreadsBounds()
            throws Exception {
        ProphetFit a = walkFit(61, 0, 25, 0L);
        ProphetFit b = walkFit(67, 0, 25, 0L);
        long[] rows = rowsAfter(1441, 90, 10);
        FutureDraws local = FutureDraws.local(1000, (1 - 0.8) / 2, (1 + 0.8) / 2);
        a.predict(rows, true, true);
        int kept = local.gridsKept;
        int carried = local.quantiles().carried;
        ProphetFit.Forecast again = b.predict(rows, true, true);
        assertThat(local.gridsKept - kept).as("the second series' call keeps the first one's grid").isEqualTo(1);
        assertThat(local.quantiles().carried - carried).as("its first row's brackets carried from the first series")
                .isEqualTo(1);
        ProphetFit.Forecast fresh = onFreshThread(() -> b.predict(rows, true, true));
        assertSame(again, fresh, "kept grid");
    }

    @Test
    void predict_otherRowsChangepointCountSeedOrFitWindow_makesTheGridAnewAndGivesAFreshThreadsBounds()
            throws Exception {
        long[] rows = rowsAfter(1441, 90, 10);
        ProphetFit[] fits = {
            walkFit(71, 0, 25, 0L),
            walkFit(71, 0, 25, 0L), // the same key: kept
            walkFit(73, 0, 12, 0L), // fewer changepoints
            walkFit(73, 0, 12, 5L), // another seed
            walkFit(73, 30, 12, 5L), // the window starts later: other scaled times for the same rows
        };
        FutureDraws local = FutureDraws.local(1000, (1 - 0.8) / 2, (1 + 0.8) / 2);
        int[] keptAfter = {0, 1, 1, 1, 1};
        int kept0 = -1;
        for (int k = 0; k < fits.length; k++) {
            ProphetFit f = fits[k];
            ProphetFit.Forecast got = f.predict(rows, true, true);
            if (k == 0) {
                kept0 = local.gridsKept;
                continue;
            }
            assertThat(local.gridsKept - kept0).as("grids kept after call %s", k).isEqualTo(keptAfter[k]);
            assertSame(got, onFreshThread(() -> f.predict(rows, true, true)), "call " + k);
        }
        // Other rows of the same series.
        long[] earlier = rowsAfter(1441, 50, 10);
        ProphetFit.Forecast other = fits[4].predict(earlier, true, true);
        assertThat(local.gridsKept - kept0).as("grids kept after other rows").isEqualTo(1);
        assertSame(other, onFreshThread(() -> fits[4].predict(earlier, true, true)), "other rows");
        // More rows than a block: not kept, and the next call of the same rows makes it anew.
        long[] many = rowsAfter(1441, 60, DrawGrid.BLOCK + 1);
        fits[0].predict(many, true, true);
        int before = local.gridsKept;
        ProphetFit.Forecast got = fits[1].predict(many, true, true);
        assertThat(local.gridsKept).isEqualTo(before);
        assertSame(got, onFreshThread(() -> fits[1].predict(many, true, true)), "a call longer than a block");
    }

    @Test
    void predict_withoutTrendBounds_nearDrawsServeLaterRowsWithTheBoundsOfEveryDraw() {
        FutureDraws local = FutureDraws.local(1000, (1 - 0.8) / 2, (1 + 0.8) / 2);
        int served = local.near().rows;
        int narrowed = local.quantiles().narrowed;
        for (int series = 0; series < 8; series++) {
            ProphetFit f = walkFit(100 + series, 0, 25, 0L);
            for (int last : new int[] {10, 100, 360, 1440}) {
                long[] rows = rowsAfter(1441, last, 10);
                ProphetFit.Forecast near = f.predict(rows, true, false);
                // With the trend's bounds every draw is visited on every row.
                assertSameBand(near, f.predict(rows, true, true), "series " + series + ", " + last + " minutes");
            }
        }
        // A multiplicative daily season on ten days of 10-minute points: seasonal factors vary over the rows.
        for (int seed = 0; seed < 4; seed++) {
            int n = 1441;
            long step = 600_000L;
            long[] ms = new long[n];
            double[] y = new double[n];
            SplittableRandom r = new SplittableRandom(200 + seed);
            double level = 100;
            for (int i = 0; i < n; i++) {
                ms[i] = i * step;
                level += r.nextGaussian();
                y[i] = level * (1 + 0.2 * Math.sin(2 * Math.PI * i * step / 86_400_000.0));
            }
            ProphetFit f = ProphetFit.fit(ms, y, new ProphetOptions(false, null, 25, 0.8, 0.05, ProphetOptions.AUTO,
                    ProphetOptions.AUTO, ProphetOptions.AUTO, List.of(), true, 10, List.of(), 0.8, 1000, 0L,
                    ZoneOffset.UTC));
            long[] rows = new long[12];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = (n - 1 + 60 + i) * step;
            }
            assertSameBand(f.predict(rows, true, false), f.predict(rows, true, true), "multiplicative " + seed);
        }
        assertThat(local.near().rows - served).as("rows the near draws served").isGreaterThan(100);
        int narrow = local.quantiles().narrowed - narrowed;
        assertThat(narrow).as("of them, rows their narrow brackets served").isPositive()
                .isLessThanOrEqualTo(local.near().rows - served);
    }

    private static void assertSameBand(ProphetFit.Forecast got, ProphetFit.Forecast expected, String what) {
        assertThat(got.lower()).as("lower, %s", what).containsExactly(expected.lower());
        assertThat(got.upper()).as("upper, %s", what).containsExactly(expected.upper());
    }

    /** A day of one-minute points of a seeded random walk, fitted from point {@code skip} on. */
    private static ProphetFit walkFit(long seed, int skip, int changepoints, long drawSeed) {
        int n = 1441;
        SplittableRandom r = new SplittableRandom(seed);
        long[] ms = new long[n - skip];
        double[] y = new double[n - skip];
        double level = 100 * r.nextDouble();
        for (int i = 0; i < n; i++) {
            level += r.nextGaussian();
            if (i >= skip) {
                ms[i - skip] = i * MINUTE;
                y[i - skip] = level;
            }
        }
        return ProphetFit.fit(ms, y, new ProphetOptions(false, null, changepoints, 0.8, 0.05, ProphetOptions.AUTO,
                ProphetOptions.AUTO, ProphetOptions.AUTO, List.of(), false, 10, List.of(), 0.8, 1000, drawSeed,
                ZoneOffset.UTC));
    }

    /** {@code count} one-minute rows, the last {@code last} minutes after the fit window of {@code n} points. */
    private static long[] rowsAfter(int n, int last, int count) {
        long[] rows = new long[count];
        for (int i = 0; i < count; i++) {
            rows[i] = (n - 1 + last - count + 1 + i) * MINUTE;
        }
        return rows;
    }

    /** The forecast computed on a new thread, whose draws' instances are new. */
    private static ProphetFit.Forecast onFreshThread(java.util.concurrent.Callable<ProphetFit.Forecast> call)
            throws Exception {
        java.util.concurrent.FutureTask<ProphetFit.Forecast> task = new java.util.concurrent.FutureTask<>(call);
        Thread t = new Thread(task);
        t.start();
        return task.get();
    }

    private static void assertSame(ProphetFit.Forecast got, ProphetFit.Forecast expected, String what) {
        assertSameBand(got, expected, what);
        assertThat(got.trendLower()).as("trend lower, %s", what).containsExactly(expected.trendLower());
        assertThat(got.trendUpper()).as("trend upper, %s", what).containsExactly(expected.trendUpper());
    }
}
