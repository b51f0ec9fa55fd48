package dev.vigil.models.registry;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.state.ModelStateException;
import dev.vigil.models.state.StateCodec;
import dev.vigil.models.state.StateFormat;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * Saves a fitted model to a stream and restores it: the state holds the model's alias, its resolved
 * arguments and its fitted numbers ({@link StateFormat}; {@code docs/model-state.md}), and a restored
 * model gives bit-identical {@code infer} output, and for an online model bit-identical
 * {@code inferAndUpdate} output and {@code samplesSeen}, now and after any further updates.
 *
 * <p>Each model family's payload is written by the {@link StateCodec} of its
 * {@link ModelRegistry.Entry}; a model registered without a codec cannot be saved (a
 * {@link ModelStateException} says so). Reading rebuilds the spec from the stored alias and
 * arguments with the registry and checks that every stored argument resolves to the same value
 * today; a state of another format or payload version, a truncated or corrupt one, or one whose
 * arguments resolve differently is refused with a {@link ModelStateException}, never turned into
 * a different model. A state stored under a {@linkplain ModelRegistry.Redirect redirected} name is read
 * as the model that name meant when it was written ({@code zscore}: the offline z-score).
 *
 * <p>No I/O beyond the given streams; streams are neither buffered ahead nor closed, and one read
 * consumes exactly one state, so many states can share a stream. Stateless and thread-safe; saving
 * an online model must not run concurrently with its updates (online models are single-writer).
 */
public final class ModelStates {

    private ModelStates() {
    }

    /** Writes the state of {@code model}, a model of the {@linkplain ModelRegistry#standard() standard registry}. */
    public static void write(FittedModel model, OutputStream out) throws IOException {
        write(model, out, ModelRegistry.standard());
    }

    /**
     * Writes the state of {@code model}, whose spec's alias is known to {@code registry}. Flushes,
     * does not close. The model is not changed.
     *
     * @throws ModelStateException when the model's alias is unknown to the registry or has no codec,
     *                             or an argument value has a type a state cannot hold
     */
    public static void write(FittedModel model, OutputStream out, ModelRegistry registry) throws IOException {
        write(model, out, registry, false);
    }

    /**
     * Writes a compact state of {@code model}: the arguments are replaced by their 8-byte fingerprint,
     * which saves a few hundred bytes per state (more than the whole payload of the simplest models)
     * when many series share one spec. It can only be read back with
     * {@link #read(InputStream, ModelSpec, ModelRegistry)} and a spec whose resolved arguments are
     * exactly those of {@code model}'s spec. Otherwise as {@link #write(FittedModel, OutputStream, ModelRegistry)}.
     */
    public static void writeCompact(FittedModel model, OutputStream out, ModelRegistry registry) throws IOException {
        ModelSpec spec = Objects.requireNonNull(model, "model").spec();
        StateFormat.writeCompact(out, spec.alias(), fingerprint(spec), codec(registry, spec.alias()), model);
    }

    /** The spec whose arguments were fingerprinted last, and their fingerprint. */
    private record SpecFingerprint(ModelSpec spec, long value) {
    }

    /**
     * The last fingerprint computed: a store writes or reads the compact states of many series of one
     * spec in a row, and hashing its arguments once per series cost more than the states themselves.
     * Specs are immutable, so one spec instance always has the same fingerprint.
     */
    private static volatile SpecFingerprint lastFingerprint;

    /** The {@link StateFormat#fingerprint} of {@code spec}'s resolved arguments. */
    private static long fingerprint(ModelSpec spec) throws IOException {
        SpecFingerprint last = lastFingerprint;
        if (last != null && last.spec() == spec) {
            return last.value();
        }
        long value = StateFormat.fingerprint(spec.resolvedArgs());
        lastFingerprint = new SpecFingerprint(spec, value);
        return value;
    }

    private static void write(FittedModel model, OutputStream out, ModelRegistry registry, boolean compact)
            throws IOException {
        ModelSpec spec = Objects.requireNonNull(model, "model").spec();
        StateFormat.write(out, spec.alias(), spec.resolvedArgs(), compact, codec(registry, spec.alias()), model);
    }

