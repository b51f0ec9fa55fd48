package dev.vigil.server;

import java.io.IOException;

/**
 * The API could not start: its address cannot be bound (in use, not local, no permission). The message
 * names the address and is meant for the user.
 */
public final class ServerStartException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with a user-facing {@code message} and its {@code cause}. */
    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
