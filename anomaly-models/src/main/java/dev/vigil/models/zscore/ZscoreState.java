package dev.vigil.models.zscore;

import dev.vigil.core.stats.DecayedMoments;

/** The fitted state of a z-score model, beyond its spec. Immutable values. */
sealed interface ZscoreState {

    /**
     * the offline z-score: the fit window's mean and population standard deviation.
     *
     * @param mean the mean
     * @param std  the standard deviation
     */
    record Offline(double mean, double std) implements ZscoreState {
    }

    /**
     * {@code zscore_online}: the decayed running moments.
     *
     * @param moments every field of the moments
     */
    record Online(DecayedMoments.State moments) implements ZscoreState {
    }
}
