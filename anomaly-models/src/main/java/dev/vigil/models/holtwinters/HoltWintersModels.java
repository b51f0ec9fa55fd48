package dev.vigil.models.holtwinters;

import dev.vigil.models.AutoPeriod;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelBuilder;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.StateCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code holtwinters}: the factory the registry holds (the vmanomaly-style map adapter), the typed
 * {@link #builder()}, which goes through the same factory, and the state codec. Its specs fit a
 * {@link FittedHoltWinters}, whose estimates can be read without parsing {@code describe()}. Stateless.
 */
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

    /** A builder of {@code holtwinters} specs. */
    public static Builder builder() {
        return new Builder();
    }

    /** A trend or seasonal component ({@code args.trend}, {@code args.seasonal}). */
    public enum Component {
        /** No such component. */
        NONE,
        /** Additive. */
        ADD,
        /** Multiplicative (the data must be strictly positive). */
        MUL
    }

    /** Where the search for the initial states starts ({@code args.initialization_method}). */
    public enum Initialization {
        /** The heuristic when the series is long enough, else a simple rule (the default). */
        ESTIMATED,
        /** Hyndman et al.'s heuristic (needs at least {@code 10 + 2 (m / 2)} points). */
        HEURISTIC,
        /** The given {@code initial_level}, {@code initial_trend} and {@code initial_seasonal}. */
        KNOWN
    }

    /** Typed arguments of {@code holtwinters}; statsmodels' options go under {@code args}. Not thread-safe. */
    public static final class Builder extends ModelBuilder<Builder> {

        private Builder() {
        }

        /** {@code z_threshold}: the band is {@code yhat ± z_threshold · σ_h}. */
        public Builder zThreshold(double z) {
            return arg("z_threshold", z);
        }

        /** {@code frequency}: the step of the grid the fit window is resampled on. */
        public Builder frequency(Duration step) {
            return arg("frequency", duration(step));
        }

        /** {@code seasonality}: the season length (a whole number of {@code frequency} steps). */
        public Builder seasonality(Duration season) {
            return arg("seasonality", duration(season));
        }

        /** {@code seasonality: auto}: the season is detected on the fit window. */
        public Builder autoSeasonality() {
            return arg("seasonality", AutoPeriod.AUTO);
        }

        /** {@code args.seasonal_periods}: the season length in grid points. */
        public Builder seasonalPeriods(int points) {
            return statsmodelsArg("seasonal_periods", points);
        }

        /** {@code args.trend}. */
        public Builder trend(Component trend) {
            return statsmodelsArg("trend", trend.name().toLowerCase(Locale.ROOT));
        }

        /** {@code args.damped_trend}: damp the trend by φ (needs a trend). */
        public Builder dampedTrend(boolean damped) {
            return statsmodelsArg("damped_trend", damped);
        }

        /** {@code args.seasonal} (default {@link Component#ADD}). */
        public Builder seasonal(Component seasonal) {
            return statsmodelsArg("seasonal", seasonal.name().toLowerCase(Locale.ROOT));
        }

        /** {@code args.initialization_method}. */
        public Builder initialization(Initialization method) {
            return statsmodelsArg("initialization_method", method.name().toLowerCase(Locale.ROOT));
        }

        /** {@code args.initial_level} (with {@link Initialization#KNOWN}). */
        public Builder initialLevel(double level) {
            return statsmodelsArg("initial_level", level);
        }

        /** {@code args.initial_trend} (with {@link Initialization#KNOWN} and a trend). */
        public Builder initialTrend(double trend) {
            return statsmodelsArg("initial_trend", trend);
        }

        /** {@code args.initial_seasonal}: one value per point of the season (with {@link Initialization#KNOWN}). */
        public Builder initialSeasonal(double... seasonal) {
            List<Double> values = new ArrayList<>(seasonal.length);
            for (double v : seasonal) {
                values.add(v);
            }
            return statsmodelsArg("initial_seasonal", List.copyOf(values));
        }

        /** {@code args.use_boxcox}: a Box-Cox transform with λ estimated by maximum likelihood, or none. */
        public Builder useBoxCox(boolean boxCox) {
            return statsmodelsArg("use_boxcox", boxCox);
        }

        /** {@code args.use_boxcox: λ}: a Box-Cox transform with this fixed λ (0 is the log). */
        public Builder boxCoxLambda(double lambda) {
            return statsmodelsArg("use_boxcox", lambda);
        }

        /** {@code args.smoothing_level}: a fixed α in [0, 1] instead of an estimated one. */
        public Builder smoothingLevel(double alpha) {
            return statsmodelsArg("smoothing_level", alpha);
        }

        /** {@code args.smoothing_trend}: a fixed β in [0, 1]. */
        public Builder smoothingTrend(double beta) {
            return statsmodelsArg("smoothing_trend", beta);
        }

        /** {@code args.smoothing_seasonal}: a fixed γ in [0, 1]. */
        public Builder smoothingSeasonal(double gamma) {
            return statsmodelsArg("smoothing_seasonal", gamma);
        }

        /** {@code args.damping_trend}: a fixed φ in [0, 1]. */
        public Builder dampingTrend(double phi) {
            return statsmodelsArg("damping_trend", phi);
        }

        /** Any other option of statsmodels' {@code ExponentialSmoothing} under {@code args}; {@code null} removes it. */
        public Builder statsmodelsArg(String name, Object value) {
            return nestedArg("args", name, value);
        }

        @Override
        protected String alias() {
            return "holtwinters";
        }

        @Override
        protected ModelFactory factory() {
            return HoltWintersModels::create;
        }
    }
}
