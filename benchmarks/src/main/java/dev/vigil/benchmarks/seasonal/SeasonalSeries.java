package dev.vigil.benchmarks.seasonal;

/**
 * The benchmark series, reproducible bit for bit in Python ({@code benchmarks/scripts/seasonal/hw_speed.py}
 * generates the same values for the side-by-side run against statsmodels):
 * {@code y_i = 100 + 0.002 i + 10 sin(2π i / m) + 2 ε_i}, with ε_i ≈ N(0, 1) the centred sum of four
 * uniforms from a 64-bit linear congruential generator (Knuth's MMIX constants) seeded with 42.
 * Stateless, thread-safe.
 */
public final class SeasonalSeries {

    private SeasonalSeries() {
    }

    /** The first {@code n} values with a season of {@code m} samples. O(n). */
    public static double[] generate(int n, int m) {
        long state = 42;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 0;
            for (int k = 0; k < 4; k++) {
                state = state * 6364136223846793005L + 1442695040888963407L;
                u += (state >>> 11) * 0x1.0p-53;
            }
            double eps = (u - 2) * Math.sqrt(3);
            y[i] = 100 + 0.002 * i + 10 * Math.sin(2 * Math.PI * i / m) + 2 * eps;
        }
        return y;
    }

    /** Timestamps 5 minutes apart from 2024-01-01T00:00:00Z, in ms. */
    public static long[] timestamps(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1_704_067_200_000L + 300_000L * i;
        }
        return t;
    }
}
