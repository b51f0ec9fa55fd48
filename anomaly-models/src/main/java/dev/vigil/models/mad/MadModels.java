package dev.vigil.models.mad;

import dev.vigil.core.stats.RobustStats;
import dev.vigil.core.stats.StreamingQuantiles;
import java.util.List;
import dev.vigil.models.ArgDescriptor.Type;
import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.OnlineModelBuilder;
import dev.vigil.models.state.StateCodec;

/**
 * The median/MAD family: the factories the registry holds (the vmanomaly-style map adapter), the typed
 * {@link #builder()}, which goes through the same factories, and the state codec. Stateless.
 *
 * <p><b>The tail floor</b>, the third estimate of sigma: {@code q_0.995(|x - median|) / Φ⁻¹(0.9975)}
 * ({@link RobustStats#TAIL_QUANTILE}, {@link RobustStats#TAIL_TO_SIGMA}). On normal data it agrees with
 * the other two; when the routine deviations are heavier-tailed than normal (latencies, bursty request
 * rates, counts with regular bursts), the MAD measures only the bulk, and 5-10 % of normal points used to
 * fall outside the band. With this floor at most about 0.5 % of the fit window's deviations exceed the
 * default band (2.5 σ̂ ≈ 0.89 of their 99.5th percentile), whatever the shape of their distribution;
 * outliers in less than 0.5 % of the fit window (100 minutes of 14 days) do not set it. Chosen on half of
 * NAB among 0.95, 0.98, 0.99 and 0.995 (docs/quality.md): it lifts the MAD models from 21 to about 49 on
 * the whole corpus.
 */
public final class MadModels {

    /** vmanomaly's default {@code threshold}. */
    public static final double DEFAULT_THRESHOLD = 2.5;

    /**
     * The registered name (and vmanomaly class path) of the offline MAD, deprecated since vmanomaly
     * v1.28.4: the alias {@code mad} names {@code mad_online} since then.
     */
    public static final String OFFLINE = "model.mad.MADModel";

    /**
     * The MAD consistency constant {@code 1 / Φ⁻¹(3/4) ≈ 1.4826}: with it, {@code 1.4826 · MAD}
     * estimates the standard deviation of normal data, so {@code threshold} reads like a z-score
     * threshold (2.5 ≈ 98.8 % two-sided coverage for normal noise). vmanomaly does not document
     * its constant; without one, the default band would cover only ±1.69 σ, which flags about 9 % of
     * normal points.
     */
    public static final double MAD_TO_SIGMA = 1.482602218505602;

    /**
     * {@code sqrt(pi/2) ≈ 1.2533}: {@code 1.2533 · E|x - median|} estimates the standard deviation of
     * normal data, as {@code 1.4826 · MAD} does. The scale is the larger of the two. On normal data
     * they agree; when more than half of the values sit on one level (integer counts, idle periods,
     * step-like or status metrics), the MAD measures only that level's noise (0 for an exact level, the
     * convention of robust z-scores then switching to the mean absolute deviation: Iglewicz and Hoaglin
     * 1993, "How to Detect and Handle Outliers"), and every value of the other levels would score 10^3 to
     * 10^6. The mean absolute deviation gives such a series a band that spans its routine levels while
     * staying far less sensitive to the spikes themselves than the standard deviation (it grows
     * linearly, not quadratically, with them). On NAB (docs/quality.md) it lifts the MAD models from 1.32
     * to 21.2; the tail floor (the class comment) does the rest.
     */
    public static final double MEAN_AD_TO_SIGMA = 1.2533141373155003;

    /**
     * The narrowest half-band, relative to {@code max(1, |median|)} and before {@code threshold}:
     * it only matters for (nearly) constant data, where MAD and mean absolute deviation are 0
     * (vmanomaly v1.29.6 behaviour: a small deterministic interval for constant series).
     */
    public static final double MIN_RELATIVE_SPREAD = 1e-6;

    /** The offline MAD's arguments (its own, then the common ones): the registry accepts these keys. */
    public static final List<ArgDescriptor> OFFLINE_ARGS = ArgDescriptor.withCommon(false,
            ArgDescriptor.optional("threshold", Type.NUMBER, DEFAULT_THRESHOLD,
                    "the band is median +- threshold * sigma, sigma = max(1.4826 MAD, 1.2533 mean |x - median|,"
                            + " 99.5th percentile of |x - median| / 2.807)"));

    /** {@code mad_online}'s arguments (its own, the common and the online ones). */
    public static final List<ArgDescriptor> ONLINE_ARGS = ArgDescriptor.withCommon(true,
            ArgDescriptor.optional("threshold", Type.NUMBER, DEFAULT_THRESHOLD,
                    "the band is median +- threshold * sigma, sigma = max(1.4826 MAD, 1.2533 mean |x - median|,"
                            + " 99.5th percentile of |x - median| / 2.807)"),
            ArgDescriptor.optional("compression", Type.NUMBER, StreamingQuantiles.DEFAULT_COMPRESSION,
                    "t-digest compression in [10, 10000]: more is more accurate and larger"));

    private MadModels() {
    }

    /**
     * The deprecated offline MAD ({@code model.mad.MADModel}, the alias {@code mad} before vmanomaly
     * v1.28.4): arg {@code threshold} (2.5).
     */
    public static ModelSpec offline(ModelArgs args) {
        return new MadSpec(args, false);
    }

    /**
     * {@code mad_online} ({@code model.online.OnlineMADModel}, also the alias {@code mad}): args {@code threshold} (2.5),
     * {@code compression} (100), {@code decay} (1), {@code min_n_samples_seen} (16),
     * {@code history_strength} (1).
     */
    public static ModelSpec online(ModelArgs args) {
        return new MadSpec(args, true);
    }

    /** The state codec of both median/MAD models ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return MadStateCodec.INSTANCE;
    }

    /**
     * A builder of {@code mad_online} specs (the deprecated offline {@value #OFFLINE} with
     * {@link Builder#online(boolean) online(false)}).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Typed arguments of {@code mad_online} and the offline MAD. Not thread-safe. */
    public static final class Builder extends OnlineModelBuilder<Builder> {
        private boolean online = true;

        private Builder() {
        }

        /**
         * {@code true} (the default): {@code mad_online} (t-digest estimates, updated on every inference);
         * {@code false}: the deprecated offline {@value MadModels#OFFLINE}.
         */
        public Builder online(boolean online) {
            this.online = online;
            return this;
        }

        /** {@code threshold}: the band is {@code median ± threshold · σ̂}, σ̂ from the MAD with the floors of {@link MadModels}. */
        public Builder threshold(double threshold) {
            return arg("threshold", threshold);
        }

        /** {@code compression} (online only): the t-digests' compression δ, in [10, 10000]. */
        public Builder compression(double compression) {
            return arg("compression", compression);
        }

        @Override
        protected String alias() {
            return online ? "mad_online" : OFFLINE;
        }

        @Override
        protected ModelFactory factory() {
            return online ? MadModels::online : MadModels::offline;
        }
    }
}
