package dev.vigil.models.state;

import dev.vigil.core.stats.DecayedMoments;
import dev.vigil.core.stats.DigestState;
import dev.vigil.core.stats.StreamingQuantiles;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@link StateWriter} wrote, from a payload held in memory. Every length is checked
 * against the bytes left before anything is allocated, so a corrupt length fails with a
 * {@link ModelStateException} instead of a huge allocation; reading past the end is reported as a
 * truncated state. Not thread-safe (one reader per state).
 */
public final class StateReader {

    private static final int MAX_NESTING = 32;

    private final ByteBuffer buf;
    private final String what;

    /** A reader of {@code bytes}; {@code what} names the model in messages. */
    StateReader(byte[] bytes, String what) {
        this.buf = ByteBuffer.wrap(bytes);
        this.what = what;
    }

    /** The number of bytes not read yet. */
    public int remaining() {
        return buf.remaining();
    }

    /** A corrupt-state error naming the model. */
    public ModelStateException corrupt(String detail) {
        return new ModelStateException("the state of " + what + " is corrupt: " + detail);
    }

    private ModelStateException truncated() {
        return new ModelStateException("the state of " + what + " is truncated: it ends in the middle of a value");
    }

    /** One byte, 0 or 1. */
    public boolean readBoolean() throws IOException {
        int b = readUnsignedByte();
        if (b > 1) {
            throw corrupt("a boolean byte is " + b);
        }
        return b == 1;
    }

