package dev.vigil.models.prophet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link DrawQuantiles} gives exactly the type-7 quantiles of the sorted draws, guess right or wrong. */
class DrawQuantilesTest {

    private static final double[][] WIDTHS = {{0.1, 0.9}, {0.025, 0.975}, {0.5, 0.5}, {0, 1}, {0.4, 0.45}};

    @Test
    void normalGuess_seededNormalDraws_equalsQuantilesOfSortedDrawsMostlyWithoutFallback() {
        SplittableRandom r = new SplittableRandom(31);
        int rows = 0;
        int fallbacks = 0;
        for (double[] p : WIDTHS) {
            for (int ns : new int[] {2, 3, 10, 100, 1000, 1001}) {
                DrawQuantiles q = new DrawQuantiles(ns, p[0], p[1]);
                for (int trial = 0; trial < 60; trial++) {
                    double center = 100 * r.nextGaussian();
                    double scale = 0.1 + 5 * r.nextDouble();
                    double[] v = new double[ns];
                    for (int d = 0; d < ns; d++) {
                        v[d] = center + scale * r.nextGaussian();
                    }
                    assertSame(q, v, center, scale, p, "ns " + ns + " trial " + trial);
                    rows++;
                }
                fallbacks += q.fallbacks;
            }
        }
        // The bracket path must serve nearly every row of normal draws (else the speed-up is void).
        assertThat(fallbacks).as("fallbacks of %d rows", rows).isLessThan(rows / 20);
    }

    @Test
    void normalGuess_wrongGuessMixturesAndTies_equalsQuantilesOfSortedDraws() {
        SplittableRandom r = new SplittableRandom(37);
        for (double[] p : WIDTHS) {
            DrawQuantiles q = new DrawQuantiles(1000, p[0], p[1]);
            for (int trial = 0; trial < 200; trial++) {
                double[] v = new double[1000];
                for (int d = 0; d < v.length; d++) {
                    double x = r.nextGaussian();
                    // Some draws on a shifted trend (new changepoints); every fourth row rounded to ties.
                    if (d % 7 == trial % 7) {
                        x += 3 * r.nextGaussian();
                    }
                    v[d] = trial % 4 == 0 ? Math.rint(x * 3) : x;
                }
                double guessCenter = trial % 5 == 0 ? 2.5 : 0;
                double guessScale = trial % 6 == 0 ? 0 : trial % 6 == 1 ? 10 : 1;
                assertSame(q, v, guessCenter, guessScale, p, "trial " + trial);
            }
        }
    }

    @Test
    void withRepeats_seededValues_equalsQuantilesOfSortedMultiset() {
        SplittableRandom r = new SplittableRandom(41);
        double[] out = new double[2];
        for (double[] p : WIDTHS) {
            for (int trial = 0; trial < 300; trial++) {
                int ns = 2 + r.nextInt(1500);
                int m = r.nextInt(ns + 1);
                double rep = trial % 3 == 0 ? 0 : r.nextGaussian();
                double[] vals = new double[m];
                for (int i = 0; i < m; i++) {
                    vals[i] = trial % 2 == 0 ? Math.rint(2 * r.nextGaussian()) : rep + r.nextGaussian();
                }
                double[] all = new double[ns];
                Arrays.fill(all, rep);
                System.arraycopy(vals, 0, all, 0, m);
                Arrays.sort(all);
                new DrawQuantiles(ns, p[0], p[1]).withRepeats(vals, m, rep, out);
                assertThat(out[0]).as("trial %d ns %d m %d", trial, ns, m).isEqualTo(Uncertainty.quantile7(all, p[0]));
                assertThat(out[1]).as("trial %d ns %d m %d", trial, ns, m).isEqualTo(Uncertainty.quantile7(all, p[1]));
            }
        }
    }

