package dev.vigil.runner.config;

/** HTTP credentials and TLS settings shared by reader, writer and push (all optional, {@code null} when unset). */
public record Auth(String user, String password, String bearerToken, String bearerTokenFile, Object verifyTls,
                   String tlsCertFile, String tlsKeyFile) {

    /** No credentials. */
    public static final Auth NONE = new Auth(null, null, null, null, Boolean.TRUE, null, null);
}
