package dev.vigil.vm;

/**
 * A configuration mistake: the message names the vmanomaly key and quotes the offending value;
 * {@link #key()} gives the key itself, so that a caller reading a YAML file can point at its line
 * without parsing the message. Raised once, when a config record is built.
 */
public final class VmConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The key at fault, or {@code null}. */
    private final String key;

    /** @param message what is wrong, naming the key and the value */
    public VmConfigException(String message) {
        this(null, message);
    }

    /**
     * @param key the vmanomaly key at fault, relative to its section ({@code timeout},
     *     {@code metric_format.__name__}), or {@code null} when no single key is
     * @param message what is wrong, naming the key and the value
     */
    public VmConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** @param message what is wrong; @param cause the underlying failure (e.g. an unreadable file) */
    public VmConfigException(String message, Throwable cause) {
        this(null, message, cause);
    }

    /**
     * @param key the vmanomaly key at fault, or {@code null}
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public VmConfigException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /**
     * The key at fault, relative to its section ({@code datasource_url}, {@code step},
     * {@code metric_format.__name__}), or {@code null} when the mistake is not one key's.
     */
    public String key() {
        return key;
    }
}
