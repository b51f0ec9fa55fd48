package dev.vigil.models.mad;

import dev.vigil.core.stats.StreamingQuantiles;

/** The fitted state of a median/MAD model, beyond its spec. Immutable values. */
sealed interface MadState {

    /**
     * the offline MAD: the fit window's statistics (the band's half-width follows from them and the spec).
     *
     * @param median the median
     * @param mad    the median absolute deviation
     * @param meanAd the mean absolute deviation from the median
     * @param tailAd the 99.5th percentile of the absolute deviations from the median (NaN in a state saved
     *               before the tail floor: then it is not used)
     */
    record Offline(double median, double mad, double meanAd, double tailAd) implements MadState {
    }

    /**
     * {@code mad_online}: both digests and the bookkeeping around them.
     *
     * @param values       the digest of the values
     * @param devs         the digest of the absolute deviations
     * @param median       the median estimate in use
     * @param mad          the MAD estimate in use
     * @param meanAd       the mean absolute deviation in use
     * @param tailAd       the 99.5th percentile of the deviations in use
     * @param devSum       the decayed sum of the deviations
     * @param devWeight    the decayed weight of the deviations
     * @param sinceRefresh updates since the estimates were refreshed
     * @param refreshEvery updates between refreshes
     */
    record Online(StreamingQuantiles.State values, StreamingQuantiles.State devs, double median, double mad,
            double meanAd, double tailAd, double devSum, double devWeight, int sinceRefresh, int refreshEvery) implements MadState {
    }
}
