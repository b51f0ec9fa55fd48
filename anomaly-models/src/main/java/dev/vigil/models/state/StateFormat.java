package dev.vigil.models.state;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The envelope of a model state, version {@value #VERSION} (all fixed-width fields big-endian):
 * <pre>
 *   magic           4 bytes   "VGMS" (0x56474D53)
 *   format version  int32     {@value #VERSION}
 *   header length   int32     then the header: the model alias (string), a layout byte and
 *                             either (0) its resolved arguments (a map, {@link StateWriter#writeValue})
 *                             or (1) their 8-byte fingerprint ({@link #fingerprint}; compact states)
 *   payload version int32     the model family's own version ({@link StateCodec#version()})
 *   payload length  int32     then the payload, written by the family's {@link StateCodec}
 *   checksum        int32     CRC-32 of every byte before it, magic included
 * </pre>
 * A compact state holds only the fingerprint of the arguments, not the arguments: it is smaller (the
 * arguments are a few hundred bytes, more than the whole payload of the simplest models) but can
 * only be read with the spec it was written for, which the fingerprint checks.
 *
 * <p>Reading consumes exactly one state and nothing after it, so states can be concatenated in one
 * stream; streams are neither buffered ahead nor closed. The whole state is checked (length, checksum)
 * before the payload is decoded, and a decoded payload must be consumed to its last byte. Most
 * callers use {@code dev.vigil.models.registry.ModelStates}, which finds the codec and rebuilds the
 * spec; this class is the format alone. Stateless and thread-safe.
 */
public final class StateFormat {

    /** "VGMS": Vigil model state. */
    public static final int MAGIC = 0x56474D53;

    /** The envelope version written and read by this build. */
    public static final int VERSION = 1;

    private static final int MAX_HEADER = 1 << 24;
    private static final int ARGS_INLINE = 0;
    private static final int ARGS_FINGERPRINT = 1;

    private StateFormat() {
    }

    /**
     * A read envelope: what the state says it holds, before its payload is decoded. Immutable.
     */
    public static final class Envelope {
        private final String alias;
        private final Map<String, Object> args;
        private final long fingerprint;
        private final int payloadVersion;
        private final byte[] payload;

        Envelope(String alias, Map<String, Object> args, long fingerprint, int payloadVersion, byte[] payload) {
            this.alias = alias;
            this.args = args;
            this.fingerprint = fingerprint;
            this.payloadVersion = payloadVersion;
            this.payload = payload;
        }

        /** The alias of the model the state was written for. */
        public String alias() {
            return alias;
        }

        /** Whether the state holds its arguments (false: a compact state, holding their fingerprint only). */
        public boolean hasArgs() {
            return args != null;
        }

        /** The resolved arguments of its spec, in their original order; empty for a compact state. Unmodifiable. */
        public Map<String, Object> args() {
            return args == null ? Map.of() : args;
        }

        /** The fingerprint of the resolved arguments ({@link StateFormat#fingerprint}). */
        public long argsFingerprint() {
            return fingerprint;
        }

        /** The version of the family payload. */
        public int payloadVersion() {
            return payloadVersion;
        }

        /** The payload's size in bytes. */
        public int payloadSize() {
            return payload.length;
        }
    }

    /**
     * Writes one state: envelope, then {@code codec}'s payload for {@code model}. Flushes, does not close.
     *
     * @param args    the spec's resolved arguments ({@link ModelSpec#resolvedArgs()})
     * @param compact whether to write only the fingerprint of the arguments instead of the arguments
     * @throws ModelStateException when an argument value has a type a state cannot hold
     */
    public static void write(OutputStream out, String alias, Map<String, ?> args, boolean compact, StateCodec codec,
            FittedModel model) throws IOException {
        Objects.requireNonNull(out, "out");
        StateWriter header = new StateWriter();
        header.writeString(alias);
        if (compact) {
            header.writeByte(ARGS_FINGERPRINT);
            header.writeLong(fingerprint(args));
        } else {
            header.writeByte(ARGS_INLINE);
            header.writeValue(args);
        }
        writeEnvelope(out, header, codec, model);
    }

    /**
     * Writes one compact state whose arguments' {@link #fingerprint} the caller already holds, as
     * {@link #write} with {@code compact} does: for callers writing many series of one spec, which
     * would otherwise hash the same arguments once per series.
     */
    public static void writeCompact(OutputStream out, String alias, long argsFingerprint, StateCodec codec,
            FittedModel model) throws IOException {
        Objects.requireNonNull(out, "out");
        StateWriter header = new StateWriter();
        header.writeString(alias);
        header.writeByte(ARGS_FINGERPRINT);
        header.writeLong(argsFingerprint);
        writeEnvelope(out, header, codec, model);
    }

    private static void writeEnvelope(OutputStream out, StateWriter header, StateCodec codec, FittedModel model)
            throws IOException {
        StateWriter payload = new StateWriter();
        codec.write(model, payload);
        byte[] h = header.toByteArray();
        byte[] p = payload.toByteArray();
        CheckedOutputStream checked = new CheckedOutputStream(out, new CRC32());
        DataOutputStream d = new DataOutputStream(checked);
        d.writeInt(MAGIC);
        d.writeInt(VERSION);
        d.writeInt(h.length);
        d.write(h);
        d.writeInt(codec.version());
        d.writeInt(p.length);
        d.write(p);
        d.writeInt((int) checked.getChecksum().getValue());
        d.flush();
    }

    /**
     * Reads and checks one envelope (magic, format version, lengths, checksum) without decoding the payload.
     *
     * @throws ModelStateException when the stream is empty, not a model state, of another format
     *                             version, truncated or corrupt
     */
    public static Envelope read(InputStream in) throws IOException {
        CheckedInputStream checked = new CheckedInputStream(Objects.requireNonNull(in, "in"), new CRC32());
        DataInputStream d = new DataInputStream(checked);
        int first = d.read();
        if (first < 0) {
            throw new ModelStateException("no model state: the stream is empty");
        }
        int magic;
        try {
            magic = first << 24 | d.readUnsignedByte() << 16 | d.readUnsignedByte() << 8 | d.readUnsignedByte();
        } catch (EOFException e) {
            throw new ModelStateException("not a Vigil model state: the stream holds fewer than 4 bytes");
        }
        if (magic != MAGIC) {
            throw new ModelStateException(String.format("not a Vigil model state: it starts with 0x%08X, a model state"
                    + " starts with 0x%08X (\"VGMS\")", magic, MAGIC));
        }
        try {
            int version = d.readInt();
            if (version != VERSION) {
                throw new ModelStateException("model state format version " + version + " is not supported: this build"
                        + " reads format version " + VERSION + (version > VERSION ? " (the state was written by a newer"
                        + " version of Vigil)" : ""));
            }
            int headerLength = d.readInt();
            if (headerLength < 0 || headerLength > MAX_HEADER) {
                throw new ModelStateException("the model state is corrupt: header length " + headerLength);
            }
            byte[] h = readExactly(d, headerLength);
            StateReader hr = new StateReader(h, "a model");
            String alias = hr.readString();
            int layout = hr.readUnsignedByte();
            Object args = layout == ARGS_INLINE ? hr.readValue() : null;
            long fingerprint = layout == ARGS_FINGERPRINT ? hr.readLong() : 0;
            if (layout > ARGS_FINGERPRINT || layout == ARGS_INLINE && !(args instanceof Map) || hr.remaining() != 0) {
                throw new ModelStateException("the state of model '" + alias + "' is corrupt: malformed header");
            }
            int payloadVersion = d.readInt();
            int payloadLength = d.readInt();
            if (payloadLength < 0) {
                throw new ModelStateException("the state of model '" + alias + "' is corrupt: payload length "
                        + payloadLength);
            }
            byte[] p = readExactly(d, payloadLength);
            int expected = (int) checked.getChecksum().getValue();
            int stored = d.readInt();
            if (stored != expected) {
                throw new ModelStateException("the state of model '" + alias + "' is corrupt: checksum mismatch");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> a = (Map<String, Object>) args;
            return new Envelope(alias, a, a == null ? fingerprint : fingerprint(a), payloadVersion, p);
        } catch (EOFException e) {
            throw new ModelStateException("the model state is truncated: the stream ends before the state does");
        }
    }

    private static byte[] readExactly(DataInputStream d, int n) throws IOException {
        byte[] b = d.readNBytes(n);
        if (b.length != n) {
            throw new EOFException();
        }
        return b;
    }

    /**
     * Decodes the payload of {@code e} into a model of {@code spec} with {@code codec}.
     *
     * @throws ModelStateException when the payload version is outside what the codec reads, when
     *                             the payload is corrupt or inconsistent with the spec, or when
     *                             bytes are left over
     */
    public static FittedModel decode(Envelope e, StateCodec codec, ModelSpec spec) throws IOException {
        String model = "model '" + e.alias() + "'";
        int v = e.payloadVersion();
        if (v < codec.oldestReadable() || v > codec.version()) {
            String supported = codec.oldestReadable() == codec.version() ? "version " + codec.version()
                    : "versions " + codec.oldestReadable() + " to " + codec.version();
            throw new ModelStateException("the state of " + model + " has payload version " + v + ", but this build"
                    + " reads " + supported + (v > codec.version() ? " (the state was written by a newer version of"
                    + " Vigil)" : " (the state is too old; fit the model again)"));
        }
        StateReader r = new StateReader(e.payload, model);
        FittedModel m;
        try {
            m = codec.read(spec, v, r);
        } catch (ModelStateException x) {
            throw x;
        } catch (RuntimeException x) {
            throw new ModelStateException("the state of " + model + " is corrupt: " + x.getMessage(), x);
        }
        if (r.remaining() != 0) {
            throw r.corrupt(r.remaining() + " bytes are left after the payload");
        }
        return m;
    }

    /**
     * The arguments whose value differs between a stored map and a spec's resolved arguments now,
     * as user-facing sentences; empty when every stored argument has the same value now (arguments
     * added since, with their defaults, are not differences). Values are compared as
     * {@link StateWriter#writeValue} writes them.
     */
    public static List<String> argumentDifferences(Map<String, ?> stored, Map<String, ?> now) throws IOException {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, ?> e : stored.entrySet()) {
            String k = e.getKey();
            if (!now.containsKey(k)) {
                out.add("argument '" + k + "' (" + e.getValue() + ") is no longer resolved");
            } else if (!Arrays.equals(bytes(e.getValue()), bytes(now.get(k)))) {
                out.add("argument '" + k + "' was " + e.getValue() + " and now resolves to " + now.get(k));
            }
        }
        return out;
    }

    /**
     * A 64-bit fingerprint of resolved arguments: the first 8 bytes of the SHA-256 of their
     * {@link StateWriter#writeValue} encoding. Equal maps (same keys in the same order, same values
     * and types) have equal fingerprints.
     */
    public static long fingerprint(Map<String, ?> args) throws IOException {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(bytes(args));
            return ByteBuffer.wrap(h).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static byte[] bytes(Object v) throws IOException {
        StateWriter w = new StateWriter();
        w.writeValue(v);
        return w.toByteArray();
    }
}
