package dev.vigil.models.envelope;

import dev.vigil.core.stats.StreamingQuantiles;

/**
 * The online state of a {@code temporal_envelope} model ({@link EnvelopeModel} documents each part).
 * Holds its arrays as given: callers do not change them.
 *
 * @param n        finite points learnt
 * @param level    the level
 * @param scale    the mean absolute (clipped) residual
 * @param qLo      the lower residual quantile estimate
 * @param qHi      the upper residual quantile estimate
 * @param run      consecutive residuals beyond the band on side {@code runSign}
 * @param runSign  -1 below, 1 above, 0 none yet
 * @param runMean  the mean deseasonalised value of the run's points
 * @param profiles per profile (in {@code seasonalities} order) the value of each bucket
 * @param visits   per profile the time-decayed, kernel-weighted visits of each bucket
 * @param streaks  per profile and bucket the signed count of consecutive visits beyond the band
 * @param lastSeen per profile and bucket the time of its last point (epoch ms)
 * @param tailDigest the digest of the absolute centred residuals, {@code null} for a new empty one (a
 *                 state of payload version 1)
 * @param tail     σ_tail as last read from the digest, 0 before its first read
 * @param tailUnit the power of two the digest's values are in units of, 0 before its first value
 * @param sinceRefresh residuals added to the digest since that read
 */
record EnvelopeState(long n, double level, double scale, double qLo, double qHi, int run, int runSign, double runMean,
        double[][] profiles, double[][] visits, int[][] streaks, long[][] lastSeen,
        StreamingQuantiles.State tailDigest, double tail, double tailUnit,
        int sinceRefresh) {
}
