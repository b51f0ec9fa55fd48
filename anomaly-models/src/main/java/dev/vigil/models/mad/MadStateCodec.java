package dev.vigil.models.mad;

import dev.vigil.core.stats.RobustStats;
import dev.vigil.core.stats.StreamingQuantiles;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateReader;
import dev.vigil.models.state.StateWriter;
import java.io.IOException;

/**
 * State codec of the offline MAD and {@code mad_online}. Payload version 3: as version 2, its digests with
 * their pending points. Version 2: offline, median, MAD, mean
 * absolute deviation and the 99.5th percentile of the absolute deviations (raw doubles, 32 bytes); online,
 * the digests of the values and of the deviations ({@link StateWriter#writeQuantiles}), then median, MAD,
 * mean absolute deviation, 99.5th percentile of the deviations, deviation sum and weight (raw doubles) and
 * the refresh counters (varints). Version 1 (before the tail floor, without the percentile) is still
 * read: an offline state keeps its band without the tail floor until the next fit; an online state takes
 * the percentile from its deviations digest. Stateless, thread-safe.
 */
final class MadStateCodec implements StateCodec {

    static final MadStateCodec INSTANCE = new MadStateCodec();

    private MadStateCodec() {
    }

    @Override
    public int version() {
        return 3;
    }

    @Override
    public int oldestReadable() {
        return 1;
    }

    /** The state of a fitted MAD model. */
    static MadState toState(FittedModel model) throws ModelStateException {
        if (model instanceof MadSpec.Offline m) {
            return m.state();
        }
        if (model instanceof MadSpec.Online m) {
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
        if (state instanceof MadState.Online o) {
            if (o.refreshEvery() < 1 || o.sinceRefresh() < 0) {
                throw new ModelStateException("the state of model '" + spec.alias() + "' is corrupt: refresh counters "
                        + o.sinceRefresh() + "/" + o.refreshEvery());
            }
            try {
                return new MadSpec.Online(s, o);
            } catch (IllegalArgumentException e) {
                throw new ModelStateException("the state of model '" + spec.alias() + "' is corrupt: " + e.getMessage());
            }
        }
        MadState.Offline o = (MadState.Offline) state;
        return new MadSpec.Offline(s, o.median(), o.mad(), o.meanAd(), o.tailAd());
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        MadState state = toState(model);
        if (state instanceof MadState.Offline o) {
            out.writeDouble(o.median());
            out.writeDouble(o.mad());
            out.writeDouble(o.meanAd());
            out.writeDouble(o.tailAd());
            return;
        }
        MadState.Online o = (MadState.Online) state;
        out.writeQuantiles(o.values());
        out.writeQuantiles(o.devs());
        out.writeDouble(o.median());
        out.writeDouble(o.mad());
        out.writeDouble(o.meanAd());
        out.writeDouble(o.tailAd());
        out.writeDouble(o.devSum());
        out.writeDouble(o.devWeight());
        out.writeVarInt(o.sinceRefresh());
        out.writeVarInt(o.refreshEvery());
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        if (!spec.isOnline()) {
            double median = in.readDouble();
            double mad = in.readDouble();
            double meanAd = in.readDouble();
            double tailAd = version >= 2 ? in.readDouble() : Double.NaN;
            return toModel(spec, new MadState.Offline(median, mad, meanAd, tailAd));
        }
        StreamingQuantiles.State values = in.readQuantiles(version >= 3);
        StreamingQuantiles.State devs = in.readQuantiles(version >= 3);
        double median = in.readDouble();
        double mad = in.readDouble();
        double meanAd = in.readDouble();
        // Version 1 did not keep the percentile in use: the digest's current one is what the next refresh takes.
        double tailAd = version >= 2 ? in.readDouble() : Double.NaN;
        if (version < 2) {
            try {
                tailAd = StreamingQuantiles.restore(devs).quantile(RobustStats.TAIL_QUANTILE);
            } catch (IllegalArgumentException e) {
                throw new ModelStateException("the state of model '" + spec.alias() + "' is corrupt: " + e.getMessage());
            }
        }
        return toModel(spec, new MadState.Online(values, devs, median, mad, meanAd, tailAd, in.readDouble(),
                in.readDouble(), in.readVarInt(), in.readVarInt()));
    }
}
