package dev.vigil.runner.config;

import dev.vigil.vm.HttpSettings;
import dev.vigil.vm.VmConfigException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Builds the VictoriaMetrics client's settings records from validated sections, and turns a
 * {@link VmConfigException} of the client (a malformed URL or tenant, conflicting credentials, an
 * unreadable TLS file) into an error at the YAML key it names. Stateless and thread-safe.
 */
final class ClientSettings {

    private ClientSettings() {
    }

    /**
     * The client's connection settings of a section's URL, tenant, credentials, TLS keys and timeout.
     *
     * @throws VmConfigException naming the key at fault ({@link VmConfigException#key()})
     */
    static HttpSettings http(String url, String tenantId, Auth auth, Duration timeout) {
        HttpSettings.Builder b = HttpSettings.builder(url).tenantId(tenantId).timeout(timeout);
        if (auth != null) {
            if (auth.user() != null || auth.password() != null) {
                b.basicAuth(auth.user(), auth.password());
            }
            b.bearerToken(auth.bearerToken()).bearerTokenFile(auth.bearerTokenFile());
            if (auth.verifyTls() != null) {
                b.verifyTls(String.valueOf(auth.verifyTls()));
            }
            if (auth.tlsCertFile() != null || auth.tlsKeyFile() != null) {
                b.clientCertificate(auth.tlsCertFile(), auth.tlsKeyFile());
            }
        }
        return b.build();
    }

    /**
     * Runs {@code build}; when the client refuses a key, records the error at that key of {@code f}
     * (at {@code f} itself when the client names none) and returns {@code null}.
     */
    static <T> T build(Fields f, Supplier<T> build) {
        try {
            return build.get();
        } catch (VmConfigException e) {
            String key = e.key();
            Node at = key == null ? null : find(f.node(), key);
            if (key == null || at == null) {
                f.diagnostics().error(key == null ? f.path() : f.pathOf(key), f.node(), e.getMessage());
            } else {
                f.error(key, at, e.getMessage());
            }
            return null;
        }
    }

    /** The node at a dotted path below {@code node} ({@code metric_format.__name__}), or {@code null}. */
    private static Node find(Node node, String dotted) {
        Node n = node;
        for (String part : dotted.split("\\.")) {
            if (n == null || !n.isMap()) {
                return null;
            }
            n = n.map().get(part);
        }
        return n;
    }
}
