package dev.vigil.runner.cli;

/**
 * A mistake of the user (a missing file, an impossible option value): printed as one line, exit
 * code 2, no stack trace.
 */
public class UserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** An exception with a user-facing message. */
    public UserException(String message) {
        super(message);
    }
}
