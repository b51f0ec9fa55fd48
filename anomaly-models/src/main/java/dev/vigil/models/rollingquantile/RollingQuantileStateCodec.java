package dev.vigil.models.rollingquantile;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateReader;
import dev.vigil.models.state.StateWriter;
import java.io.IOException;

/**
 * State codec of {@code rolling_quantile}. Payload version 1: points seen (varint), then the
 * window's points oldest first (doubles, 8 bytes per point: at most {@code window_steps}). The
 * sorted copy the model keeps is rebuilt by sorting. Stateless, thread-safe.
 */
final class RollingQuantileStateCodec implements StateCodec {

    static final RollingQuantileStateCodec INSTANCE = new RollingQuantileStateCodec();

    private RollingQuantileStateCodec() {
    }

    @Override
    public int version() {
        return 1;
    }

    /** The state of a fitted rolling-quantile model. */
    static RollingQuantileState toState(FittedModel model) throws ModelStateException {
        if (model instanceof RollingQuantileSpec.Model m) {
            return m.state();
        }
        throw new ModelStateException("model '" + model.spec().alias() + "' is not a rolling_quantile model: "
                + model.getClass().getName());
    }

    /** A model of {@code spec} in the given state. */
    static FittedModel toModel(ModelSpec spec, RollingQuantileState s) throws ModelStateException {
        if (!(spec instanceof RollingQuantileSpec rs)) {
            throw new ModelStateException("model '" + spec.alias() + "': the state does not fit its spec");
        }
        try {
            return new RollingQuantileSpec.Model(rs, s);
        } catch (IllegalArgumentException e) {
            throw new ModelStateException("the state of model '" + spec.alias() + "' is corrupt: " + e.getMessage());
        }
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        RollingQuantileState s = toState(model);
        out.writeVarLong(s.seen());
        out.writeDoubles(s.window());
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        long seen = in.readVarLong();
        return toModel(spec, new RollingQuantileState(in.readDoubles(), seen));
    }
}
