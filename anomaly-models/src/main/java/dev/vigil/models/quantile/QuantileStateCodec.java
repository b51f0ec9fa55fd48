package dev.vigil.models.quantile;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateReader;
import dev.vigil.models.state.StateWriter;
import java.io.IOException;

/**
 * State codec of {@code quantile_online}. Payload version 2: as version 1, the digests with their
 * pending points ({@link StateWriter#writeQuantiles}); version 1 is still read. Payload version 1: the season (interval and sub-season in
 * ms as longs, bucket count as a varint), points seen (varint), filled buckets (varint), the global
 * digest, then per bucket a presence byte and, when present, its digest. A digest is its streaming
 * quantiles ({@link StateWriter#writeQuantiles}), its cached quantiles (doubles) and its refresh
 * counters (varints). Stateless, thread-safe.
 */
final class QuantileStateCodec implements StateCodec {

    static final QuantileStateCodec INSTANCE = new QuantileStateCodec();

    private QuantileStateCodec() {
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public int oldestReadable() {
        return 1;
    }

    /** The state of a fitted quantile model. */
    static QuantileState toState(FittedModel model) throws ModelStateException {
        if (model instanceof QuantileSpec.Model m) {
            return m.state();
        }
        throw new ModelStateException("model '" + model.spec().alias() + "' is not a quantile_online model: "
                + model.getClass().getName());
    }

    /** A model of {@code spec} in the given state. */
    static FittedModel toModel(ModelSpec spec, QuantileState s) throws ModelStateException {
        if (!(spec instanceof QuantileSpec qs)) {
            throw new ModelStateException("model '" + spec.alias() + "': the state does not fit its spec");
        }
        QuantileSpec.Season season = s.season();
        int buckets = season.buckets();
        int filled = 0;
        for (QuantileState.Digest d : s.perBucket()) {
            filled += d == null ? 0 : 1;
        }
        boolean layoutOk = buckets == 1 ? s.perBucket().length == 0
                : season.subseasonMs() > 0 && season.intervalMs() == season.subseasonMs() * buckets
                        && s.perBucket().length == buckets;
        if (!layoutOk || filled != s.filled() || s.seen() < 0) {
            throw new ModelStateException("the state of model '" + spec.alias() + "' is corrupt: season " + season
                    + " with " + s.perBucket().length + " buckets, " + filled + " filled (" + s.filled() + " stored)");
        }
        try {
            return new QuantileSpec.Model(qs, s);
        } catch (IllegalArgumentException e) {
            throw new ModelStateException("the state of model '" + spec.alias() + "' is corrupt: " + e.getMessage());
        }
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        QuantileState s = toState(model);
        out.writeLong(s.season().intervalMs());
        out.writeLong(s.season().subseasonMs());
        out.writeVarInt(s.season().buckets());
        out.writeVarLong(s.seen());
        out.writeVarInt(s.filled());
        write(s.global(), out);
        out.writeVarInt(s.perBucket().length);
        for (QuantileState.Digest d : s.perBucket()) {
            out.writeBoolean(d != null);
            if (d != null) {
                write(d, out);
            }
        }
    }

    private static void write(QuantileState.Digest d, StateWriter out) throws IOException {
        out.writeQuantiles(d.digest());
        out.writeDoubles(d.cached());
        out.writeVarInt(d.sinceRefresh());
        out.writeVarInt(d.refreshEvery());
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        long interval = in.readLong();
        long sub = in.readLong();
        int buckets = in.readVarInt();
        if (buckets < 1 || buckets > QuantileSpec.MAX_BUCKETS) {
            throw in.corrupt(buckets + " buckets");
        }
        long seen = in.readVarLong();
        int filled = in.readVarInt();
        QuantileState.Digest global = read(in, version);
        QuantileState.Digest[] perBucket = new QuantileState.Digest[in.readLength(1)];
        for (int i = 0; i < perBucket.length; i++) {
            perBucket[i] = in.readBoolean() ? read(in, version) : null;
        }
        return toModel(spec, new QuantileState(new QuantileSpec.Season(interval, sub, buckets), seen, filled, global,
                perBucket));
    }

    private static QuantileState.Digest read(StateReader in, int version) throws IOException {
        return new QuantileState.Digest(in.readQuantiles(version >= 2), in.readDoubles(), in.readVarInt(),
                in.readVarInt());
    }
}
