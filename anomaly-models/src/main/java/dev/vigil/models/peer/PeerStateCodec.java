package dev.vigil.models.peer;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateReader;
import dev.vigil.models.state.StateWriter;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * State codec of one {@code peer_outlier} group. Payload version 1: the timestamps learnt (varint),
 * the upper and lower spreads and their weight (raw doubles), the peer count (varint), then each
 * peer in ascending name order: its name (string), offset and weight (raw doubles). About 26 bytes
 * plus 17 bytes and the name per peer. Raw doubles, so a restored group scores and learns
 * bit-identically; names sorted, so equal groups give equal bytes. Stateless, thread-safe.
 */
final class PeerStateCodec implements StateCodec {

    static final PeerStateCodec INSTANCE = new PeerStateCodec();

    private PeerStateCodec() {
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        if (!(model instanceof PeerOutlierModel m)) {
            throw new ModelStateException("model '" + model.spec().alias() + "' is not a peer_outlier group: "
                    + model.getClass().getName());
        }
        double[] spreads = m.spreads();
        Map<String, double[]> peers = m.peers();
        out.writeVarLong(m.samplesSeen());
        out.writeDouble(spreads[0]);
        out.writeDouble(spreads[1]);
        out.writeDouble(spreads[2]);
        out.writeVarInt(peers.size());
        for (Map.Entry<String, double[]> e : peers.entrySet()) {
            out.writeString(e.getKey());
            out.writeDouble(e.getValue()[0]);
            out.writeDouble(e.getValue()[1]);
        }
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        if (!(spec instanceof PeerSpec ps)) {
            throw new ModelStateException("model '" + spec.alias() + "': the state does not fit its spec");
        }
        long seen = in.readVarLong();
        double up = in.readDouble();
        double down = in.readDouble();
        double weight = in.readDouble();
        if (!(up >= 0 && down >= 0 && weight >= 0) || !Double.isFinite(up + down + weight) || (seen > 0) != (weight > 0)) {
            throw in.corrupt("spreads " + up + " up, " + down + " down of weight " + weight + " after " + seen
                    + " timestamps");
        }
        int n = in.readLength(17); // a name of at least one length byte and two doubles per peer
        Map<String, double[]> peers = new HashMap<>(Math.max(16, n * 2));
        String previous = null;
        for (int i = 0; i < n; i++) {
            String name = in.readString();
            double offset = in.readDouble();
            double w = in.readDouble();
            if (previous != null && previous.compareTo(name) >= 0) {
                throw in.corrupt("peer '" + name + "' follows '" + previous + "' (names must be distinct and sorted)");
            }
            if (!Double.isFinite(offset) || !(w > 0) || !Double.isFinite(w)) {
                throw in.corrupt("peer '" + name + "' has offset " + offset + " of weight " + w);
            }
            peers.put(name, new double[] {offset, w});
            previous = name;
        }
        PeerOutlierModel m = ps.newGroup();
        m.restore(peers, up, down, weight, seen);
        return m;
    }
}
