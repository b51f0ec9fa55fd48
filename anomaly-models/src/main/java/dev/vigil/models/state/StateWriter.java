package dev.vigil.models.state;

import dev.vigil.core.stats.DecayedMoments;
import dev.vigil.core.stats.DigestState;
import dev.vigil.core.stats.StreamingQuantiles;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Writes a state payload: big-endian fixed-width numbers, unsigned LEB128 varints for counts and
 * lengths, doubles as their raw IEEE 754 bits (NaN payloads and -0.0 kept), strings as a varint
 * byte length and UTF-8, and the shared pieces of several families (decayed moments, streaming
 * quantiles, typed argument values). The layouts are documented in {@code docs/model-state.md}.
 * Writes into memory; not thread-safe (one writer per state).
 */
public final class StateWriter {

    /** Tags of {@link #writeValue}. */
    static final int NULL = 0;
    static final int FALSE = 1;
    static final int TRUE = 2;
    static final int INT = 3;
    static final int LONG = 4;
    static final int DOUBLE = 5;
    static final int STRING = 6;
    static final int LIST = 7;
    static final int MAP = 8;

    /** t-digest variants of {@link #writeQuantiles}. */
    static final int MERGING = 0;
    static final int AVL_TREE = 1;

    /** Largest double that is an exact integer everywhere below it (2^53). */
    private static final double EXACT_INTEGERS = 0x1p53;
    private static final long NEG_ZERO = Double.doubleToRawLongBits(-0.0);

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    StateWriter() {
    }

    /** The bytes written so far. */
    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    /** One byte, 0 or 1. */
    public void writeBoolean(boolean v) throws IOException {
        out.writeBoolean(v);
    }

    /** One byte (the low 8 bits). */
    public void writeByte(int v) throws IOException {
        out.writeByte(v);
    }

    /** Four bytes, big-endian. */
    public void writeInt(int v) throws IOException {
        out.writeInt(v);
    }

    /** Eight bytes, big-endian. */
    public void writeLong(long v) throws IOException {
        out.writeLong(v);
    }

