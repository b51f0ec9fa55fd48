package dev.vigil.models;

/**
 * A model's arguments are invalid: unknown model, unknown argument, wrong type or out of range.
 * The message names the model and the argument and quotes the value; it is meant for the user.
 * {@link #argument()} names the failing argument for callers that point at it (a YAML line).
 */
public class ModelConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The failing argument, or {@code null}. */
    private final String argument;

    /** An exception with a user-facing message, about no single argument. */
    public ModelConfigException(String message) {
        this(message, null);
    }

    /**
     * An exception about one argument.
     *
     * @param message the user-facing message
     * @param argument the argument's name as given to the model (e.g. {@code z_threshold}), or {@code null}
     */
    public ModelConfigException(String message, String argument) {
        super(message);
        this.argument = argument;
    }

    /**
     * The argument at fault as the model received it ({@code z_threshold}; for nested arguments the
     * name the model reports, e.g. {@code args.trend}), or {@code null} when the failure is not one
     * argument's (an unknown model, a fit-time failure).
     */
    public String argument() {
        return argument;
    }
}
