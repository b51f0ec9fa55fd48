package dev.vigil.models;

/**
 * A model's arguments are invalid: unknown model, unknown argument, wrong type or out of range.
 * The message names the model and the argument and quotes the value; it is meant for the user.
 */
public class ModelConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An exception with a user-facing message. */
    public ModelConfigException(String message) {
        super(message);
    }
}