    /** The state of {@code model} as bytes ({@link #write(FittedModel, OutputStream)}). */
    public static byte[] toBytes(FittedModel model) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(model, out);
        return out.toByteArray();
    }

    /** Reads one state written for a model of the standard registry. */
    public static FittedModel read(InputStream in) throws IOException {
        return read(in, ModelRegistry.standard());
    }

    /** Reads a state from bytes ({@link #read(InputStream)}); the bytes must hold exactly one state. */
    public static FittedModel fromBytes(byte[] state) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(state);
        FittedModel m = read(in);
        if (in.available() != 0) {
            throw new ModelStateException("the bytes hold " + in.available() + " more bytes after the model state");
        }
        return m;
    }

    /**
     * Reads one state, rebuilding its spec from the stored alias and arguments with {@code registry}.
     *
     * @throws ModelStateException when the stream holds no valid state of a supported version, the
     *                             model is unknown or has no codec, or its stored arguments are no
     *                             longer valid or resolve differently
     */
    public static FittedModel read(InputStream in, ModelRegistry registry) throws IOException {
        StateFormat.Envelope e = StateFormat.read(in);
        StateCodec codec = codec(registry, e.alias());
        String model = registry.stateEntry(e.alias()).alias();
        if (!e.hasArgs()) {
            throw new ModelStateException("the state of model '" + e.alias() + "' is compact (it holds no arguments):"
                    + " read it with the spec it was written for");
        }
        ModelSpec spec;
        try {
            spec = registry.create(model, e.args());
        } catch (ModelConfigException x) {
            throw new ModelStateException("the state of model '" + e.alias() + "' holds arguments this build no longer"
                    + " accepts: " + x.getMessage(), x);
        }
        checkArgs(e, spec);
        return StateFormat.decode(e, codec, spec);
    }

    /**
     * Reads one state into a model of the given spec, which must have the stored alias and resolve
     * every stored argument to the stored value (so many series can share one spec instance); a
     * compact state requires the spec's resolved arguments to have exactly the stored fingerprint.
     *
     * @throws ModelStateException as {@link #read(InputStream, ModelRegistry)}, and when the state was
     *                             written for another model or other arguments
     */
    public static FittedModel read(InputStream in, ModelSpec spec, ModelRegistry registry) throws IOException {
        StateFormat.Envelope e = StateFormat.read(in);
        StateCodec codec = codec(registry, e.alias());
        if (!spec.alias().equals(registry.stateEntry(e.alias()).alias())) {
            throw new ModelStateException("the state was written for model '" + e.alias() + "', not for '"
                    + spec.alias() + "'");
        }
        checkArgs(e, spec);
        return StateFormat.decode(e, codec, spec);
    }

    private static void checkArgs(StateFormat.Envelope e, ModelSpec spec) throws IOException {
        if (!e.hasArgs()) {
            if (fingerprint(spec) != e.argsFingerprint()) {
                throw new ModelStateException("the compact state of model '" + e.alias() + "' was written for other"
                        + " arguments than " + spec.resolvedArgs() + " (their fingerprints differ)");
            }
            return;
        }
        List<String> diff = StateFormat.argumentDifferences(e.args(), spec.resolvedArgs());
        if (!diff.isEmpty()) {
            throw new ModelStateException("the state of model '" + e.alias() + "' does not match its spec: "
                    + String.join("; ", diff));
        }
    }

    private static StateCodec codec(ModelRegistry registry, String alias) throws ModelStateException {
        ModelRegistry.Entry entry;
        try {
            entry = registry.stateEntry(alias);
        } catch (ModelConfigException x) {
            throw new ModelStateException("model '" + alias + "' is not known to this registry: " + x.getMessage(), x);
        }
        if (entry.codec() == null) {
            throw new ModelStateException("model '" + entry.alias() + "' does not support saving its state (its"
                    + " registry entry has no state codec)");
        }
        return entry.codec();
    }
}
