package dev.vigil.runner.io;

import dev.vigil.runner.config.Auth;
import dev.vigil.runner.config.ClientSettings;
import dev.vigil.vm.HttpSettings;
import java.time.Duration;

/**
 * The anomaly-vm-client connection settings of a configured endpoint, and URLs fit for logs and
 * metric labels. The reader and writer sections carry their client settings already
 * ({@link dev.vigil.runner.config.ReaderConfig#client()}, {@link dev.vigil.runner.config.WriterConfig#client()}).
 * Stateless and thread-safe.
 */
public final class VmSettings {

    private VmSettings() {
    }

    /**
     * The client's connection settings of a section's URL, tenant, credentials and TLS keys.
     *
     * @throws dev.vigil.vm.VmConfigException naming the key at fault
     */
    public static HttpSettings http(String url, String tenantId, Auth auth, Duration timeout) {
        return ClientSettings.http(url, tenantId, auth, timeout);
    }

    /**
     * The URL without {@code user:password@}, for logs and the {@code url} metric label.
     */
    static String withoutCredentials(String url) {
        return url == null ? null : url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }
}
