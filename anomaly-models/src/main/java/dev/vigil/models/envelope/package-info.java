/**
 * {@code temporal_envelope} (vmanomaly's {@code model.online.TemporalEnvelopeModel}, v1.30): an online
 * univariate model of a robust level, additive calendar profiles in the civil time of a zone
 * (hour of day, day of week, part of week, month of year, special days) and persistent level
 * shifts, with a band from online quantiles of its own residuals. See {@link
 * dev.vigil.models.envelope.EnvelopeModels} for the arguments and {@code docs/models.md} for the maths.
 * {@code temporal_envelope_multivariate} ({@link dev.vigil.models.envelope.MultivariateEnvelopeModels}):
 * one such envelope per channel plus an online low-rank model of the channels' standardised
 * residuals, with one joint score per row.
 */
package dev.vigil.models.envelope;