    /** One byte, 0 to 255. */
    public int readUnsignedByte() throws IOException {
        try {
            return buf.get() & 0xFF;
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    /** One byte, sign-extended. */
    public byte readByte() throws IOException {
        try {
            return buf.get();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    /** Four bytes, big-endian. */
    public int readInt() throws IOException {
        try {
            return buf.getInt();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    /** Eight bytes, big-endian. */
    public long readLong() throws IOException {
        try {
            return buf.getLong();
        } catch (BufferUnderflowException e) {
            throw truncated();
        }
    }

    /** A double from its raw bits. */
    public double readDouble() throws IOException {
        return Double.longBitsToDouble(readLong());
    }

    /** An unsigned LEB128 varint. */
    public long readVarLong() throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (v < 0) {
                    throw corrupt("a varint overflows");
                }
                return v;
            }
        }
        throw corrupt("a varint is longer than 10 bytes");
    }

    /** A varint that must fit an int. */
    public int readVarInt() throws IOException {
        long v = readVarLong();
        if (v > Integer.MAX_VALUE) {
            throw corrupt("a count or length is " + v);
        }
        return (int) v;
    }

    /** A length of {@code minBytes}-byte items: checked against the bytes left. */
    public int readLength(int minBytes) throws IOException {
        int n = readVarInt();
        if ((long) n * Math.max(1, minBytes) > buf.remaining()) {
            throw corrupt("a length of " + n + " items exceeds the " + buf.remaining() + " bytes left");
        }
        return n;
    }

    /** A string: varint byte length, then UTF-8 (malformed UTF-8 is corrupt). */
    public String readString() throws IOException {
        int n = readLength(1);
        byte[] b = new byte[n];
        buf.get(b);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw corrupt("a string is not valid UTF-8");
        }
    }

    /** What {@link StateWriter#writeDoubles} wrote. */
    public double[] readDoubles() throws IOException {
        double[] a = new double[readLength(8)];
        for (int i = 0; i < a.length; i++) {
            a[i] = readDouble();
        }
        return a;
    }

    /** What {@link StateWriter#writeInts} wrote. */
    public int[] readInts() throws IOException {
        int[] a = new int[readLength(4)];
        for (int i = 0; i < a.length; i++) {
            a[i] = readInt();
        }
        return a;
    }

    /** What {@link StateWriter#writeWeights} wrote. */
    public double[] readWeights() throws IOException {
        int n = readLength(1);
        int layout = readUnsignedByte();
        if (layout > 1) {
            throw corrupt("unknown weight layout " + layout);
        }
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = layout == 0 ? readVarLong() : readDouble();
        }
        return a;
    }

    /** What {@link StateWriter#writeMoments} wrote. */
    public DecayedMoments.State readMoments() throws IOException {
        return new DecayedMoments.State(readDouble(), readDouble(), readDouble(), readDouble(), readVarLong());
    }

    /**
     * What {@link StateWriter#writeQuantiles} wrote; {@code pendingStored}: whether the payload version
     * in hand stores the pending points (those written before it end with the digest).
     */
    public StreamingQuantiles.State readQuantiles(boolean pendingStored) throws IOException {
        double compression = readDouble();
        double decay = readDouble();
        long seed = readLong();
        double growth = readDouble();
        long count = readVarLong();
        int variant = readUnsignedByte();
        double min = readDouble();
        double max = readDouble();
        DigestState d;
        if (variant == StateWriter.MERGING) {
            int merges = readVarInt();
            double total = readDouble();
            double[] means = readDoubles();
            double[] weights = readWeights();
            double unmerged = readDouble();
            double[] bufferMeans = readDoubles();
            double[] bufferWeights = readWeights();
            if (means.length != weights.length || bufferMeans.length != bufferWeights.length) {
                throw corrupt("a t-digest has " + means.length + " means and " + weights.length + " weights");
            }
            d = new DigestState.Merging(min, max, merges, total, means, weights, unmerged, bufferMeans, bufferWeights);
        } else if (variant == StateWriter.AVL_TREE) {
            long total = readVarLong();
            long random = readLong();
            int slots = readVarInt();
            if (slots < 1 || (long) (slots - 1) * 13 > buf.remaining()) {
                throw corrupt("a t-digest tree of " + slots + " slots exceeds the " + buf.remaining() + " bytes left");
            }
            int root = readVarInt();
            int[] released = new int[readLength(1)];
            for (int i = 0; i < released.length; i++) {
                released[i] = readVarInt();
            }
            int[] parent = new int[slots];
            int[] left = new int[slots];
            int[] right = new int[slots];
            byte[] depth = new byte[slots];
            double[] means = new double[slots];
            int[] counts = new int[slots];
            int[] aggregated = new int[slots];
            for (int i = 1; i < slots; i++) {
                parent[i] = readVarInt();
                left[i] = readVarInt();
                right[i] = readVarInt();
                depth[i] = readByte();
                means[i] = readDouble();
                counts[i] = readVarInt();
                aggregated[i] = readVarInt();
            }
            d = new DigestState.AvlTree(min, max, total, random, root, released, parent, left, right, depth, means,
                    counts, aggregated);
        } else {
            throw corrupt("unknown t-digest variant " + variant);
        }
        double[] pending = pendingStored ? readDoubles() : new double[0];
        return new StreamingQuantiles.State(compression, decay, seed, growth, count, d, pending);
    }

    /** Restored moments, with a corrupt-state error when they are inconsistent. */
    public DecayedMoments readDecayedMoments() throws IOException {
        DecayedMoments.State s = readMoments();
        try {
            return DecayedMoments.restore(s);
        } catch (IllegalArgumentException e) {
            throw corrupt(e.getMessage());
        }
    }

    /** What {@link StateWriter#writeValue} wrote; lists and maps come back unmodifiable, maps ordered. */
    public Object readValue() throws IOException {
        return readValue(0);
    }

    private Object readValue(int depth) throws IOException {
        if (depth > MAX_NESTING) {
            throw corrupt("values nest deeper than " + MAX_NESTING);
        }
        int tag = readUnsignedByte();
        switch (tag) {
            case StateWriter.NULL:
                return null;
            case StateWriter.FALSE:
                return Boolean.FALSE;
            case StateWriter.TRUE:
                return Boolean.TRUE;
            case StateWriter.INT:
                return readInt();
            case StateWriter.LONG:
                return readLong();
            case StateWriter.DOUBLE:
                return readDouble();
            case StateWriter.STRING:
                return readString();
            case StateWriter.LIST: {
                int n = readLength(1);
                List<Object> l = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    l.add(readValue(depth + 1));
                }
                return Collections.unmodifiableList(l);
            }
            case StateWriter.MAP: {
                int n = readLength(2);
                Map<String, Object> m = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String k = readString();
                    m.put(k, readValue(depth + 1));
                }
                return Collections.unmodifiableMap(m);
            }
            default:
                throw corrupt("unknown value tag " + tag);
        }
    }
}
