package dev.vigil.runner.config;

/**
 * HTTP credentials and TLS settings as written in a section (all optional, {@code null} when unset):
 * {@code monitoring.push} keeps them; the reader and writer turn them into the client's
 * {@link dev.vigil.vm.HttpSettings}. Immutable and thread-safe.
 */
public record Auth(String user, String password, String bearerToken, String bearerTokenFile, Object verifyTls,
                   String tlsCertFile, String tlsKeyFile) {

    /** No credentials. */
    public static final Auth NONE = new Auth(null, null, null, null, Boolean.TRUE, null, null);
}
