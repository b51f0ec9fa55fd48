package dev.vigil.models.prophet;

import dev.vigil.models.prophet.ProphetOptions.Seasonality;
import java.util.List;

/**
 * The fitted state of a {@code prophet} model, beyond its spec (whose options give the holidays,
 * the uncertainty settings and the time zone). A value passed between a model and a stream: the
 * arrays are not copied.
 *
 * @param startMs       the first fit timestamp (epoch ms): scaled time 0
 * @param tScaleMs      the fit window's span in ms: scaled time 1
 * @param yScale        the scale of y ({@code max |y|})
 * @param changepointsT the changepoints, in scaled time
 * @param k             the base growth rate
 * @param m             the offset
 * @param delta         the rate changes at the changepoints
 * @param beta          the coefficients of the feature columns
 * @param sigma         the observation noise (scaled units)
 * @param seasonalities the seasonalities in effect, in column order (decided from the fit window)
 * @param historySize   the number of finite points fitted
 */
record ProphetState(long startMs, double tScaleMs, double yScale, double[] changepointsT, double k, double m,
        double[] delta, double[] beta, double sigma, List<Seasonality> seasonalities, int historySize) {
}
