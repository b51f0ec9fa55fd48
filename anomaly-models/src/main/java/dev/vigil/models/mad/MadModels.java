package dev.vigil.models.mad;

import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelSpec;

/** Factories of the median/MAD family, used by the registry. */
public final class MadModels {

    /** vmanomaly's default {@code threshold}. */
    public static final double DEFAULT_THRESHOLD = 2.5;

    /**
     * The MAD consistency constant {@code 1 / Φ⁻¹(3/4) ≈ 1.4826}: with it, {@code 1.4826 · MAD}
     * estimates the standard deviation of normal data, so {@code threshold} reads like a z-score
     * threshold (2.5 ≈ 98.8 % two-sided coverage for normal noise). vmanomaly does not document
     * its constant; without one, the default band would cover only ±1.69 σ, which flags about 9 % of
     * normal points.
     */
    public static final double MAD_TO_SIGMA = 1.482602218505602;

    /**
     * The narrowest half-band, relative to {@code max(1, |median|)} and before {@code threshold}:
     * it only matters for (nearly) constant data, where MAD is 0 (vmanomaly v1.29.6 behaviour).
     */
    public static final double MIN_RELATIVE_SPREAD = 1e-6;

    private MadModels() {
    }

    /** {@code mad} ({@code model.mad.MADModel}): arg {@code threshold} (2.5). */
    public static ModelSpec offline(ModelArgs args) {
        return new MadSpec(args, false);
    }

    /**
     * {@code mad_online} ({@code model.online.OnlineMADModel}): args {@code threshold} (2.5),
     * {@code compression} (100), {@code decay} (1), {@code min_n_samples_seen} (16),
     * {@code history_strength} (1).
     */
    public static ModelSpec online(ModelArgs args) {
        return new MadSpec(args, true);
    }
}
