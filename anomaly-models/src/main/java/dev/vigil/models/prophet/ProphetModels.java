package dev.vigil.models.prophet;

import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.StateCodec;

/** Factory of {@code prophet} ({@code model.prophet.ProphetModel}), used by the registry. */
public final class ProphetModels {

    private ProphetModels() {
    }

    /**
     * {@code prophet}: Prophet's additive model fitted by MAP. Top-level args {@code seasonalities},
     * {@code provide_series} and the common business args; Prophet's own options under {@code args}
     * (see docs/models.md, "Prophet").
     */
    public static ModelSpec spec(ModelArgs args) {
        return ProphetSpec.create(args);
    }

    /** The state codec of {@code prophet} ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return ProphetStateCodec.INSTANCE;
    }
}
