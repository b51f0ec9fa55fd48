/**
 * {@code prophet}: a reimplementation of Prophet (Taylor and Letham, "Forecasting at scale", 2018)
 * with the same model, scaling, priors, changepoint placement, seasonality rules and simulated
 * predictive intervals, fitted by an exact MAP solver instead of Stan. See
 * {@link dev.vigil.models.prophet.ProphetModels} and docs/models.md.
 */
package dev.vigil.models.prophet;
