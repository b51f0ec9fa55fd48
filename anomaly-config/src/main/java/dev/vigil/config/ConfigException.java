package dev.vigil.config;

import java.util.List;

/**
 * The configuration could not be loaded or is invalid. Carries every error found, each with its YAML
 * path and line; the message is meant for the user, not a stack trace. Immutable and thread-safe.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigError> errors;

    /** An exception listing {@code errors} (at least one). */
    public ConfigException(List<ConfigError> errors) {
        super(format(errors));
        this.errors = List.copyOf(errors);
    }

    /** Every error found, in document order. */
    public List<ConfigError> errors() {
        return errors;
    }

    private static String format(List<ConfigError> errors) {
        StringBuilder sb = new StringBuilder("invalid configuration (" + errors.size() + " error"
                + (errors.size() == 1 ? "" : "s") + "):");
        for (ConfigError e : errors) {
            sb.append("\n  - ").append(e);
        }
        return sb.toString();
    }
}
