package dev.vigil.models.std;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateReader;
import dev.vigil.models.state.StateWriter;
import java.io.IOException;

/**
 * State codec of {@code std}. Payload version 1, in order: period (varint), step, last timestamp
 * (longs), last phase (varint), points seen (varint), trend (double); the trend window (doubles),
 * its head and re-sum counter (varints), its sum (double); values per phase (varint), the detrended
 * rings (doubles, phase-major), their heads and counts (varints per phase), sums (doubles) and the
 * profile sum (double); the residual ring (doubles), its head, count and re-sum counter (varints),
 * its sum and sum of squares (doubles). About 16 bytes per fit point (the detrended and residual
 * rings). Stateless, thread-safe.
 */
final class StdStateCodec implements StateCodec {

    static final StdStateCodec INSTANCE = new StdStateCodec();

    private StdStateCodec() {
    }

    @Override
    public int version() {
        return 1;
    }

    /** The state of a fitted std model. */
    static StdState toState(FittedModel model) throws ModelStateException {
        if (model instanceof StdSpec.Model m) {
            return m.state();
        }
        throw new ModelStateException("model '" + model.spec().alias() + "' is not a std model: "
                + model.getClass().getName());
    }

    /** A model of {@code spec} in the given state, after checking that the rings are consistent. */
    static FittedModel toModel(ModelSpec spec, StdState s) throws ModelStateException {
        if (!(spec instanceof StdSpec ss)) {
            throw new ModelStateException("model '" + spec.alias() + "': the state does not fit its spec");
        }
        String problem = check(s);
        if (problem != null) {
            throw new ModelStateException("the state of model '" + spec.alias() + "' is corrupt: " + problem);
        }
        return new StdSpec.Model(ss, s);
    }

    private static String check(StdState s) {
        int p = s.p();
        if (p < 2 || s.step() < 1 || s.cap() < 1) {
            return "period " + p + ", step " + s.step() + ", " + s.cap() + " values per phase";
        }
        // The trend filter spans p + 1 points for an even period, p for an odd one.
        if (s.last().length != (p % 2 == 0 ? p + 1 : p) || s.lastHead() < 0 || s.lastHead() >= s.last().length) {
            return "a trend window of " + s.last().length + " for period " + p;
        }
        if ((long) p * s.cap() != s.det().length || s.detHead().length != p || s.detCount().length != p
                || s.detSum().length != p) {
            return "detrended rings of " + s.det().length + " values for period " + p;
        }
        for (int i = 0; i < p; i++) {
            if (s.detCount()[i] < 1 || s.detCount()[i] > s.cap() || s.detHead()[i] < 0 || s.detHead()[i] >= s.cap()) {
                return "phase " + i + " ring head " + s.detHead()[i] + ", count " + s.detCount()[i];
            }
        }
        if (s.res().length < 1 || s.resCount() < 0 || s.resCount() > s.res().length || s.resHead() < 0
                || s.resHead() >= s.res().length || s.phaseLast() < 0 || s.phaseLast() >= p || s.seen() < 0) {
            return "a residual ring of " + s.res().length + " (head " + s.resHead() + ", count " + s.resCount()
                    + "), last phase " + s.phaseLast();
        }
        return null;
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        StdState s = toState(model);
        out.writeVarInt(s.p());
        out.writeLong(s.step());
        out.writeLong(s.tLast());
        out.writeVarInt(s.phaseLast());
        out.writeVarLong(s.seen());
        out.writeDouble(s.trend());
        out.writeDoubles(s.last());
        out.writeVarInt(s.lastHead());
        out.writeVarInt(s.sinceResum());
        out.writeDouble(s.lastSum());
        out.writeVarInt(s.cap());
        out.writeDoubles(s.det());
        for (int i = 0; i < s.p(); i++) {
            out.writeVarInt(s.detHead()[i]);
            out.writeVarInt(s.detCount()[i]);
        }
        out.writeDoubles(s.detSum());
        out.writeDouble(s.profileSum());
        out.writeDoubles(s.res());
        out.writeVarInt(s.resHead());
        out.writeVarInt(s.resCount());
        out.writeVarInt(s.sinceResSum());
        out.writeDouble(s.resSum());
        out.writeDouble(s.resSq());
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        int p = in.readVarInt();
        long step = in.readLong();
        long tLast = in.readLong();
        int phaseLast = in.readVarInt();
        long seen = in.readVarLong();
        double trend = in.readDouble();
        double[] last = in.readDoubles();
        int lastHead = in.readVarInt();
        int sinceResum = in.readVarInt();
        double lastSum = in.readDouble();
        int cap = in.readVarInt();
        double[] det = in.readDoubles();
        if (p < 2 || (long) p * 2 > in.remaining()) {
            throw in.corrupt("period " + p + " with " + in.remaining() + " bytes left");
        }
        int[] detHead = new int[p];
        int[] detCount = new int[p];
        for (int i = 0; i < p; i++) {
            detHead[i] = in.readVarInt();
            detCount[i] = in.readVarInt();
        }
        double[] detSum = in.readDoubles();
        double profileSum = in.readDouble();
        double[] res = in.readDoubles();
        int resHead = in.readVarInt();
        int resCount = in.readVarInt();
        int sinceResSum = in.readVarInt();
        double resSum = in.readDouble();
        double resSq = in.readDouble();
        return toModel(spec, new StdState(p, step, last, lastHead, lastSum, sinceResum, trend, cap, det, detHead,
                detCount, detSum, profileSum, res, resHead, resCount, resSum, resSq, sinceResSum, tLast, phaseLast,
                seen));
    }
}
