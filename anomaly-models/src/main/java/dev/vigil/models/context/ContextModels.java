package dev.vigil.models.context;

import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelSpec;

/** {@code vigil_online}: factory. Stateless. */
public final class ContextModels {

    private ContextModels() {
    }

    /** {@code vigil_online}. */
    public static ModelSpec create(ModelArgs args) {
        return new ContextSpec(args);
    }
}
