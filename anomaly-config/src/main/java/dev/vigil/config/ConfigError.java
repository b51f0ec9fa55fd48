package dev.vigil.config;

/**
 * One user mistake in the configuration. Immutable and thread-safe.
 *
 * @param path YAML path such as {@code models.m1.z_threshold}
 * @param where {@code file:line} of the offending node, or the file alone when the key is missing
 * @param message what is wrong and, when possible, what would be right
 */
public record ConfigError(String path, String where, String message) {

    @Override
    public String toString() {
        return (path.isEmpty() ? "" : path + " ") + "(" + where + "): " + message;
    }
}
