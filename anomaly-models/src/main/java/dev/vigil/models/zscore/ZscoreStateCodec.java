package dev.vigil.models.zscore;

import dev.vigil.core.stats.DecayedMoments;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateReader;
import dev.vigil.models.state.StateWriter;
import java.io.IOException;

/**
 * State codec of the offline z-score and {@code zscore_online}. Payload version 1: offline, mean and std
 * (raw doubles, 16 bytes); online, the decayed moments ({@link StateWriter#writeMoments}, 33 to 42
 * bytes). Stateless, thread-safe.
 */
final class ZscoreStateCodec implements StateCodec {

    static final ZscoreStateCodec INSTANCE = new ZscoreStateCodec();

    private ZscoreStateCodec() {
    }

    @Override
    public int version() {
        return 1;
    }

    /** The state of a fitted z-score model. */
    static ZscoreState toState(FittedModel model) throws ModelStateException {
        if (model instanceof ZscoreSpec.Offline m) {
            return m.state();
        }
        if (model instanceof ZscoreSpec.Online m) {
            return m.state();
        }
        throw new ModelStateException("model '" + model.spec().alias() + "' is not a z-score model: "
                + model.getClass().getName());
    }

    /** A model of {@code spec} in the given state. */
    static FittedModel toModel(ModelSpec spec, ZscoreState state) throws ModelStateException {
        if (!(spec instanceof ZscoreSpec s) || spec.isOnline() != state instanceof ZscoreState.Online) {
            throw new ModelStateException("model '" + spec.alias() + "': the state does not fit its spec");
        }
        if (state instanceof ZscoreState.Online o) {
            try {
                return new ZscoreSpec.Online(s, DecayedMoments.restore(o.moments()));
            } catch (IllegalArgumentException e) {
                throw new ModelStateException("the state of model '" + spec.alias() + "' is corrupt: " + e.getMessage());
            }
        }
        ZscoreState.Offline o = (ZscoreState.Offline) state;
        return new ZscoreSpec.Offline(s, o.mean(), o.std());
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        ZscoreState s = toState(model);
        if (s instanceof ZscoreState.Offline o) {
            out.writeDouble(o.mean());
            out.writeDouble(o.std());
        } else {
            out.writeMoments(((ZscoreState.Online) s).moments());
        }
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        ZscoreState s = spec.isOnline() ? new ZscoreState.Online(in.readMoments())
                : new ZscoreState.Offline(in.readDouble(), in.readDouble());
        return toModel(spec, s);
    }
}
