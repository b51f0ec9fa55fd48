package dev.vigil.models.rollingquantile;

import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ArgDescriptor.Type;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelBuilder;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.StateCodec;
import java.util.List;

/**
 * {@code rolling_quantile}: the factory the registry holds (the vmanomaly-style map adapter), the typed
 * {@link #builder()}, which goes through the same factory, and the state codec. Stateless.
 */
public final class RollingQuantileModels {

    /**
     * {@code quantile} when absent (vmanomaly requires it): the upper bound is the value that 1 point
     * in 1,000 of the window exceeds, so that on data like the recent past the band flags about one
     * point a day at 1-minute resolution (0.99 would flag 14 a day, each a false alarm on normal data).
     */
    public static final double DEFAULT_QUANTILE = 0.999;

    /**
     * {@code window_steps} when absent (vmanomaly requires it): {@code 2 / (1 - quantile)} points of the
     * default quantile, so that the quantile is interpolated between observed tail points (at least
     * two beyond it on average) rather than being the window's maximum.
     */
    public static final int DEFAULT_WINDOW_STEPS = 2000;

    /** {@code rolling_quantile}'s arguments (its own, the common ones): the registry accepts these keys. */
    public static final List<ArgDescriptor> ARGS = ArgDescriptor.withCommon(false,
            ArgDescriptor.optional("quantile", Type.NUMBER, DEFAULT_QUANTILE,
                    "in [0.5, 1]: the band runs from the 1 - quantile to the quantile of the window"),
            ArgDescriptor.optional("window_steps", Type.INTEGER, DEFAULT_WINDOW_STEPS,
                    "the window length, in points (the last points before the one scored)"),
            ArgDescriptor.optional("iqr_threshold", Type.NUMBER, 0.0,
                    "widens each bound by half this many inter-quartile ranges (0: off)"));

    private RollingQuantileModels() {
    }

    /**
     * {@code rolling_quantile} ({@code model.rolling_quantile.RollingQuantileModel}): args
     * {@code quantile} (in [0.5, 1], {@value #DEFAULT_QUANTILE}), {@code window_steps} (whole number >= 1,
     * {@value #DEFAULT_WINDOW_STEPS}),
     * {@code iqr_threshold} (0, >= 0).
     */
    public static ModelSpec create(ModelArgs args) {
        return new RollingQuantileSpec(args);
    }

    /** The state codec of {@code rolling_quantile} ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return RollingQuantileStateCodec.INSTANCE;
    }

    /** A builder of {@code rolling_quantile} specs. */
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
