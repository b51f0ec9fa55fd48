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
    private final double[][] at;
    private final double[][] sumE;
    private final double[][] sumEA;
    private final int[] count;
    /** Every draw's arrivals up to this unit time are generated (plus one past it). */
    private double known = -1;
    /**
     * The generated arrivals and cumulative sums of every draw in one place, draw d's at
     * {@code [start[d], start[d] + count[d])}, rebuilt when more are generated: a call walks many draws,
     * and one array each would cost it a cache miss per draw.
     */
    private double[] flatA;
    private double[] flatE;
    private double[] flatEA;
    private final int[] start;
    /** Each draw's first arrival. */
    private final double[] firstA;

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
        at = new double[draws][];
        sumE = new double[draws][];
        sumEA = new double[draws][];
        count = new int[draws];
        start = new int[draws];
        firstA = new double[draws];
        for (int d = 0; d < draws; d++) {
            streams[d] = root.split();
            at[d] = new double[4];
            sumE[d] = new double[4];
            sumEA[d] = new double[4];
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

    private void extendTo(double unitTime) {
        if (!(unitTime > known)) {
            return;
        }
        for (int d = 0; d < draws; d++) {
            while (count[d] == 0 || at[d][count[d] - 1] <= unitTime) {
                append(d);
            }
        }
        known = unitTime;
        int total = 0;
        for (int d = 0; d < draws; d++) {
            start[d] = total;
            total += count[d];
        }
        flatA = new double[total];
        flatE = new double[total];
        flatEA = new double[total];
        for (int d = 0; d < draws; d++) {
            System.arraycopy(at[d], 0, flatA, start[d], count[d]);
            System.arraycopy(sumE[d], 0, flatE, start[d], count[d]);
            System.arraycopy(sumEA[d], 0, flatEA, start[d], count[d]);
            firstA[d] = at[d][0];
        }
    }

    private void append(int d) {
        int c = count[d];
        if (c == at[d].length) {
            at[d] = Arrays.copyOf(at[d], 2 * c);
            sumE[d] = Arrays.copyOf(sumE[d], 2 * c);
            sumEA[d] = Arrays.copyOf(sumEA[d], 2 * c);
        }
        SplittableRandom r = streams[d];
        double a = (c == 0 ? 0 : at[d][c - 1]) + r.nextExponential();
        double e = r.nextExponential();
        if (r.nextBoolean()) {
            e = -e;
        }
        at[d][c] = a;
        sumE[d][c] = (c == 0 ? 0 : sumE[d][c - 1]) + e;
        sumEA[d][c] = (c == 0 ? 0 : sumEA[d][c - 1]) + e * a;
        count[d] = c + 1;
    }

    /** Unit time of draw d's first arrival. */
    double first(int d) {
        return firstA[d];
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

    /** Draw d's arrival times, ascending; those at or before the generated unit time are complete. */
    double[] arrivals(int d) {
        return at[d];
    }

    /** Number of draw d's generated arrivals (the last one is past the generated unit time). */
    int count(int d) {
        return count[d];
    }

    /** Cumulative sums of draw d's unit rate changes: {@code E_k} at index k − 1. */
    double[] sumE(int d) {
        return sumE[d];
    }

    /** Cumulative sums of draw d's unit rate changes times their arrival times: {@code A_k} at index k − 1. */
    double[] sumEA(int d) {
        return sumEA[d];
    }
}
