package dev.vigil.vm;

/**
 * Receives what the client would otherwise log or count: one {@link RequestEvent} per HTTP attempt
 * and warnings. Implementations must be thread-safe (chunks are fetched concurrently) and fast;
 * they are called on the requesting thread. Exceptions thrown by a listener are swallowed so that
 * observability never breaks a read or a write.
 */
public interface VmListener {

    /** A listener that ignores everything. */
    VmListener NONE = new VmListener() {
    };

    /** Called after every HTTP attempt, successful or not (failed retries included). */
    default void onRequest(RequestEvent event) {
    }

    /**
     * A warning the caller should log, e.g. a series without tenant labels written to {@code 0:0}, or a
     * range split into chunks.
     *
     * @param component {@code reader} or {@code writer}
     * @param message   human-readable text (no credentials)
     */
    default void onWarning(String component, String message) {
    }
}
