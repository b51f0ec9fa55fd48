package dev.vigil.models.context;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateReader;
import dev.vigil.models.state.StateWriter;
import java.io.IOException;
import java.util.Arrays;

/**
 * State codec of {@code vigil_online}. Payload version 1: lo, hi, min, max, level (doubles), the
 * history (long) and its length (varint), the context table as its capacity (varint), its size
 * (varint) and per occupied slot the gap to the previous one (varint), the key (long) and the count
 * (varint); the ring (doubles), its position (varint) and sum (double); mean and variance (doubles);
 * the rest period left (varint) and the points seen (varlong). Version 2 appends the prediction-error
 * detector: its ring (doubles), sum, mean and variance and the last value (doubles); a version 1 state
 * is read only with {@code prediction_error: off}. Version 3 appends the last {@code short_window}
 * values (doubles, NaN where none), and its min and max are the range seen before them; in a version 1
 * or 2 state they are the range of every value seen, which is read as is (the recent values then
 * start empty: the last few values are already in the range). Version 4 keeps only which contexts were
 * seen (the counts were never read) and writes each key as a varlong in the layout of
 * the model's keys (the order just above the values), about 5 bytes per context
 * instead of 10-11; the keys of a version 1-3 state are moved to that layout and rehashed.
 * Stateless, thread-safe. Writing is O(table capacity), reading O(contexts).
 */
final class ContextStateCodec implements StateCodec {

    static final ContextStateCodec INSTANCE = new ContextStateCodec();

    private ContextStateCodec() {
    }

    @Override
    public int version() {
        return 4;
    }

    /** Version 1 (before the prediction-error detector) is read when that detector is off. */
    @Override
    public int oldestReadable() {
        return 1;
    }

    @Override
    public void write(FittedModel model, StateWriter out) throws IOException {
        if (!(model instanceof ContextSpec.Online m)) {
            throw new ModelStateException("model '" + model.spec().alias() + "' is not a vigil_online model: "
                    + model.getClass().getName());
        }
        ContextState s = m.state();
        out.writeDouble(s.lo());
        out.writeDouble(s.hi());
        out.writeDouble(s.min());
        out.writeDouble(s.max());
        out.writeDouble(s.level());
        out.writeLong(s.hist());
        out.writeVarInt(s.histLen());
        ContextSet contexts = s.contexts();
        int capacity = contexts.capacity();
        out.writeVarInt(capacity);
        out.writeVarInt(contexts.size());
        int last = -1;
        for (int i = 0; i < capacity; i++) {
            long key = contexts.keyAt(i);
            if (key != 0) {
                out.writeVarInt(i - last - 1);
                out.writeVarLong(key);
                last = i;
            }
        }
        out.writeDoubles(s.ring());
        out.writeVarInt(s.ringPos());
        out.writeDouble(s.ringSum());
        out.writeDouble(s.mean());
        out.writeDouble(s.var());
        out.writeVarInt(s.quiet());
        out.writeVarLong(s.seen());
        out.writeDoubles(s.errRing());
        out.writeDouble(s.errSum());
        out.writeDouble(s.errMean());
        out.writeDouble(s.errVar());
        out.writeDouble(s.last());
        out.writeDoubles(s.recent());
    }

