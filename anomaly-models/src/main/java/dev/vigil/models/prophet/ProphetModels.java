package dev.vigil.models.prophet;

import dev.vigil.models.ArgDescriptor.Type;
import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelBuilder;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.StateCodec;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code prophet} ({@code model.prophet.ProphetModel}): the factory the registry holds (the
 * vmanomaly-style map adapter), the typed {@link #builder()}, which goes through the same factory,
 * and the state codec. Stateless.
 */
public final class ProphetModels {

    /** {@code prophet}'s arguments (its own, nested {@code args.*}, then the common ones): the registry accepts these keys. */
    public static final List<ArgDescriptor> ARGS = ArgDescriptor.withCommon(false,
            ArgDescriptor.optional("args", Type.MAP, null, "Prophet's constructor options (the args.* below)"),
            ArgDescriptor.optional("args.interval_width", Type.NUMBER, 0.8,
                    "probability mass in (0, 1) of the yhat_lower..yhat_upper interval"),
            ArgDescriptor.optional("args.growth", Type.STRING, "linear", "trend: linear or flat"),
            ArgDescriptor.optional("args.changepoints", Type.STRING_LIST, null,
                    "dates of the trend's changepoints (instead of n_changepoints)"),
            ArgDescriptor.optional("args.n_changepoints", Type.INTEGER, 25, "number of potential trend changepoints"),
            ArgDescriptor.optional("args.changepoint_range", Type.NUMBER, 0.8,
                    "share in (0, 1] of the fit window where changepoints may fall"),
            ArgDescriptor.optional("args.changepoint_prior_scale", Type.NUMBER, 0.05,
                    "flexibility of the trend (Laplace prior scale of the changes)"),
            ArgDescriptor.optional("args.seasonality_mode", Type.STRING, "additive", "additive or multiplicative"),
            ArgDescriptor.optional("args.seasonality_prior_scale", Type.NUMBER, 10.0,
                    "prior scale of the seasonal Fourier coefficients"),
            ArgDescriptor.optional("args.holidays", Type.MAP_LIST, null,
                    "holiday rows {holiday, ds, lower_window, upper_window, prior_scale}"),
            ArgDescriptor.optional("args.holidays_prior_scale", Type.NUMBER, 10.0, "prior scale of holiday effects"),
            ArgDescriptor.optional("args.holidays_mode", Type.STRING, null,
                    "additive or multiplicative; default: seasonality_mode"),
            ArgDescriptor.optional("args.yearly_seasonality", Type.STRING, "auto", "auto, true, false or a Fourier order"),
            ArgDescriptor.optional("args.weekly_seasonality", Type.STRING, "auto", "auto, true, false or a Fourier order"),
            ArgDescriptor.optional("args.daily_seasonality", Type.STRING, "auto", "auto, true, false or a Fourier order"),
            ArgDescriptor.optional("args.mcmc_samples", Type.INTEGER, 0, "must be 0: only the MAP fit is supported"),
            ArgDescriptor.optional("args.uncertainty_samples", Type.INTEGER, 1000,
                    "trend simulations for the interval (0: no interval)"),
            ArgDescriptor.optional("args.seed", Type.INTEGER, 0, "seed of the interval's simulations"),
            ArgDescriptor.optional("args.scaling", Type.STRING, "absmax", "y scaling: absmax (the only one)"),
            ArgDescriptor.optional("args.stan_backend", Type.STRING, null, "accepted for compatibility, ignored"),
            ArgDescriptor.optional("seasonalities", Type.MAP_LIST, null,
                    "extra seasonalities {name, period, fourier_order, prior_scale, mode}"),
            ArgDescriptor.optional("tz_aware", Type.BOOLEAN, false, "add local-time seasonalities in tz"),
            ArgDescriptor.optional("tz", Type.STRING, "UTC", "IANA time zone of tz_seasonalities"),
            ArgDescriptor.optional("tz_seasonalities", Type.MAP_LIST, null,
                    "local-time seasonalities: minute, hod, dow, month or {name, fourier_order, prior_scale, mode}"),
            ArgDescriptor.optional("tz_use_cyclical_encoding", Type.BOOLEAN, false,
                    "encode local time with sine/cosine pairs"),
            ArgDescriptor.optional("forecast_at", Type.STRING_LIST, List.of(),
                    "horizons (e.g. 1h) at which to also write forecasts yhat_<h>"),
            ArgDescriptor.optional("compression", Type.MAP, null,
                    "downsample the fit data: {window (required), agg_method mean or median, adjust_boundaries}"));

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

    /** A builder of {@code prophet} specs. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Typed arguments of {@code prophet}: vmanomaly's top-level ones and, under {@code args}, the
     * common options of Prophet itself ({@link #prophetArg} for the others, such as {@code holidays}).
     * Not thread-safe.
     */
    public static final class Builder extends ModelBuilder<Builder> {

        private Builder() {
        }

        /** Adds an entry to {@code seasonalities}: a Fourier seasonality of {@code order} harmonics of a period in days. */
        public Builder seasonality(String name, double periodDays, int fourierOrder) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", name);
            s.put("period", periodDays);
            s.put("fourier_order", fourierOrder);
            return appendArg("seasonalities", Collections.unmodifiableMap(s));
        }

        /** {@code tz_aware} with {@code tz}: the seasonal and holiday features follow local time in {@code zone}. */
        public Builder timeZone(ZoneId zone) {
            arg("tz_aware", true);
            return arg("tz", zone.getId());
        }

        /** {@code tz_seasonalities} (needs {@link #timeZone}): {@code minute}, {@code hod}, {@code dow}, {@code month}. */
        public Builder tzSeasonalities(String... names) {
            return arg("tz_seasonalities", List.of(names));
        }

        /** {@code forecast_at}: per offset h, the extra series {@code yhat_{h}} and its band. */
        public Builder forecastAt(Duration... offsets) {
            List<String> out = new ArrayList<>(offsets.length);
            for (Duration d : offsets) {
                out.add(duration(d));
            }
            return arg("forecast_at", List.copyOf(out));
        }

        /**
         * {@code compression}: fit on one aggregate (mean, or median) per {@code window}; with
         * {@code adjustBoundaries} the band is re-estimated on the raw points.
         */
        public Builder compression(Duration window, boolean median, boolean adjustBoundaries) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("window", duration(window));
            c.put("agg_method", median ? "median" : "mean");
            c.put("adjust_boundaries", adjustBoundaries);
            return arg("compression", Collections.unmodifiableMap(c));
        }

        /** {@code args.growth: flat} (no trend) instead of {@code linear}. */
        public Builder flatGrowth(boolean flat) {
            return prophetArg("growth", flat ? "flat" : "linear");
        }

        /** {@code args.n_changepoints}: the number of automatic changepoints. */
        public Builder nChangepoints(int n) {
            return prophetArg("n_changepoints", n);
        }

        /** {@code args.changepoint_range}: the share of the history where automatic changepoints may fall. */
        public Builder changepointRange(double share) {
            return prophetArg("changepoint_range", share);
        }

        /** {@code args.changepoint_prior_scale}: the scale τ of the rate changes' Laplace prior. */
        public Builder changepointPriorScale(double tau) {
            return prophetArg("changepoint_prior_scale", tau);
        }

        /** {@code args.yearly_seasonality}: on (default order) or off; unset is {@code auto}. */
        public Builder yearlySeasonality(boolean on) {
            return prophetArg("yearly_seasonality", on);
        }

        /** {@code args.yearly_seasonality}: on with this Fourier order (0: off). */
        public Builder yearlySeasonality(int order) {
            return prophetArg("yearly_seasonality", order);
        }

        /** {@code args.weekly_seasonality}: on (default order) or off; unset is {@code auto}. */
        public Builder weeklySeasonality(boolean on) {
            return prophetArg("weekly_seasonality", on);
        }

        /** {@code args.weekly_seasonality}: on with this Fourier order (0: off). */
        public Builder weeklySeasonality(int order) {
            return prophetArg("weekly_seasonality", order);
        }

        /** {@code args.daily_seasonality}: on (default order) or off; unset is {@code auto}. */
        public Builder dailySeasonality(boolean on) {
            return prophetArg("daily_seasonality", on);
        }

        /** {@code args.daily_seasonality}: on with this Fourier order (0: off). */
        public Builder dailySeasonality(int order) {
            return prophetArg("daily_seasonality", order);
        }

        /** {@code args.seasonality_mode: multiplicative} instead of {@code additive}. */
        public Builder multiplicativeSeasonality(boolean multiplicative) {
            return prophetArg("seasonality_mode", multiplicative ? "multiplicative" : "additive");
        }

        /** {@code args.seasonality_prior_scale}: the default prior scale of the seasonalities. */
        public Builder seasonalityPriorScale(double scale) {
            return prophetArg("seasonality_prior_scale", scale);
        }

        /** {@code args.interval_width}: the width of the predictive interval, in (0, 1). */
        public Builder intervalWidth(double width) {
            return prophetArg("interval_width", width);
        }

        /** {@code args.uncertainty_samples}: simulated draws for the interval (0: no interval). */
        public Builder uncertaintySamples(int samples) {
            return prophetArg("uncertainty_samples", samples);
        }

        /** {@code args.seed}: the seed of the simulation. */
        public Builder seed(long seed) {
            return prophetArg("seed", seed);
        }

        /** Any other option of Prophet under {@code args} (e.g. {@code holidays}); {@code null} removes it. */
        public Builder prophetArg(String name, Object value) {
            return nestedArg("args", name, value);
        }

        @Override
        protected String alias() {
            return "prophet";
        }

        @Override
        protected ModelFactory factory() {
            return ProphetModels::spec;
        }
    }
}
