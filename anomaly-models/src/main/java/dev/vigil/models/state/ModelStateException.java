package dev.vigil.models.state;

import java.io.IOException;

/**
 * A model state cannot be written or read back: not a model state, a format or payload version
 * this build does not read, a truncated or corrupt stream, a model without a codec, or arguments
 * that no longer build the same spec. The message names the model when it is known and, for a
 * version, the version found and the versions supported; it is meant for the user. A state is
 * either restored exactly or refused with this exception, never silently turned into another model.
 */
public class ModelStateException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with a user-facing message. */
    public ModelStateException(String message) {
        super(message);
    }

    /** An exception with a user-facing message and its cause. */
    public ModelStateException(String message, Throwable cause) {
        super(message, cause);
    }
}
