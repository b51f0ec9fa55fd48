/**
 * {@code holtwinters}: exponential smoothing (Holt 1957, Winters 1960; Hyndman et al. 2008) with
 * additive or multiplicative trend and season, optional damping and Box-Cox transform, estimated the
 * way statsmodels' {@code ExponentialSmoothing.fit()} does (minimum sum of squared one-step errors
 * under its bounds) so that forecasts agree. yhat is the forecast from the end of the fit window; the
 * band is {@code yhat ± z_threshold · σ} of the in-sample one-step errors. Offline model.
 */
package dev.vigil.models.holtwinters;
