package dev.vigil.vm;

/**
 * A configuration mistake: the message names the vmanomaly key and quotes the offending value.
 * Raised once, when a config record is built.
 */
public final class VmConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the key and the value */
    public VmConfigException(String message) {
        super(message);
    }

    /** @param message what is wrong; @param cause the underlying failure (e.g. an unreadable file) */
    public VmConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
