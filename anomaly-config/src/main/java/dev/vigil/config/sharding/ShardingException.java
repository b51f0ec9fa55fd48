package dev.vigil.config.sharding;

/**
 * A sharding environment variable has a bad value, or the configuration cannot be split as asked.
 * The message names the variable and the value.
 */
public final class ShardingException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the variable and its value */
    public ShardingException(String message) {
        super(message);
    }
}
