package dev.vigil.core.stats;

/**
 * Exponentially weighted running mean and variance (West's weighted form of Welford's algorithm,
 * West 1979, "Updating mean and variance estimates: an improved method"). Before each new point
 * the accumulated weight is multiplied by {@code decay} in (0, 1]; with {@code decay = 1} this is the
 * plain running mean and population variance.
 *
 * <p>Not thread-safe (single writer). {@link #add} is O(1) and allocation-free. {@link #state()} and
 * {@link #restore} round-trip every field exactly, so a restored instance evolves bit for bit as the
 * original.
 */
public final class DecayedMoments {

    /**
     * Every field of a {@link DecayedMoments}, for persistence. An immutable value.
     *
     * @param decay  the forgetting factor in (0, 1]
     * @param weight the accumulated weight
     * @param mean   the running mean (0 before the first point)
     * @param m2     the weighted sum of squared deviations from the mean
     * @param count  the number of finite points added
     */
    public record State(double decay, double weight, double mean, double m2, long count) {
    }

    private final double decay;
    private double weight;
    private double mean;
    private double m2;
    private long count;

    /** Empty moments with the given forgetting factor. */
    public DecayedMoments(double decay) {
        if (!(decay > 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1], got " + decay);
        }
        this.decay = decay;
    }

    /**
     * Adds one point with unit weight; non-finite values are ignored, and so is a point whose
     * squared deviation from the mean lies beyond the double range (values near the double maximum,
     * or far apart): the moments stay finite instead of turning into infinity or NaN.
     */
    public void add(double x) {
        if (!Double.isFinite(x)) {
            return;
        }
        double w = weight * decay + 1.0;
        double delta = x - mean;
        double newMean = mean + delta / w;
        double newM2 = m2 * decay + delta * (x - newMean);
        if (!Double.isFinite(newM2) || !Double.isFinite(newMean)) {
            return;
        }
        weight = w;
        mean = newMean;
        m2 = newM2;
        count++;
    }

    /** Multiplies the accumulated weight by {@code factor} (> 0) without changing mean or variance. */
    public void scaleWeight(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be a finite number > 0, got " + factor);
        }
        weight *= factor;
        m2 *= factor;
    }

    /** The weighted mean, {@code NaN} before the first point. */
    public double mean() {
        return count == 0 ? Double.NaN : mean;
    }

    /** The weighted population variance, {@code NaN} before the first point. */
    public double variance() {
        return count == 0 ? Double.NaN : Math.max(0.0, m2 / weight);
    }

    /** The weighted population standard deviation. */
    public double std() {
        return Math.sqrt(variance());
    }

    /** The number of finite points added. */
    public long count() {
        return count;
    }

    /** The accumulated weight. */
    public double weight() {
        return weight;
    }

    /** The exact state, for persistence. */
    public State state() {
        return new State(decay, weight, mean, m2, count);
    }

    /**
     * Moments with exactly the given state ({@link #state()}).
     *
     * @throws IllegalArgumentException when the decay is out of (0, 1] or the count is negative
     */
    public static DecayedMoments restore(State s) {
        DecayedMoments m = new DecayedMoments(s.decay());
        if (s.count() < 0) {
            throw new IllegalArgumentException("count must be >= 0, got " + s.count());
        }
        m.weight = s.weight();
        m.mean = s.mean();
        m.m2 = s.m2();
        m.count = s.count();
        return m;
    }

    /** An independent copy. */
    public DecayedMoments copy() {
        DecayedMoments c = new DecayedMoments(decay);
        c.weight = weight;
        c.mean = mean;
        c.m2 = m2;
        c.count = count;
        return c;
    }
}
