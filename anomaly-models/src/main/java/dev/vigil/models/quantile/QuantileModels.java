package dev.vigil.models.quantile;

import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.StateCodec;

/** Factory of {@code quantile_online}, used by the registry. */
public final class QuantileModels {

    private QuantileModels() {
    }

    /**
     * {@code quantile_online} ({@code model.online.OnlineQuantileModel}): args {@code quantiles}
     * ([0.01, 0.5, 0.99]), {@code iqr_threshold} (0), {@code seasonal_interval} (none),
     * {@code min_subseason} (none), {@code use_transform} (false), {@code global_smoothing} (0),
     * {@code season_starts_from} (1970-01-01), {@code compression} (100), {@code decay} (1),
     * {@code min_n_samples_seen} (16), {@code history_strength} (1).
     */
    public static ModelSpec create(ModelArgs args) {
        return new QuantileSpec(args);
    }

    /** The state codec of {@code quantile_online} ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return QuantileStateCodec.INSTANCE;
    }
}
