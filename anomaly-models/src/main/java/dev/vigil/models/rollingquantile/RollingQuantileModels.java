package dev.vigil.models.rollingquantile;

import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelBuilder;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.StateCodec;

/**
 * {@code rolling_quantile}: the factory the registry holds (the vmanomaly-style map adapter), the typed
 * {@link #builder()}, which goes through the same factory, and the state codec. Stateless.
 */
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

    /** A builder of {@code rolling_quantile} specs; {@code quantile} and {@code window_steps} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Typed arguments of {@code rolling_quantile}. Not thread-safe. */
    public static final class Builder extends ModelBuilder<Builder> {

        private Builder() {
        }

        /** {@code quantile} in [0.5, 1]: the band runs from the {@code 1 - q} to the {@code q} quantile of the window. */
        public Builder quantile(double q) {
            return arg("quantile", q);
        }

        /** {@code window_steps}: the window length, in points. */
        public Builder windowSteps(int steps) {
            return arg("window_steps", steps);
        }

        /** {@code iqr_threshold}: the band is widened by half this many interquartile ranges on each side. */
        public Builder iqrThreshold(double k) {
            return arg("iqr_threshold", k);
        }

        @Override
        protected String alias() {
            return "rolling_quantile";
        }

        @Override
        protected ModelFactory factory() {
            return RollingQuantileModels::create;
        }
    }
}
