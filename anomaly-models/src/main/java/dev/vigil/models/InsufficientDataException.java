package dev.vigil.models;

/**
 * Too few valid points to fit a model. An expected condition (counted as a skipped run by the
 * runner), not a bug; the message says how many points were needed and how many there were.
 */
public class InsufficientDataException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /** An exception with a user-facing message. */
    public InsufficientDataException(String message) {
        super(message);
    }
}
