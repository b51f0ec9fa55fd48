package dev.vigil.eval.nab;

/**
 * The plain baseline of the quality table: the absolute z-score of each value against the mean and
 * standard deviation of the {@code window} finite values before it, divided by a threshold, so a
 * score above 1 means {@code |y - mean| > z · std}:
 * {@code score_i = |y_i - mean(y_{i-window..i-1})| / (z · std(y_{i-window..i-1}))}.
 *
 * <p>Causal (row {@code i} never sees itself or later rows). Rows with fewer than two prior finite
 * values, or a non-finite value, score {@code NaN}. A zero standard deviation is floored at
 * {@code 1e-9 · max(1, |mean|)}, so a constant history gives 0 for the same value and a very large
 * finite score for any other. Stateless and thread-safe; O(n) time, O(window) extra memory.
 */
public final class RollingZBaseline {

    private RollingZBaseline() {
    }

    /**
     * The baseline's scores.
     *
     * @param y      the values ({@code NaN} = missing)
     * @param window number of previous finite values in the statistics ({@code >= 2})
     * @param z      z-score that maps to score 1 ({@code > 0})
     */
    public static double[] scores(double[] y, int window, double z) {
        if (window < 2) {
            throw new IllegalArgumentException("rolling z baseline: window must be >= 2, got " + window);
        }
        if (!(z > 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("rolling z baseline: z must be finite and > 0, got " + z);
        }
        double[] out = new double[y.length];
        double[] ring = new double[window];
        int count = 0;
        int head = 0;
        // Sums of values shifted by the first finite value, to limit cancellation in the variance.
        double shift = Double.NaN;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < y.length; i++) {
            double v = y[i];
            boolean finite = Double.isFinite(v);
            if (count < 2 || !finite) {
                out[i] = Double.NaN;
            } else {
                double mean = sum / count;
                double var = Math.max(0, (sumSq - sum * mean) / (count - 1));
                double std = Math.max(Math.sqrt(var), 1e-9 * Math.max(1, Math.abs(mean + shift)));
                out[i] = Math.abs(v - shift - mean) / (z * std);
            }
            if (finite) {
                if (Double.isNaN(shift)) {
                    shift = v;
                }
                double d = v - shift;
                if (count == window) {
                    double old = ring[head];
                    sum -= old;
                    sumSq -= old * old;
                } else {
                    count++;
                }
                ring[head] = d;
                head = (head + 1) % window;
                sum += d;
                sumSq += d * d;
            }
        }
        return out;
    }
}
