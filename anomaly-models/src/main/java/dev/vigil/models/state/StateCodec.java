package dev.vigil.models.state;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import java.io.IOException;

/**
 * Writes and reads the fitted state of one model family: the numbers a fitted model holds beyond
 * its spec (the spec itself, alias and resolved arguments, is written by the envelope, see
 * {@link StateFormat}). A codec is registered with its model
 * ({@code ModelRegistry.Entry#codec()}); a model registered without one cannot be saved.
 *
 * <p><b>Versions</b>: the payload has its own version, {@link #version()}, bumped whenever the
 * payload layout or the meaning of a field changes. {@link #read} is called only with a version in
 * {@code [oldestReadable(), version()]}; anything else is refused by the envelope with a message
 * naming the model and both versions. A codec that can no longer interpret an old version raises
 * {@link #oldestReadable()} instead of guessing.
 *
 * <p><b>Contract</b>: {@code read(spec, version(), write(model))} gives a model whose
 * {@code infer} (and, online, {@code inferAndUpdate}, {@code samplesSeen}) output is bit-identical to
 * the original's, now and after any further updates. Writing does not change the model. Codecs
 * are stateless and thread-safe; {@code write} must not run concurrently with an update of the
 * same online model (models are single-writer).
 */
public interface StateCodec {

    /** The payload version {@link #write} produces, at least 1. */
    int version();

    /** The oldest payload version {@link #read} still understands; {@link #version()} by default. */
    default int oldestReadable() {
        return version();
    }

    /**
     * Writes the fitted numbers of {@code model}, which was fitted from a spec of this codec's model.
     *
     * @throws ModelStateException when the model is not of this codec's family
     */
    void write(FittedModel model, StateWriter out) throws IOException;

    /**
     * Rebuilds a model of {@code spec} from a payload of the given version.
     *
     * @param spec    the spec rebuilt from the stored alias and arguments
     * @param version the payload version, in {@code [oldestReadable(), version()]}
     * @throws ModelStateException when the payload is inconsistent with the spec or corrupt
     */
    FittedModel read(ModelSpec spec, int version, StateReader in) throws IOException;
}
