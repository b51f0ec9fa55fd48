package dev.vigil.models.envelope;

import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ArgDescriptor.Type;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelBuilder;
import dev.vigil.models.ModelFactory;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.state.StateCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code temporal_envelope_multivariate}: the factory the registry holds, the typed
 * {@link #builder()} (through the same factory) and the state codec. Stateless.
 *
 * <p>Library use (the runner may not feed several series to one model yet):
 * <pre>{@code
 * MultivariateSpec spec = MultivariateEnvelopeModels.builder().dependencyRank(2).buildSpec();
 * OnlineMultivariateModel m = (OnlineMultivariateModel) spec.fit(timestamps, rows); // rows[i][c]
 * double[] joint = m.scoreAndUpdate(newTimestamps, newRows);                      // > 1: anomalous
 * }</pre>
 */
public final class MultivariateEnvelopeModels {

    /** The alias ({@code model.online.TemporalEnvelopeMultivariateModel}). */
    public static final String ALIAS = "temporal_envelope_multivariate";
    /** vmanomaly's default {@code dependency_rank}. */
    public static final int DEFAULT_DEPENDENCY_RANK = 8;
    /** vmanomaly's default {@code max_channels} (a hard limit). */
    public static final int DEFAULT_MAX_CHANNELS = 1000;
    /** vmanomaly's default {@code recommended_max_channels} (a warning beyond). */
    public static final int DEFAULT_RECOMMENDED_MAX_CHANNELS = 100;
    /** vmanomaly's default {@code random_state}. */
    public static final int DEFAULT_RANDOM_STATE = 42;

    /** The arguments: {@code temporal_envelope}'s, the cross-channel ones, then the common ones. */
    public static final List<ArgDescriptor> ARGS;

    static {
        List<ArgDescriptor> own = new ArrayList<>(Arrays.asList(EnvelopeModels.OWN));
        own.add(ArgDescriptor.optional("dependency_rank", Type.INTEGER, DEFAULT_DEPENDENCY_RANK,
                "rank of the learnt cross-channel structure (capped at channels - 1); 0 disables it"));
        own.add(ArgDescriptor.optional("score_aggregation", Type.STRING, "l2",
                "how channel and cross-channel scores combine beyond their bands: l2, max or mean"));
        own.add(ArgDescriptor.optional("max_channels", Type.INTEGER, DEFAULT_MAX_CHANNELS,
                "more channels than this are refused"));
        own.add(ArgDescriptor.optional("recommended_max_channels", Type.INTEGER, DEFAULT_RECOMMENDED_MAX_CHANNELS,
                "more channels than this log a warning"));
        own.add(ArgDescriptor.optional("random_state", Type.INTEGER, DEFAULT_RANDOM_STATE,
                "seed of the initial cross-channel basis"));
        ARGS = ArgDescriptor.withCommon(false, own.toArray(new ArgDescriptor[0]));
    }

    private MultivariateEnvelopeModels() {
    }

    /**
     * {@value #ALIAS}: the arguments of {@code temporal_envelope} ({@link EnvelopeModels#create}), which
     * every channel's envelope uses, and {@code dependency_rank} (8; 0 disables the cross-channel
     * score), {@code score_aggregation} ({@code l2}, {@code max} or {@code mean}), {@code max_channels}
     * (1000), {@code recommended_max_channels} (100) and {@code random_state} (42).
     */
    public static MultivariateSpec create(ModelArgs args) {
        return new MultivariateEnvelopeSpec(args);
    }

    /** The state codec ({@code docs/model-state.md}). */
    public static StateCodec stateCodec() {
        return MultivariateEnvelopeStateCodec.INSTANCE;
    }

    /** A builder of {@value #ALIAS} specs. */
    public static Builder builder() {
        return new Builder();
    }

    /** Typed arguments of {@value #ALIAS}; {@link #envelope} sets {@code temporal_envelope}'s. Not thread-safe. */
    public static final class Builder extends ModelBuilder<Builder> {

        private Builder() {
        }

        /** {@code dependency_rank}: the rank of the cross-channel structure; 0 disables it. */
        public Builder dependencyRank(int rank) {
            return arg("dependency_rank", rank);
        }

        /** {@code score_aggregation}: {@code l2}, {@code max} or {@code mean}. */
        public Builder scoreAggregation(String aggregation) {
            return arg("score_aggregation", aggregation);
        }

        /** {@code max_channels}: more channels are refused. */
        public Builder maxChannels(int channels) {
            return arg("max_channels", channels);
        }

        /** {@code recommended_max_channels}: more channels log a warning. */
        public Builder recommendedMaxChannels(int channels) {
            return arg("recommended_max_channels", channels);
        }

        /** {@code random_state}: the seed of the initial cross-channel basis. */
        public Builder randomState(int seed) {
            return arg("random_state", seed);
        }

        /** Any argument of {@code temporal_envelope} ({@code alpha}, {@code seasonalities}...). */
        public Builder envelope(String name, Object value) {
            return arg(name, value);
        }

        /** Builds the spec as a {@link MultivariateSpec}. */
        public MultivariateSpec buildSpec() {
            return (MultivariateSpec) build();
        }

        @Override
        protected String alias() {
            return ALIAS;
        }

        @Override
        protected ModelFactory factory() {
            return MultivariateEnvelopeModels::create;
        }
    }
}
