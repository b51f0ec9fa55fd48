package dev.vigil.models.zscore;

import java.util.List;
import dev.vigil.models.ArgDescriptor.Type;
import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.OnlineModelBuilder;
import dev.vigil.models.state.StateCodec;

/**
 * The z-score family: the factories the registry holds (the vmanomaly-style map adapter), the typed
 * {@link #builder()}, which goes through the same factories, and the state codec. Stateless.
 *
 * <p><b>The tail floor</b> of the band's scale: {@code q_0.995(|x - mean|) / 2.807} of the fit window
 * ({@link dev.vigil.core.stats.RobustStats#tailSigmaInPlace}). vmanomaly documents the band as
 * {@code mean ± z_threshold · std}; Vigil's is never narrower and equal on normal data, but on series
 * whose routine deviations are heavier-tailed than normal (latencies, bursty rates and counts) the
 * standard deviation underestimates their spread, and far more than the nominal share of routine points
 * used to score above 1. With the floor, at most about 0.5 % of the fit window's deviations lie beyond the
 * default band. Same level and reasoning as the MAD's floor ({@link dev.vigil.models.mad.MadModels}); on
 * NAB it lifts the z-scores from about 39.7 to about 50 (docs/quality.md).
 */
public final class ZscoreModels {

    /** vmanomaly's default {@code z_threshold}. */
    public static final double DEFAULT_Z_THRESHOLD = 2.5;

    /**
     * The registered name (and vmanomaly class path) of the offline z-score, deprecated since vmanomaly
     * v1.28.4: the alias {@code zscore} names {@code zscore_online} since then.
     */
    public static final String OFFLINE = "model.zscore.ZscoreModel";

    /** The offline z-score's arguments (its own, then the common ones): the registry accepts these keys. */
    public static final List<ArgDescriptor> OFFLINE_ARGS = ArgDescriptor.withCommon(false,
            ArgDescriptor.optional("z_threshold", Type.NUMBER, DEFAULT_Z_THRESHOLD,
                    "the band is mean +- z_threshold * max(standard deviation, 99.5th percentile of |x - mean| / 2.807)"));

    /** {@code zscore_online}'s arguments (its own, the common and the online ones). */
    public static final List<ArgDescriptor> ONLINE_ARGS = ArgDescriptor.withCommon(true,
            ArgDescriptor.optional("z_threshold", Type.NUMBER, DEFAULT_Z_THRESHOLD,
                    "the band is mean +- z_threshold * max(standard deviation, 99.5th percentile of |x - mean| / 2.807)"));

    private ZscoreModels() {
    }

    /**
     * The deprecated offline z-score ({@code model.zscore.ZscoreModel}, the alias {@code zscore} before
     * vmanomaly v1.28.4): args {@code z_threshold} (2.5).
     */
    public static ModelSpec offline(ModelArgs args) {
        return new ZscoreSpec(args, false);
    }

    /**
     * {@code zscore_online} ({@code model.online.OnlineZscoreModel}, also the alias {@code zscore}): args {@code z_threshold} (2.5),
     * {@code decay} (1), {@code min_n_samples_seen} (16), {@code history_strength} (1).
     */
    public static ModelSpec online(ModelArgs args) {
        return new ZscoreSpec(args, true);
    }

    /** The state codec of both z-score models ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return ZscoreStateCodec.INSTANCE;
    }

    /**
     * A builder of {@code zscore_online} specs (the deprecated offline {@value #OFFLINE} with
     * {@link Builder#online(boolean) online(false)}).
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Typed arguments of {@code zscore_online} and the offline z-score. Not thread-safe. */
    public static final class Builder extends OnlineModelBuilder<Builder> {
        private boolean online = true;

        private Builder() {
        }

        /**
         * {@code true} (the default): {@code zscore_online} (decayed running moments, updated on every
         * inference); {@code false}: the deprecated offline {@value ZscoreModels#OFFLINE}.
         */
        public Builder online(boolean online) {
            this.online = online;
            return this;
        }

        /** {@code z_threshold}: the band is {@code mean ± z_threshold · std}. */
        public Builder zThreshold(double z) {
            return arg("z_threshold", z);
        }

        @Override
        protected String alias() {
            return online ? "zscore_online" : OFFLINE;
        }

        @Override
        protected ModelFactory factory() {
            return online ? ZscoreModels::online : ZscoreModels::offline;
        }
    }
}
