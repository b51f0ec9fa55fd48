package dev.vigil.models.holtwinters;

import dev.vigil.models.FittedModel;

/**
 * A fitted {@code holtwinters} model, what the specs of {@link HoltWintersModels} fit: the estimates
 * {@code describe()} prints, as numbers. Immutable and thread-safe.
 *
 * <pre>{@code
 * FittedHoltWinters f = (FittedHoltWinters) HoltWintersModels.builder().seasonalPeriods(24).build().fit(train);
 * double alpha = f.alpha();
 * }</pre>
 */
public interface FittedHoltWinters extends FittedModel {

    /** The smoothing level α ({@code smoothing_level}). */
    double alpha();

    /** The smoothing trend β ({@code smoothing_trend}); {@code NaN} without a trend. */
    double beta();

    /** The smoothing seasonal γ ({@code smoothing_seasonal}); {@code NaN} without a season. */
    double gamma();

    /** The damping φ ({@code damping_trend}); 1 when the trend is not damped (or absent). */
    double phi();

    /** The Box-Cox λ used; {@code NaN} without the transform. */
    double boxCoxLambda();

    /** The season length used, in grid points; 0 without a season. */
    int seasonalPeriods();

    /** The sum of squared in-sample one-step errors, original scale (statsmodels' {@code sse}). */
    double sse();

    /** The population standard deviation of the in-sample one-step errors, original scale (σ of the band). */
    double residStd();

    /** The grid step the fit window was resampled on, in ms. */
    long stepMillis();

    /** The number of grid points fitted. */
    int gridSize();

    /** The number of objective (SSE) evaluations the fit used. */
    int evaluations();
}
