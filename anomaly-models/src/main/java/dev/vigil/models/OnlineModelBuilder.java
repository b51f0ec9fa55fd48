package dev.vigil.models;

/**
 * A {@link ModelBuilder} for the families whose online models take the common online arguments
 * ({@link OnlineArgs}): {@code decay}, {@code min_n_samples_seen}, {@code history_strength}. Set on
 * an offline variant, they are rejected by {@link #build()} as unknown arguments, as in the map form.
 * Not thread-safe.
 *
 * @param <B> the concrete builder type, returned by every setter
 */
public abstract class OnlineModelBuilder<B extends OnlineModelBuilder<B>> extends ModelBuilder<B> {

    /** For the families' builders. */
    protected OnlineModelBuilder() {
    }

    /** {@code decay} in (0, 1]: the weight of the existing state is multiplied by it before each new point. */
    public B decay(double decay) {
        return arg("decay", decay);
    }

    /** {@code min_n_samples_seen}: the score is 0 while the model has seen at most this many points. */
    public B minNSamplesSeen(int n) {
        return arg("min_n_samples_seen", n);
    }

    /** {@code history_strength}: the fitted history weighs this many times its sample count against later updates. */
    public B historyStrength(double strength) {
        return arg("history_strength", strength);
    }
}