    @Override
    public FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException {
        if (!(spec instanceof ContextSpec cs)) {
            throw new ModelStateException("model '" + spec.alias() + "': the state does not fit its spec");
        }
        double lo = in.readDouble();
        double hi = in.readDouble();
        double min = in.readDouble();
        double max = in.readDouble();
        double level = in.readDouble();
        long hist = in.readLong();
        int histLen = in.readVarInt();
        ContextSet contexts = version >= 4 ? readContexts(cs.params, in) : readLegacyContexts(cs.params, in);
        double[] ring = in.readDoubles();
        int ringPos = in.readVarInt();
        double ringSum = in.readDouble();
        double mean = in.readDouble();
        double var = in.readDouble();
        int quiet = in.readVarInt();
        long seen = in.readVarLong();
        double[] errRing = new double[0];
        double errSum = 0;
        double errMean = 0;
        double errVar = 0;
        double last = Double.NaN;
        if (version >= 2) {
            errRing = in.readDoubles();
            errSum = in.readDouble();
            errMean = in.readDouble();
            errVar = in.readDouble();
            last = in.readDouble();
        } else if (cs.params.errorMode() != ContextDetector.ERROR_OFF) {
            // A version 1 state has no prediction-error history, and a cold error detector would alarm.
            throw new ModelStateException("model '" + spec.alias() + "': its state (version 1) predates the "
                    + "prediction-error detector; refit the model, or set prediction_error: off to keep using it");
        }
        double[] recent;
        if (version >= 3) {
            recent = in.readDoubles();
        } else {
            recent = new double[cs.params.shortWindow()];
            Arrays.fill(recent, Double.NaN);
        }
        ContextState s = new ContextState(lo, hi, min, max, level, hist, histLen, contexts, ring, ringPos,
                ringSum, mean, var, quiet, seen, errRing, errSum, errMean, errVar, last, recent);
        try {
            return new ContextSpec.Online(cs, ContextDetector.restore(cs.params, s));
        } catch (IllegalArgumentException e) {
            throw new ModelStateException("the state of model '" + spec.alias() + "' is corrupt: " + e.getMessage());
        }
    }

    /** Version 4: the slots of the saved table as they were (so that a state saves back to the same bytes). */
    private static ContextSet readContexts(ContextDetector.Params p, StateReader in) throws IOException {
        int capacity = in.readVarInt();
        int size = in.readVarInt();
        // at least two bytes per entry: its gap and its key
        if (capacity < ContextSet.MIN_CAPACITY || Integer.bitCount(capacity) != 1
                || capacity > Math.max(ContextSet.MIN_CAPACITY, 4L * size + 4) || !ContextSet.fits(size, capacity)
                || size > in.remaining() / 2) {
            throw in.corrupt("context table of " + size + " entries in " + capacity + " slots");
        }
        ContextSet contexts = new ContextSet(ContextDetector.narrowKeys(p.contextLength()), capacity);
        int shift = ContextDetector.orderShift(p.contextLength());
        int slot = -1;
        for (int j = 0; j < size; j++) {
            slot += in.readVarInt() + 1;
            if (slot < 0 || slot >= capacity) {
                throw in.corrupt("context slot " + slot + " outside a table of " + capacity);
            }
            long key = in.readVarLong();
            long order = (key - 1) >>> shift;
            if (key <= 0 || order < 1 || order > p.contextLength()) {
                throw in.corrupt("context key " + key + " at slot " + slot + " does not fit context_length "
                        + p.contextLength());
            }
            try {
                contexts.place(slot, key);
            } catch (IllegalArgumentException e) {
                throw in.corrupt(e.getMessage());
            }
        }
        return contexts;
    }

    /** Versions 1-3: keys of 8 bytes with their order at bit 58, and a count each (dropped); rehashed. */
    private static ContextSet readLegacyContexts(ContextDetector.Params p, StateReader in) throws IOException {
        int capacity = in.readVarInt();
        int size = in.readVarInt();
        if (capacity > Math.max(64, 4L * size + 4) || size > capacity / 2 || size > in.remaining() / 10) {
            throw in.corrupt("context table of " + size + " entries in " + capacity + " slots");
        }
        ContextSet contexts = new ContextSet(ContextDetector.narrowKeys(p.contextLength()), ContextSet.capacityFor(size));
        int slot = -1;
        for (int j = 0; j < size; j++) {
            slot += in.readVarInt() + 1;
            if (slot < 0 || slot >= capacity) {
                throw in.corrupt("context slot " + slot + " outside a table of " + capacity);
            }
            long key = in.readLong();
            int count = in.readVarInt();
            if (key == 0 || count < 1) {
                throw in.corrupt("empty context entry at slot " + slot);
            }
            try {
                if (!contexts.add(ContextDetector.fromLegacyKey(p, key))) {
                    throw in.corrupt("context key " + key + " twice");
                }
            } catch (IllegalArgumentException e) {
                throw in.corrupt(e.getMessage());
            }
        }
        return contexts;
    }
}