    @Test
    void pilotGuess_heavyTailsSkewAndTies_equalsQuantilesOfSortedDraws() {
        SplittableRandom r = new SplittableRandom(43);
        for (double[] p : WIDTHS) {
            for (int ns : new int[] {2, 127, 128, 1000, 1001}) {
                DrawQuantiles q = new DrawQuantiles(ns, p[0], p[1]);
                for (int trial = 0; trial < 40; trial++) {
                    double[] v = new double[ns];
                    for (int d = 0; d < ns; d++) {
                        // Laplace tails, a skewed component, and ties every third row.
                        double u = r.nextDouble() - 0.5;
                        double x = -Math.signum(u) * Math.log1p(-2 * Math.abs(u)) + (d % 5 == 0 ? 4 * r.nextDouble() : 0);
                        v[d] = trial % 3 == 0 ? Math.rint(x) : x;
                    }
                    double[] sorted = v.clone();
                    Arrays.sort(sorted);
                    double[] out = new double[2];
                    q.pilotGuess(v, 0, out);
                    String what = "ns " + ns + " trial " + trial + " p " + Arrays.toString(p);
                    assertThat(out[0]).as(what).isEqualTo(Uncertainty.quantile7(sorted, p[0]));
                    assertThat(out[1]).as(what).isEqualTo(Uncertainty.quantile7(sorted, p[1]));
                }
            }
        }
    }

    @Test
    void followGuess_rowsOfSpreadingPaths_equalsSortedQuantilesAndRarelyNeedsThePilot() {
        // As the rows after a fit: per draw a fixed rate change (Laplace) applied over a growing horizon, plus
        // fresh noise per row; the centre moves from row to row.
        SplittableRandom r = new SplittableRandom(47);
        int ns = 1000;
        double[] rate = new double[ns];
        for (int d = 0; d < ns; d++) {
            double u = r.nextDouble() - 0.5;
            rate[d] = r.nextDouble() < 0.8 ? -Math.signum(u) * Math.log1p(-2 * Math.abs(u)) : 0;
        }
        DrawQuantiles q = new DrawQuantiles(ns, 0.1, 0.9);
        q.forget();
        double[] v = new double[ns];
        double[] out = new double[2];
        int rows = 300;
        for (int i = 1; i <= rows; i++) {
            double center = 50 + 0.3 * i;
            for (int d = 0; d < ns; d++) {
                v[d] = center + rate[d] * 0.05 * i + r.nextGaussian();
            }
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            q.followGuess(v, center, i == 1 ? 1 : i / (i - 1.0), out);
            assertThat(out[0]).as("row %d", i).isEqualTo(Uncertainty.quantile7(sorted, 0.1));
            assertThat(out[1]).as("row %d", i).isEqualTo(Uncertainty.quantile7(sorted, 0.9));
        }
        // The first row has no last row (a pilot); later rows should follow (each miss costs a pilot).
        assertThat(q.fallbacks).as("full selections").isZero();
        assertThat(q.pilots).as("pilots of %d rows", rows).isLessThanOrEqualTo(1 + rows / 50);
        assertThat(q.follows).as("rows served by the last row's brackets").isGreaterThanOrEqualTo(rows - 1 - rows / 50);
    }

    @Test
    void carriedGuess_nearAndMissingBrackets_equalsSortedQuantilesAndFallsBackToThePilotOnAMiss() {
        SplittableRandom r = new SplittableRandom(83);
        int ns = 1000;
        DrawQuantiles q = new DrawQuantiles(ns, 0.1, 0.9);
        double[] v = new double[ns];
        double[] out = new double[2];
        for (int trial = 0; trial < 60; trial++) {
            for (int d = 0; d < ns; d++) {
                v[d] = 20 + 3 * r.nextGaussian() + (r.nextInt(4) == 0 ? r.nextExponential() : 0);
            }
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            double lo = Uncertainty.quantile7(sorted, 0.1);
            double hi = Uncertainty.quantile7(sorted, 0.9);
            // Brackets around the true quantiles (hits), shifted past them (misses), or empty (misses).
            double shift = switch (trial % 3) {
                case 0 -> 0.05;
                case 1 -> 5;
                default -> 0;
            };
            double width = trial % 3 == 2 ? 0 : 0.5;
            int carried = q.carried;
            int pilots = q.pilots;
            boolean held = q.carriedGuess(v, 20, lo - 20 + shift, width, hi - 20 - shift, width, out);
            assertThat(out[0]).as("trial %d", trial).isEqualTo(lo);
            assertThat(out[1]).as("trial %d", trial).isEqualTo(hi);
            assertThat(held).as("trial %d", trial).isEqualTo(trial % 3 == 0);
            assertThat(q.carried - carried).isEqualTo(held ? 1 : 0);
            assertThat(q.pilots - pilots).as("a pilot after a miss").isEqualTo(held ? 0 : 1);
        }
        assertThat(q.fallbacks).as("full selections").isZero();
    }

