package dev.vigil.models.peer;

import dev.vigil.models.ArgDescriptor;
import dev.vigil.models.ArgDescriptor.Type;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.StateCodec;
import java.util.List;

/**
 * The registry's adapter of {@code peer_outlier}: its argument descriptors and factory. Stateless and
 * thread-safe.
 */
public final class PeerModels {

    /** The registry alias. */
    public static final String ALIAS = "peer_outlier";

    /** The arguments of {@code peer_outlier}, then the common ones (it has no {@code yhat}-free defaults). */
    public static final List<ArgDescriptor> ARGS = ArgDescriptor.withCommon(false,
            ArgDescriptor.optional("groupby", Type.STRING_LIST, List.of(),
                    "label names whose values form the peer groups (the series' identity labels stay out)"),
            ArgDescriptor.optional("min_peer_count", Type.INTEGER, PeerOutlierModel.DEFAULT_MIN_PEER_COUNT,
                    "finite peers a timestamp needs to be scored and learnt (at least 3)"),
            ArgDescriptor.optional("epsilon_quantile", Type.NUMBER, PeerOutlierModel.DEFAULT_EPSILON_QUANTILE,
                    "quantile of the residuals that sets each side's spread, in (0, 1)"),
            ArgDescriptor.optional("tolerance", Type.NUMBER, PeerOutlierModel.DEFAULT_TOLERANCE,
                    "band half-width in spreads"),
            ArgDescriptor.optional("decay", Type.NUMBER, 1.0, "forgetting factor in (0, 1] per timestamp"),
            ArgDescriptor.optional("args", Type.MAP, null, "must be empty: peer_outlier wraps no inner library"));

    private PeerModels() {
    }

    /** The state codec of {@value #ALIAS}'s groups (peers, offsets, spreads, counts). */
    public static StateCodec stateCodec() {
        return PeerStateCodec.INSTANCE;
    }

    /** The factory of {@value #ALIAS}. */
    public static ModelSpec create(ModelArgs args) {
        return new PeerSpec(args);
    }
}
