package dev.vigil.models.holtwinters;

import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.StateCodec;

/** Factory of {@code holtwinters}, used by the registry. */
public final class HoltWintersModels {

    /** vmanomaly's default {@code z_threshold}. */
    public static final double DEFAULT_Z_THRESHOLD = 2.5;

    private HoltWintersModels() {
    }

    /**
     * {@code holtwinters} ({@code model.holtwinters.HoltWinters}): args {@code frequency} (default: the
     * median sampling interval of the fit data), {@code seasonality} (a duration or {@code auto}),
     * {@code z_threshold} (2.5) and {@code args}, statsmodels' {@code ExponentialSmoothing} options:
     * {@code trend}, {@code damped_trend}, {@code seasonal} (add), {@code seasonal_periods} (or
     * {@code auto}), {@code initialization_method} (estimated, heuristic, known with
     * {@code initial_level}, {@code initial_trend}, {@code initial_seasonal}), {@code use_boxcox}
     * (true, false, log or λ) and fixed {@code smoothing_level}, {@code smoothing_trend},
     * {@code smoothing_seasonal}, {@code damping_trend}.
     */
    public static ModelSpec create(ModelArgs args) {
        return new HoltWintersSpec(args);
    }

    /** The state codec of {@code holtwinters} ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return HoltWintersStateCodec.INSTANCE;
    }
}
