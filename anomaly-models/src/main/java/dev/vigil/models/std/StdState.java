package dev.vigil.models.std;

/**
 * The fitted state of a {@code std} model, beyond its spec: its rolling decomposition, field for
 * field (running sums included, so that later updates round exactly as the original's). A value
 * passed between a model and a stream: the arrays are not copied.
 *
 * @param p           the period in use
 * @param step        the sampling interval in ms
 * @param last        ring of the last L values (the trend filter's window)
 * @param lastHead    the oldest slot of {@code last}
 * @param lastSum     running sum of {@code last}
 * @param sinceResum  updates since {@code lastSum} was re-summed
 * @param trend       the latest trend value
 * @param cap         detrended values kept per phase
 * @param det         per phase a ring of {@code cap} detrended values (phase-major)
 * @param detHead     per phase the oldest slot of its ring
 * @param detCount    per phase the values in its ring
 * @param detSum      per phase the running sum of its ring
 * @param profileSum  running sum of the per-phase means
 * @param res         ring of residuals
 * @param resHead     the oldest slot of {@code res}
 * @param resCount    residuals in the ring
 * @param resSum      running sum of the residuals
 * @param resSq       running sum of their squares
 * @param sinceResSum updates since the residual sums were re-summed
 * @param tLast       timestamp of the latest point
 * @param phaseLast   phase of the latest point
 * @param seen        finite points learnt
 */
record StdState(int p, long step, double[] last, int lastHead, double lastSum, int sinceResum, double trend, int cap,
        double[] det, int[] detHead, int[] detCount, double[] detSum, double profileSum, double[] res, int resHead,
        int resCount, double resSum, double resSq, int sinceResSum, long tLast, int phaseLast, long seen) {
}
