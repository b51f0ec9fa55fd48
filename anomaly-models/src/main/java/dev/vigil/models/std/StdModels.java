package dev.vigil.models.std;

import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.StateCodec;

/** Factory of {@code std}, used by the registry. */
public final class StdModels {

    /** vmanomaly's default {@code z_threshold}. */
    public static final double DEFAULT_Z_THRESHOLD = 2.5;

    private StdModels() {
    }

    /**
     * {@code std} ({@code model.std.StdModel}): args {@code period} (required, points per season,
     * whole number >= 2), {@code z_threshold} (2.5).
     */
    public static ModelSpec create(ModelArgs args) {
        return new StdSpec(args);
    }

    /** The state codec of {@code std} ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return StdStateCodec.INSTANCE;
    }
}
