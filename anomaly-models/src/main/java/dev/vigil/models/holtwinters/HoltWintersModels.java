package dev.vigil.models.holtwinters;

import dev.vigil.models.ArgDescriptor.Type;
import dev.vigil.models.ArgDescriptor;
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

    /**
     * {@code seasonality} when absent: detected on each fit window ({@link AutoPeriod}), so that the
     * defaults fit daily, weekly or no season without the user knowing the data; vmanomaly requires it.
     */
    public static final String DEFAULT_SEASONALITY = AutoPeriod.AUTO;

    /** {@code holtwinters}' arguments (its own, nested {@code args.*}, then the common ones): the registry accepts these keys. */
    public static final List<ArgDescriptor> ARGS = ArgDescriptor.withCommon(false,
            ArgDescriptor.optional("z_threshold", Type.NUMBER, DEFAULT_Z_THRESHOLD,
                    "the band is forecast +- z_threshold * the forecast's standard error at its horizon"),
            ArgDescriptor.optional("frequency", Type.DURATION, null,
                    "sampling interval the data is resampled to; default: the fit data's median interval"),
            ArgDescriptor.optional("seasonality", Type.DURATION_OR_AUTO, DEFAULT_SEASONALITY,
                    "season length (e.g. 1d), or auto: detected on each fit window (none when no season)"),
            ArgDescriptor.optional("args", Type.MAP, null, "statsmodels ExponentialSmoothing options (the args.* below)"),
            ArgDescriptor.optional("args.trend", Type.STRING, "none", "trend component: none, add or mul"),
            ArgDescriptor.optional("args.damped_trend", Type.BOOLEAN, false, "damp the trend (needs a trend)"),
            ArgDescriptor.optional("args.seasonal", Type.STRING, "add", "seasonal component: add, mul or none"),
            ArgDescriptor.optional("args.seasonal_periods", Type.INTEGER_OR_AUTO, null,
                    "points per season (or auto); default: seasonality / frequency"),
            ArgDescriptor.optional("args.initialization_method", Type.STRING, "estimated",
                    "estimated, heuristic or known (with initial_level, initial_trend, initial_seasonal)"),
            ArgDescriptor.optional("args.initial_level", Type.NUMBER, null, "the level, with known initialisation"),
            ArgDescriptor.optional("args.initial_trend", Type.NUMBER, null, "the trend, with known initialisation"),
            ArgDescriptor.optional("args.initial_seasonal", Type.NUMBER_LIST, null,
                    "one season of seasonal terms, with known initialisation"),
            ArgDescriptor.optional("args.use_boxcox", Type.STRING, false,
                    "Box-Cox transform: false, true (lambda estimated), log or a lambda"),
            ArgDescriptor.optional("args.smoothing_level", Type.NUMBER, null, "fixed alpha in [0, 1]; default: fitted"),
            ArgDescriptor.optional("args.smoothing_trend", Type.NUMBER, null, "fixed beta in [0, 1]; default: fitted"),
            ArgDescriptor.optional("args.smoothing_seasonal", Type.NUMBER, null, "fixed gamma in [0, 1]; default: fitted"),
            ArgDescriptor.optional("args.damping_trend", Type.NUMBER, null, "fixed phi in [0, 1]; default: fitted"));

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
