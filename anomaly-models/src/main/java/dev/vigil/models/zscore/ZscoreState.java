package dev.vigil.models.zscore;

import dev.vigil.core.stats.DecayedMoments;

/** The fitted state of a z-score model, beyond its spec. Immutable values. */
sealed interface ZscoreState {

    /**
     * the offline z-score: the fit window's mean and population standard deviation.
     *
     * @param mean the mean
     * @param std  the standard deviation
     * @param tail the fit window's tail estimate of σ (NaN in a state saved before the tail floor: not used)
     */
    record Offline(double mean, double std, double tail) implements ZscoreState {
    }

    /**
     * {@code zscore_online}: the decayed running moments.
     *
     * @param moments every field of the moments
     * @param tail    the last fit window's tail estimate of σ (NaN in a state saved before the tail floor)
     */
    record Online(DecayedMoments.State moments, double tail) implements ZscoreState {
    }
}
