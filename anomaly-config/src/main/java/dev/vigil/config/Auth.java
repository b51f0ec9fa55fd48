package dev.vigil.config;

import dev.vigil.vm.HttpSettings;
import java.time.Duration;

/**
 * HTTP credentials and TLS settings as written in a section (all optional, {@code null} when unset):
 * {@code monitoring.push} keeps them; the reader and writer turn them into the client's
 * {@link HttpSettings}. Immutable and thread-safe.
 */
public record Auth(String user, String password, String bearerToken, String bearerTokenFile, Object verifyTls,
                   String tlsCertFile, String tlsKeyFile) {

    /** No credentials. */
    public static final Auth NONE = new Auth(null, null, null, null, Boolean.TRUE, null, null);

    /**
     * The client's connection settings of a section's URL, tenant, these credentials and TLS keys, and timeout.
     *
     * @throws dev.vigil.vm.VmConfigException naming the key at fault
     */
    HttpSettings http(String url, String tenantId, Duration timeout) {
        HttpSettings.Builder b = HttpSettings.builder(url).tenantId(tenantId).timeout(timeout);
        if (user != null || password != null) {
            b.basicAuth(user, password);
        }
        b.bearerToken(bearerToken).bearerTokenFile(bearerTokenFile);
        if (verifyTls != null) {
            b.verifyTls(String.valueOf(verifyTls));
        }
        if (tlsCertFile != null || tlsKeyFile != null) {
            b.clientCertificate(tlsCertFile, tlsKeyFile);
        }
        return b.build();
    }
}
