package dev.vigil.models.mad;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateReader;
import dev.vigil.models.state.StateWriter;
import java.io.IOException;

/**
 * State codec of {@code mad} and {@code mad_online}. Payload version 1: offline, median, MAD and
 * mean absolute deviation (raw doubles, 24 bytes). Stateless, thread-safe.
 */
final class MadStateCodec implements StateCodec {

    static final MadStateCodec INSTANCE = new MadStateCodec();

    private MadStateCodec() {
    }

    @Override
    public int version() {
        return 1;
    }

    /** The state of a fitted MAD model. */
    static MadState toState(FittedModel model) throws ModelStateException {
        if (model instanceof MadSpec.Offline m) {
            return m.state();
        }
        throw new ModelStateException("model '" + model.spec().alias() + "' is not a MAD model: "
                + model.getClass().getName());
    }

    /** A model of {@code spec} in the given state. */
    static FittedModel toModel(ModelSpec spec, MadState state) throws ModelStateException {
        if (!(spec instanceof MadSpec s) || spec.isOnline() != !(state instanceof MadState.Offline)) {
            throw new ModelStateException("model '" + spec.alias() + "': the state does not fit its spec");
        }
        MadState.Offline o = (MadState.Offline) state;
        return new MadSpec.Offline(s, o.median(), o.mad(), o.meanAd());
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        MadState.Offline o = (MadState.Offline) toState(model);
        out.writeDouble(o.median());
        out.writeDouble(o.mad());
        out.writeDouble(o.meanAd());
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        return toModel(spec, new MadState.Offline(in.readDouble(), in.readDouble(), in.readDouble()));
    }
}
