package dev.vigil.models.rollingquantile;

import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.StateCodec;

/** Factory of {@code rolling_quantile}, used by the registry. */
public final class RollingQuantileModels {

    private RollingQuantileModels() {
    }

    /**
     * {@code rolling_quantile} ({@code model.rolling_quantile.RollingQuantileModel}): args
     * {@code quantile} (required, in [0.5, 1]), {@code window_steps} (required, whole number >= 1),
     * {@code iqr_threshold} (0, >= 0).
     */
    public static ModelSpec create(ModelArgs args) {
        return new RollingQuantileSpec(args);
    }

    /** The state codec of {@code rolling_quantile} ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return RollingQuantileStateCodec.INSTANCE;
    }
}
