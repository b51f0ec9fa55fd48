package dev.vigil.models.quantile;

import dev.vigil.core.stats.StreamingQuantiles;
import dev.vigil.models.ArgDescriptor.Type;
import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.OnlineModelBuilder;
import dev.vigil.models.state.StateCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * {@code quantile_online}: the factory the registry holds (the vmanomaly-style map adapter), the typed
 * {@link #builder()}, which goes through the same factory, and the state codec. Stateless.
 */
public final class QuantileModels {

    /** {@code quantile_online}'s arguments (its own, the common and the online ones): the registry accepts these keys. */
    public static final List<ArgDescriptor> ARGS = ArgDescriptor.withCommon(true,
            ArgDescriptor.optional("quantiles", Type.NUMBER_LIST, List.of(0.01, 0.5, 0.99),
                    "three increasing quantiles in (0, 1): yhat_lower, yhat, yhat_upper"),
            ArgDescriptor.optional("iqr_threshold", Type.NUMBER, 0.0,
                    "widens both bounds by this many inter-quartile ranges (0: off)"),
            ArgDescriptor.optional("seasonal_interval", Type.DURATION, null,
                    "season length (e.g. 7d): quantiles per sub-season bucket; absent: one global set"),
            ArgDescriptor.optional("min_subseason", Type.DURATION, null,
                    "bucket length (e.g. 1h), dividing seasonal_interval; alone: the season is detected"),
            ArgDescriptor.optional("use_transform", Type.BOOLEAN, false,
                    "estimate quantiles of sign(x) log1p(|x|) (heavy-tailed data)"),
            ArgDescriptor.optional("global_smoothing", Type.NUMBER, 0.0,
                    "share in [0, 1] of the global quantiles blended into each bucket's"),
            ArgDescriptor.optional("tz", Type.STRING, "UTC", "IANA time zone of the season buckets"),
            ArgDescriptor.optional("season_starts_from", Type.STRING, "1970-01-01",
                    "timestamp where the first season starts"),
            ArgDescriptor.optional("compression", Type.NUMBER, StreamingQuantiles.DEFAULT_COMPRESSION,
                    "t-digest compression in [10, 10000]"));

    private QuantileModels() {
    }

    /**
     * {@code quantile_online} ({@code model.online.OnlineQuantileModel}): args {@code quantiles}
     * ([0.01, 0.5, 0.99]), {@code iqr_threshold} (0), {@code seasonal_interval} (none),
     * {@code min_subseason} (none), {@code use_transform} (false), {@code global_smoothing} (0),
     * {@code season_starts_from} (1970-01-01), {@code tz} (UTC: the zone whose wall-clock time the
     * seasons follow; the runner passes the reader query's), {@code compression} (100), {@code decay} (1),
     * {@code min_n_samples_seen} (16), {@code history_strength} (1).
     */
    public static ModelSpec create(ModelArgs args) {
        return new QuantileSpec(args);
    }

    /** The state codec of {@code quantile_online} ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return QuantileStateCodec.INSTANCE;
    }

    /** A builder of {@code quantile_online} specs. */
    public static Builder builder() {
        return new Builder();
    }

    /** Typed arguments of {@code quantile_online}. Not thread-safe. */
    public static final class Builder extends OnlineModelBuilder<Builder> {

        private Builder() {
        }

        /** {@code quantiles}: the lower bound, yhat and the upper bound, three increasing probabilities in (0, 1). */
        public Builder quantiles(double lower, double median, double upper) {
            return arg("quantiles", List.of(lower, median, upper));
        }

        /** {@code iqr_threshold}: the band is widened by this many interquartile ranges on each side. */
        public Builder iqrThreshold(double k) {
            return arg("iqr_threshold", k);
        }

        /** {@code seasonal_interval}: the season whose sub-seasons get their own quantiles (with {@link #minSubseason}). */
        public Builder seasonalInterval(Duration interval) {
            return arg("seasonal_interval", duration(interval));
        }

        /** {@code seasonal_interval} as text: a duration such as {@code 7d}, or {@code auto} to detect the season. */
        public Builder seasonalInterval(String interval) {
            return arg("seasonal_interval", interval);
        }

        /** {@code min_subseason}: the length of one bucket of the seasonal interval. */
        public Builder minSubseason(Duration subseason) {
            return arg("min_subseason", duration(subseason));
        }

        /** {@code use_transform}: fit the quantiles on {@code sign(x)·log1p(|x|)}. */
        public Builder useTransform(boolean transform) {
            return arg("use_transform", transform);
        }

        /** {@code global_smoothing} in [0, 1]: the weight of the global quantiles blended into each bucket's. */
        public Builder globalSmoothing(double g) {
            return arg("global_smoothing", g);
        }

        /** {@code season_starts_from}: the instant bucket 0 of every season starts at. */
        public Builder seasonStartsFrom(Instant start) {
            return arg("season_starts_from", start.toString());
        }

        /** {@code season_starts_from} as a wall-clock time in {@link #timeZone} (text such as {@code 2024-01-01T00:00}). */
        public Builder seasonStartsFrom(String start) {
            return arg("season_starts_from", start);
        }

        /** {@code tz}: the zone whose wall-clock time the seasons follow (UTC by default). */
        public Builder timeZone(ZoneId zone) {
            return arg("tz", zone.getId());
        }

        /** {@code compression}: the t-digests' compression δ, in [10, 10000]. */
        public Builder compression(double compression) {
            return arg("compression", compression);
        }

        @Override
        protected String alias() {
            return "quantile_online";
        }

        @Override
        protected ModelFactory factory() {
            return QuantileModels::create;
        }
    }
}
