package dev.vigil.models.std;

import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ArgDescriptor.Type;
import dev.vigil.models.AutoPeriod;
import java.util.List;
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

    /**
     * {@code period} when absent (vmanomaly requires it): 24 points, a day of hourly data, two hours of
     * 5-minute data. The one-sided moving average that carries the level forward spans one period, so
     * a short period lets the expected value follow level shifts within hours, where a full day of
     * 1-minute or 5-minute points (1440, 288) lags a shift for a day and flags it all along; a longer
     * season can still be given, or detected with {@code period: auto}. Chosen on half A of NAB
     * (docs/quality.md): auto 18.3, 288 points 20.6, 48 points 49.4, 24 points 50.0.
     */
    public static final int DEFAULT_PERIOD = 24;

    /** {@code std}'s arguments (its own, the common ones): the registry accepts these keys. */
    public static final List<ArgDescriptor> ARGS = ArgDescriptor.withCommon(false,
            ArgDescriptor.optional("period", Type.INTEGER_OR_AUTO, DEFAULT_PERIOD,
                    "points per season (>= 2), also the trend's moving-average length; auto: detected per fit"),
            ArgDescriptor.optional("z_threshold", Type.NUMBER, DEFAULT_Z_THRESHOLD,
                    "the band is trend + season +- z_threshold * the residuals' standard deviation"),
            ArgDescriptor.optional("decomposition", Type.STRING, "classical", "classical (moving averages) or stl"),
            ArgDescriptor.optional("robust", Type.BOOLEAN, false, "robust STL fit (decomposition: stl only)"));

    private StdModels() {
    }

    /**
     * {@code std} ({@code model.std.StdModel}): args {@code period} (points per season,
     * whole number >= 2, {@value #DEFAULT_PERIOD} by default, or {@code auto}), {@code z_threshold} (2.5), {@code decomposition}
     * ({@code classical} or {@code stl}), {@code robust} (false; with {@code stl} only).
     */
    public static ModelSpec create(ModelArgs args) {
        return new StdSpec(args);
    }

    /** The state codec of {@code std} ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return StdStateCodec.INSTANCE;
    }

    /** A builder of {@code std} specs. */
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
