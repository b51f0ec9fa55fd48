package dev.vigil.models.prophet;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The random parts of the draws past the fit window ({@link FutureDraws}), as deterministic functions of
 * the seed and the number of draws only, so that a thread computes them once and every later call, for
 * any series, reuses them:
 * <ul>
 *   <li>each draw's noise {@code z_d ~ N(0, 1)}, the same for every row of a call (a row's draws are
 *       then still {@code trend_d(t) + σ·z_d} with the {@code z_d} i.i.d. and independent of the trends,
 *       so each row's bounds have exactly the law of Prophet's, which draws fresh noise per row; only the
 *       Monte-Carlo errors of the rows of one call are correlated);</li>
 *   <li>each draw's new changepoints as a unit-rate Poisson process on {@code [0, ∞)}: arrival times
 *       {@code a_c} (sums of standard exponentials) and unit Laplace rate changes {@code e_c}. A series
 *       with {@code S} fitted changepoints and rate-change scale {@code λ} reads them as changepoints at
 *       scaled times {@code 1 + a_c/S} with rate changes {@code λ·e_c}; those before {@code T_max} are a
 *       Poisson({@code S·(T_max − 1)}) number of points uniform on {@code [1, T_max]} with Laplace(λ)
 *       changes, Prophet's law, whatever {@code T_max}.</li>
 * </ul>
 * With {@code k} arrivals up to a row's unit time, the draw's trend change at scaled time {@code t} is
 * {@code λ·((t − 1)·E_k − A_k/S)}, from the cumulative sums {@code E_k = Σ e_c} and {@code A_k = Σ e_c·a_c}
 * kept beside the arrivals: O(1) per draw and row.
 *
 * <p>Each draw has a stream of its own ({@link SplittableRandom#split}), so the arrivals are the same
 * however far they were generated. Not thread-safe: one instance per thread ({@link #local}); calls whose
 * horizon is longer than {@link #CACHED_UNIT_TIME} use an instance of their own (the same numbers), so that
 * a thread keeps at most about {@code draws · CACHED_UNIT_TIME} arrivals. Memory O(draws · arrivals).
 */
final class DrawPaths {

    /** Longest unit time ({@code S·(T_max − 1)}) a thread's instance keeps arrivals for (about 33 per draw). */
    static final double CACHED_UNIT_TIME = 32;

    private static final ThreadLocal<DrawPaths> LOCAL = new ThreadLocal<>();

    final long seed;
    final int draws;
    /** Noise of each draw, standard normal, in draw order. */
    final double[] z;
    /** The noise sorted ascending. */
    final double[] zSorted;
    /** The draws by ascending noise: {@code z[byNoise[i]] == zSorted[i]}. */
    final int[] byNoise;
    private final SplittableRandom[] streams;
    /**
     * The generated arrivals and cumulative sums of every draw in one place, draw d's at
     * {@code [start[d], start[d] + count[d])} (a call walks many draws, and one array each would cost it
     * a cache miss per draw); laid out anew when more are generated.
     */
    private double[] flatA = new double[0];
    private double[] flatE = new double[0];
    private double[] flatEA = new double[0];
    private final int[] start;
    private final int[] count;
    /** Every draw's arrivals up to this unit time are generated (plus one past it). */
    private double known = -1;

    private DrawPaths(long seed, int draws) {
        this.seed = seed;
        this.draws = draws;
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom noise = root.split();
        z = new double[draws];
        for (int d = 0; d < draws; d++) {
            z[d] = noise.nextGaussian();
        }
        byNoise = java.util.stream.IntStream.range(0, draws).boxed()
                .sorted((a, b) -> Double.compare(z[a], z[b])).mapToInt(Integer::intValue).toArray();
        zSorted = new double[draws];
        for (int i = 0; i < draws; i++) {
            zSorted[i] = z[byNoise[i]];
        }
        streams = new SplittableRandom[draws];
        start = new int[draws];
        count = new int[draws];
        for (int d = 0; d < draws; d++) {
            streams[d] = root.split();
        }
    }

    /**
     * The paths for {@code seed} and {@code draws} with every arrival up to unit time {@code unitTime}
     * generated: this thread's instance, or one of the call's own for a horizon beyond
     * {@link #CACHED_UNIT_TIME}.
     */
    static DrawPaths of(long seed, int draws, double unitTime) {
        DrawPaths p;
        if (unitTime > CACHED_UNIT_TIME) {
            p = new DrawPaths(seed, draws);
        } else {
            p = LOCAL.get();
            if (p == null || p.seed != seed || p.draws != draws) {
                p = new DrawPaths(seed, draws);
                LOCAL.set(p);
            }
        }
        p.extendTo(unitTime);
        return p;
    }

    /** Generates each draw's arrivals until one is past {@code unitTime}, keeping those it has. */
    private void extendTo(double unitTime) {
        if (!(unitTime > known)) {
            return;
        }
        double[] a = new double[flatA.length + 4 * draws];
        double[] e = new double[a.length];
        double[] ea = new double[a.length];
        int total = 0;
        for (int d = 0; d < draws; d++) {
            int c = count[d];
            if (total + c + 1 > a.length) {
                int cap = Math.max(2 * a.length, total + c + 1);
                a = Arrays.copyOf(a, cap);
                e = Arrays.copyOf(e, cap);
                ea = Arrays.copyOf(ea, cap);
            }
            System.arraycopy(flatA, start[d], a, total, c);
            System.arraycopy(flatE, start[d], e, total, c);
            System.arraycopy(flatEA, start[d], ea, total, c);
            start[d] = total;
            total += c;
            SplittableRandom r = streams[d];
            while (c == 0 || a[total - 1] <= unitTime) {
                if (total == a.length) {
                    a = Arrays.copyOf(a, 2 * total);
                    e = Arrays.copyOf(e, 2 * total);
                    ea = Arrays.copyOf(ea, 2 * total);
                }
                double at = (c == 0 ? 0 : a[total - 1]) + r.nextExponential();
                double change = r.nextExponential();
                if (r.nextBoolean()) {
                    change = -change;
                }
                a[total] = at;
                e[total] = (c == 0 ? 0 : e[total - 1]) + change;
                ea[total] = (c == 0 ? 0 : ea[total - 1]) + change * at;
                total++;
                c++;
            }
            count[d] = c;
        }
        flatA = a;
        flatE = e;
        flatEA = ea;
        known = unitTime;
    }

    /** Unit time of draw d's first arrival. */
    double first(int d) {
        return flatA[start[d]];
    }

    /** Where draw d's arrivals begin in {@link #flatArrivals}, {@link #flatSumE} and {@link #flatSumEA}. */
    int start(int d) {
        return start[d];
    }

    /** Every draw's arrivals, draw d's from {@link #start}(d), {@link #count}(d) of them. */
    double[] flatArrivals() {
        return flatA;
    }

    /** Every draw's cumulative sums of unit rate changes, laid out as {@link #flatArrivals}. */
    double[] flatSumE() {
        return flatE;
    }

    /** Every draw's cumulative sums of unit rate changes times arrival times, laid out as {@link #flatArrivals}. */
    double[] flatSumEA() {
        return flatEA;
    }

    /** Number of draw d's generated arrivals (the last one is past the generated unit time). */
    int count(int d) {
        return count[d];
    }
}
