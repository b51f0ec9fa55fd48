/** {@code vigil_online}: contextual novelty with an anomaly-likelihood post-processor. */
package dev.vigil.models.context;