    @Test
    void sortedTail_everyGuessWithTiesAndMisses_equalsQuantilesOfSortedDraws() {
        SplittableRandom r = new SplittableRandom(43);
        int ns = 1000;
        for (double[] p : WIDTHS) {
            DrawQuantiles q = new DrawQuantiles(ns, p[0], p[1]);
            double[] out = new double[2];
            for (int trial = 0; trial < 300; trial++) {
                int explicit = trial % 10 == 0 ? 0 : r.nextInt(ns + 1);
                double shift = 10 * r.nextGaussian();
                double scale = 0.5 + r.nextDouble();
                // The tail: noise sorted ascending, rounded to ties in every third row.
                double[] z = new double[ns];
                for (int k = explicit; k < ns; k++) {
                    z[k] = trial % 3 == 0 ? Math.rint(2 * r.nextGaussian()) / 2 : r.nextGaussian();
                }
                Arrays.sort(z, explicit, ns);
                double[] all = new double[ns];
                double[] v = new double[ns];
                for (int d = 0; d < ns; d++) {
                    if (d < explicit) {
                        // Draws on trends of their own, some far off.
                        v[d] = shift + scale * (r.nextGaussian() + (d % 5 == 0 ? 4 * r.nextGaussian() : 0));
                        all[d] = v[d];
                    } else {
                        v[d] = Double.NaN; // never read unless a pilot or full selection writes the tail first
                        all[d] = shift + scale * z[d];
                    }
                }
                Arrays.sort(all);
                q.sortedTail(explicit, z, shift, scale);
                switch (trial % 3) {
                    case 0 -> q.normalGuess(v, shift, trial % 6 == 0 ? 10 * scale : scale, out);
                    case 1 -> q.followGuess(v, shift, 1.01, out);
                    default -> q.pilotGuess(v, shift, out);
                }
                q.noTail();
                String what = "trial " + trial + ", " + explicit + " explicit, p " + p[0] + "-" + p[1];
                assertThat(out[0]).as("lower, %s", what).isEqualTo(Uncertainty.quantile7(all, p[0]));
                assertThat(out[1]).as("upper, %s", what).isEqualTo(Uncertainty.quantile7(all, p[1]));
            }
        }
    }

    @Test
    void tailSearch_thresholdsOnTies_splitsTheTailAsTheComparisonsDo() {
        int ns = 40;
        DrawQuantiles q = new DrawQuantiles(ns, 0.1, 0.9);
        double[] z = new double[ns];
        for (int k = 10; k < ns; k++) {
            z[k] = (k - 10) / 4; // 0 0 0 0 1 1 1 1 ... ties of four
        }
        q.sortedTail(10, z, 1.5, 2);
        for (double a = 0.5; a <= 17.5; a += 0.5) {
            int below = 0;
            int atMost = 0;
            for (int k = 10; k < ns; k++) {
                double x = 1.5 + 2 * z[k];
                below += x < a ? 1 : 0;
                atMost += x <= a ? 1 : 0;
            }
            assertThat(q.tailSearch(a, false)).as("first not below %s", a).isEqualTo(10 + below);
            assertThat(q.tailSearch(a, true)).as("first above %s", a).isEqualTo(10 + atMost);
        }
        assertThat(q.tailSearch(Double.NaN, false)).as("nothing is below NaN").isEqualTo(10);
        assertThat(q.tailSearch(Double.NaN, true)).as("nothing is at most NaN").isEqualTo(10);
    }

    private static void assertSame(DrawQuantiles q, double[] v, double center, double scale, double[] p, String what) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double[] out = new double[2];
        q.normalGuess(v, center, scale, out);
        assertThat(out[0]).as("%s, p %s", what, p[0]).isEqualTo(Uncertainty.quantile7(sorted, p[0]));
        assertThat(out[1]).as("%s, p %s", what, p[1]).isEqualTo(Uncertainty.quantile7(sorted, p[1]));
    }
}
