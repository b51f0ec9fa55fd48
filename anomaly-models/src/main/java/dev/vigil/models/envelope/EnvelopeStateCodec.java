package dev.vigil.models.envelope;

import dev.vigil.core.stats.StreamingQuantiles;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateReader;
import dev.vigil.models.state.StateWriter;
import java.io.IOException;

/**
 * State codec of {@code temporal_envelope}. Payload version 3: as version 2, the tail floor's digest with
 * its pending points. Payload version 2: version 1's, then the tail floor's
 * digest ({@link StateWriter#writeQuantiles}), σ_tail and the digest's unit (doubles) and the residuals since its last read
 * (varint). A version-1 state (before the tail floor) is still read: its digest starts empty and its
 * floor applies from the digest's first read, {@value EnvelopeModel#TAIL_REFRESH} points later.
 * Payload version 1: points seen (varint), level, scale,
 * Q_lo, Q_hi (doubles), the run length (varint), its side (byte), its mean (double), the number of
 * profiles (varint) and per profile its bucket values ({@link StateWriter#writeDoubles}), visits
 * ({@link StateWriter#writeWeights}), streaks ({@link StateWriter#writeInts}) and last-seen times
 * (one long per bucket, as many as values). The default two profiles hold 52 buckets: about 1.5 KB, and
 * the digest up to a few KB more. Stateless, thread-safe.
 */
final class EnvelopeStateCodec implements StateCodec {

    static final EnvelopeStateCodec INSTANCE = new EnvelopeStateCodec();

    private EnvelopeStateCodec() {
    }

    @Override
    public int version() {
        return 3;
    }

    @Override
    public int oldestReadable() {
        return 1;
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        if (!(model instanceof EnvelopeModel m)) {
            throw new ModelStateException("model '" + model.spec().alias() + "' is not a temporal_envelope model: "
                    + model.getClass().getName());
        }
        writeState(m.state(), out);
    }

    /** Writes one envelope's state (the payload above); shared with the multivariate codec. */
    static void writeState(EnvelopeState s, StateWriter out) throws IOException {
        out.writeVarLong(s.n());
        out.writeDouble(s.level());
        out.writeDouble(s.scale());
        out.writeDouble(s.qLo());
        out.writeDouble(s.qHi());
        out.writeVarInt(s.run());
        out.writeByte(s.runSign());
        out.writeDouble(s.runMean());
        out.writeVarInt(s.profiles().length);
        for (int c = 0; c < s.profiles().length; c++) {
            out.writeDoubles(s.profiles()[c]);
            out.writeWeights(s.visits()[c]);
            out.writeInts(s.streaks()[c]);
            for (long t : s.lastSeen()[c]) {
                out.writeLong(t);
            }
        }
        out.writeQuantiles(s.tailDigest());
        out.writeDouble(s.tail());
        out.writeDouble(s.tailUnit());
        out.writeVarInt(s.sinceRefresh());
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        if (!(spec instanceof EnvelopeSpec es)) {
            throw new ModelStateException("model '" + spec.alias() + "': the state does not fit its spec");
        }
        return readState(es, version, in);
    }

    /** Reads one envelope's state of payload {@code version} as {@link #writeState} wrote it, into a model of {@code es}. */
    static EnvelopeModel readState(EnvelopeSpec es, int version, StateReader in) throws IOException {
        ModelSpec spec = es;
        long n = in.readVarLong();
        double level = in.readDouble();
        double scale = in.readDouble();
        double qLo = in.readDouble();
        double qHi = in.readDouble();
        int run = in.readVarInt();
        int runSign = in.readByte();
        double runMean = in.readDouble();
        int count = in.readVarInt();
        if (count != es.presets.length || n < 0 || run < 0 || runSign < -1 || runSign > 1) {
            throw in.corrupt(count + " profiles for " + es.presets.length + " seasonalities, n=" + n + ", run=" + run);
        }
        double[][] p = new double[count][];
        double[][] v = new double[count][];
        int[][] k = new int[count][];
        long[][] l = new long[count][];
        for (int c = 0; c < count; c++) {
            p[c] = in.readDoubles();
            v[c] = in.readWeights();
            k[c] = in.readInts();
            l[c] = new long[p[c].length];
            for (int b = 0; b < l[c].length; b++) {
                l[c][b] = in.readLong();
            }
        }
        StreamingQuantiles.State tailDigest = version >= 2 ? in.readQuantiles(version >= 3) : null;
        double tail = version >= 2 ? in.readDouble() : 0.0;
        double tailUnit = version >= 2 ? in.readDouble() : 0.0;
        int sinceRefresh = version >= 2 ? in.readVarInt() : 0;
        try {
            return new EnvelopeModel(es, new EnvelopeState(n, level, scale, qLo, qHi, run, runSign, runMean, p, v, k, l,
                    tailDigest, tail, tailUnit, sinceRefresh));
        } catch (IllegalArgumentException e) {
            throw new ModelStateException("the state of model '" + spec.alias() + "' is corrupt: " + e.getMessage());
        }
    }
}
