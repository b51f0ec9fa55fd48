package dev.vigil.core.decomposition;

/** Gap filling for regularly sampled series ({@code NaN} marks a missing sample). Stateless, thread-safe. */
public final class Gaps {

    private Gaps() {
    }

    /**
     * A copy of {@code values} with every non-finite value replaced by linear interpolation between
     * its finite neighbours, or by the nearest finite value at either end. O(n).
     *
     * @return the filled copy, or {@code null} when there is no finite value at all
     */
    public static double[] fillLinear(double[] values) {
        int n = values.length;
        double[] out = values.clone();
        int prev = -1;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(out[i])) {
                continue;
            }
            if (prev < 0) {
                for (int j = 0; j < i; j++) {
                    out[j] = out[i];
                }
            } else if (i - prev > 1) {
                double a = out[prev];
                double step = (out[i] - a) / (i - prev);
                for (int j = prev + 1; j < i; j++) {
                    out[j] = a + step * (j - prev);
                }
            }
            prev = i;
        }
        if (prev < 0) {
            return null;
        }
        for (int j = prev + 1; j < n; j++) {
            out[j] = out[prev];
        }
        return out;
    }
}
