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
 * State codec of the offline z-score and {@code zscore_online}. Payload version 2: offline, mean, std and the
 * tail estimate of σ (raw doubles, 24 bytes); online, the decayed moments ({@link StateWriter#writeMoments}, 33
 * to 42 bytes), then the tail estimate (raw double). Version 1, without the tail, is still read: the model
 * then has no tail floor until its next fit. Stateless, thread-safe.
 */
final class ZscoreStateCodec implements StateCodec {

    static final ZscoreStateCodec INSTANCE = new ZscoreStateCodec();

    private ZscoreStateCodec() {
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public int oldestReadable() {
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
                return new ZscoreSpec.Online(s, DecayedMoments.restore(o.moments()), o.tail());
            } catch (IllegalArgumentException e) {
                throw new ModelStateException("the state of model '" + spec.alias() + "' is corrupt: " + e.getMessage());
            }
        }
        ZscoreState.Offline o = (ZscoreState.Offline) state;
        return new ZscoreSpec.Offline(s, o.mean(), o.std(), o.tail());
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        ZscoreState s = toState(model);
        if (s instanceof ZscoreState.Offline o) {
            out.writeDouble(o.mean());
            out.writeDouble(o.std());
            out.writeDouble(o.tail());
        } else {
            out.writeMoments(((ZscoreState.Online) s).moments());
            out.writeDouble(((ZscoreState.Online) s).tail());
        }
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        ZscoreState s;
        if (spec.isOnline()) {
            DecayedMoments.State moments = in.readMoments();
            s = new ZscoreState.Online(moments, version >= 2 ? in.readDouble() : Double.NaN);
        } else {
            double mean = in.readDouble();
            double std = in.readDouble();
            s = new ZscoreState.Offline(mean, std, version >= 2 ? in.readDouble() : Double.NaN);
        }
        return toModel(spec, s);
    }
}
