package dev.vigil.models.std;

import dev.vigil.models.AutoPeriod;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelBuilder;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.StateCodec;

/**
 * {@code std}: the factory the registry holds (the vmanomaly-style map adapter), the typed
 * {@link #builder()}, which goes through the same factory, and the state codec. Stateless.
 */
public final class StdModels {

    /** vmanomaly's default {@code z_threshold}. */
    public static final double DEFAULT_Z_THRESHOLD = 2.5;

    private StdModels() {
    }

    /**
     * {@code std} ({@code model.std.StdModel}): args {@code period} (required, points per season,
     * whole number >= 2, or {@code auto}), {@code z_threshold} (2.5), {@code decomposition}
     * ({@code classical} or {@code stl}), {@code robust} (false; with {@code stl} only).
     */
    public static ModelSpec create(ModelArgs args) {
        return new StdSpec(args);
    }

    /** The state codec of {@code std} ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return StdStateCodec.INSTANCE;
    }

    /** A builder of {@code std} specs; {@code period} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Typed arguments of {@code std}. Not thread-safe. */
    public static final class Builder extends ModelBuilder<Builder> {

        private Builder() {
        }

        /** {@code period}: the number of points per season. */
        public Builder period(int points) {
            return arg("period", points);
        }

        /** {@code period: auto}: the season is detected on the fit window. */
        public Builder autoPeriod() {
            return arg("period", AutoPeriod.AUTO);
        }

        /** {@code z_threshold}: the band is {@code yhat ± z_threshold} residual standard deviations. */
        public Builder zThreshold(double z) {
            return arg("z_threshold", z);
        }

        /**
         * {@code decomposition: stl} (and {@code robust}): the fit window is decomposed by STL instead of
         * moving averages; robust STL down-weights its outliers.
         */
        public Builder stl(boolean robust) {
            arg("decomposition", "stl");
            return arg("robust", robust);
        }

        @Override
        protected String alias() {
            return "std";
        }

        @Override
        protected ModelFactory factory() {
            return StdModels::create;
        }
    }
}
