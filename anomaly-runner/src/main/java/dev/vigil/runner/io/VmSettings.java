package dev.vigil.runner.io;

/**
 * URLs of configured VictoriaMetrics endpoints fit for logs and metric labels. The connection settings
 * themselves come with the validated sections ({@link dev.vigil.config.ReaderConfig#client()},
 * {@link dev.vigil.config.WriterConfig#client()}). Stateless and thread-safe.
 */
final class VmSettings {

    private VmSettings() {
    }

    /**
     * The URL without {@code user:password@}, for logs and the {@code url} metric label.
     */
    static String withoutCredentials(String url) {
        return url == null ? null : url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
    }
}