    /** The raw IEEE 754 bits, eight bytes: exact for every value, NaN payloads included. */
    public void writeDouble(double v) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(v));
    }

    /** A non-negative number as an unsigned LEB128 varint (1 byte below 128, at most 10). */
    public void writeVarLong(long v) throws IOException {
        if (v < 0) {
            throw new IllegalArgumentException("a varint must be >= 0, got " + v);
        }
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) (v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    /** A non-negative int as a varint. */
    public void writeVarInt(int v) throws IOException {
        writeVarLong(v);
    }

    /** A string: varint byte length, then UTF-8. */
    public void writeString(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeVarInt(b.length);
        out.write(b);
    }

    /** A varint length, then every value as {@link #writeDouble}. */
    public void writeDoubles(double[] a) throws IOException {
        writeVarInt(a.length);
        for (double v : a) {
            writeDouble(v);
        }
    }

    /** A varint length, then every value as a four-byte int. */
    public void writeInts(int[] a) throws IOException {
        writeVarInt(a.length);
        for (int v : a) {
            writeInt(v);
        }
    }

    /**
     * A varint length, then a layout byte: 0 when every value is an integer in [0, 2^53] (then
     * varints follow, about 1 to 3 bytes each for t-digest weights), else 1 (raw doubles follow).
     * Exact either way.
     */
    public void writeWeights(double[] a) throws IOException {
        writeVarInt(a.length);
        boolean integral = true;
        for (double v : a) {
            if (!(v >= 0 && v <= EXACT_INTEGERS && v == Math.rint(v)) || Double.doubleToRawLongBits(v) == NEG_ZERO) {
                integral = false;
                break;
            }
        }
        out.writeByte(integral ? 0 : 1);
        for (double v : a) {
            if (integral) {
                writeVarLong((long) v);
            } else {
                writeDouble(v);
            }
        }
    }

    /** {@link DecayedMoments.State}: decay, weight, mean, m2 (raw doubles), count (varint). 33 to 42 bytes. */
    public void writeMoments(DecayedMoments.State m) throws IOException {
        writeDouble(m.decay());
        writeDouble(m.weight());
        writeDouble(m.mean());
        writeDouble(m.m2());
        writeVarLong(m.count());
    }

    /**
     * {@link StreamingQuantiles.State}: compression, decay (doubles), seed (long), growth (double),
     * count (varint), then the digest: a variant byte, min and max, and
     * <ul>
     *   <li>merging (0): merge count (varint), total weight, merged means ({@link #writeDoubles}),
     *       merged weights ({@link #writeWeights}), unmerged weight, buffered values and weights;</li>
     *   <li>AVL tree (1): count (varint), generator state (long), slots and root (varints), the
     *       released node ids (varint length, varints), then for every slot but the null slot 0:
     *       parent, left, right (varints), depth (byte), mean (double), count and subtree sum
     *       (varints).</li>
     * </ul>
     * then the points pending while the summary was compact ({@link #writeDoubles}; empty for most).
     */
    public void writeQuantiles(StreamingQuantiles.State q) throws IOException {
        writeDouble(q.compression());
        writeDouble(q.decay());
        writeLong(q.seed());
        writeDouble(q.growth());
        writeVarLong(q.count());
        DigestState d = q.digest();
        if (d instanceof DigestState.Merging m) {
            out.writeByte(MERGING);
            writeDouble(m.min());
            writeDouble(m.max());
            writeVarInt(m.mergeCount());
            writeDouble(m.totalWeight());
            writeDoubles(m.means());
            writeWeights(m.weights());
            writeDouble(m.unmergedWeight());
            writeDoubles(m.bufferMeans());
            writeWeights(m.bufferWeights());
        } else {
            DigestState.AvlTree t = (DigestState.AvlTree) d;
            out.writeByte(AVL_TREE);
            writeDouble(t.min());
            writeDouble(t.max());
            writeVarLong(t.count());
            writeLong(t.random());
            int slots = t.slots();
            writeVarInt(slots);
            writeVarInt(t.root());
            int[] released = t.released();
            writeVarInt(released.length);
            for (int r : released) {
                writeVarInt(r);
            }
            int[] parent = t.parent();
            int[] left = t.left();
            int[] right = t.right();
            byte[] depth = t.depth();
            double[] means = t.means();
            int[] counts = t.counts();
            int[] aggregated = t.aggregated();
            for (int i = 1; i < slots; i++) {
                writeVarInt(parent[i]);
                writeVarInt(left[i]);
                writeVarInt(right[i]);
                out.writeByte(depth[i]);
                writeDouble(means[i]);
                writeVarInt(counts[i]);
                writeVarInt(aggregated[i]);
            }
        }
        writeDoubles(q.pending());
    }

    /**
     * A typed value, as model arguments hold them: a tag byte, then null (0), false (1), true (2),
     * int (3, four bytes), long (4, eight bytes), double (5, raw bits), string (6), list (7: varint
     * size, values) or map (8: varint size, then string key and value per entry, in iteration order).
     * Byte and Short are written as int, Float as double, BigInteger and BigDecimal as their decimal
     * string (the argument parsers read numeric strings), primitive arrays as lists.
     *
     * @throws ModelStateException for any other type (it could not be read back as the same value)
     */
    public void writeValue(Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Boolean b) {
            out.writeByte(b ? TRUE : FALSE);
        } else if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            out.writeByte(INT);
            out.writeInt(((Number) v).intValue());
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Double || v instanceof Float) {
            out.writeByte(DOUBLE);
            writeDouble(((Number) v).doubleValue());
        } else if (v instanceof String || v instanceof BigInteger || v instanceof BigDecimal || v instanceof Character) {
            out.writeByte(STRING);
            writeString(v.toString());
        } else if (v instanceof List<?> list) {
            out.writeByte(LIST);
            writeVarInt(list.size());
            for (Object o : list) {
                writeValue(o);
            }
        } else if (v instanceof double[] a) {
            out.writeByte(LIST);
            writeVarInt(a.length);
            for (double d : a) {
                writeValue(d);
            }
        } else if (v instanceof int[] a) {
            out.writeByte(LIST);
            writeVarInt(a.length);
            for (int d : a) {
                writeValue(d);
            }
        } else if (v instanceof long[] a) {
            out.writeByte(LIST);
            writeVarInt(a.length);
            for (long d : a) {
                writeValue(d);
            }
        } else if (v instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            writeVarInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                writeString(String.valueOf(e.getKey()));
                writeValue(e.getValue());
            }
        } else {
            throw new ModelStateException("a model state cannot hold an argument value of type "
                    + v.getClass().getName() + " (" + v + "); use numbers, booleans, strings, lists and maps");
        }
    }
}
