package dev.vigil.models;

/**
 * The arguments every online model shares.
 *
 * @param decay            forgetting factor d in (0, 1]: before each new point the existing state's
 *                         weight is multiplied by d, so the last N points hold 1 - d^N of the weight
 * @param minNSamplesSeen  the score is 0 while the model has seen at most this many points
 * @param historyStrength  the fitted history weighs this many times its sample count against later updates
 */
public record OnlineArgs(double decay, int minNSamplesSeen, double historyStrength) {

    /** vmanomaly's default {@code min_n_samples_seen}. */
    public static final int DEFAULT_MIN_N_SAMPLES_SEEN = 16;

    /** Reads {@code decay} (1.0), {@code min_n_samples_seen} (16) and {@code history_strength} (1.0). */
    public static OnlineArgs read(ModelArgs a) {
        double decay = a.inRange("decay", 1.0, 0.0, true, 1.0, false);
        int min = a.integerAtLeast("min_n_samples_seen", DEFAULT_MIN_N_SAMPLES_SEEN, 0);
        double h = a.positive("history_strength", 1.0);
        return new OnlineArgs(decay, min, h);
    }
}
