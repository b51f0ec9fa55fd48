package dev.vigil.eval;

/**
 * A user's input is unusable: a missing file or folder, a malformed label set, scores that do not
 * match their data. The message names the file and the offending value; callers show it without a
 * stack trace (the runner's CLI exits with code 2). Immutable and thread-safe.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a user-facing message. */
    public InputException(String message) {
        super(message);
    }
}
