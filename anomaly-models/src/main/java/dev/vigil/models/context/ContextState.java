package dev.vigil.models.context;

/**
 * Every field of a {@code vigil_online} model's state ({@link ContextDetector}). A value: the arrays
 * and the context set are not copied here, callers copy them.
 *
 * @param lo      lower end of the quantisation range (the last fit window's minimum), NaN before any fit data
 * @param hi      upper end of the quantisation range
 * @param min     smallest value seen up to {@code short_window} points ago (NaN: none yet)
 * @param max     largest value seen up to {@code short_window} points ago
 * @param level   exponentially weighted level (yhat)
 * @param hist    the last quantised values, 4 bits each, newest lowest
 * @param histLen how many of them are valid
 * @param contexts the contexts seen since the last fit
 * @param ring    the last {@code short_window} novelty values
 * @param ringPos the ring's next slot
 * @param ringSum their sum
 * @param mean    running mean of the short mean of novelty
 * @param var     its running variance
 * @param quiet   points left in the rest period
 * @param seen    finite points seen
 * @param errRing the last {@code short_window} prediction errors (empty with the error detector off)
 * @param errSum  their sum
 * @param errMean running mean of their short mean
 * @param errVar  its running variance
 * @param last    the last finite value, NaN before any
 * @param recent  the last {@code short_window} finite values at the positions of {@code ring}, NaN where none
 */
record ContextState(double lo, double hi, double min, double max, double level, long hist, int histLen,
        ContextSet contexts, double[] ring, int ringPos, double ringSum, double mean, double var,
        int quiet, long seen, double[] errRing, double errSum, double errMean, double errVar, double last,
        double[] recent) {
}
