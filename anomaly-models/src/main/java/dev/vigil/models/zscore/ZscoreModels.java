package dev.vigil.models.zscore;

import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.StateCodec;

/** Factories of the z-score family, used by the registry. */
public final class ZscoreModels {

    /** vmanomaly's default {@code z_threshold}. */
    public static final double DEFAULT_Z_THRESHOLD = 2.5;

    private ZscoreModels() {
    }

    /** {@code zscore} ({@code model.zscore.ZscoreModel}): args {@code z_threshold} (2.5). */
    public static ModelSpec offline(ModelArgs args) {
        return new ZscoreSpec(args, false);
    }

    /**
     * {@code zscore_online} ({@code model.online.OnlineZscoreModel}): args {@code z_threshold} (2.5),
     * {@code decay} (1), {@code min_n_samples_seen} (16), {@code history_strength} (1).
     */
    public static ModelSpec online(ModelArgs args) {
        return new ZscoreSpec(args, true);
    }

    /** The state codec of both z-score models ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return ZscoreStateCodec.INSTANCE;
    }
}
