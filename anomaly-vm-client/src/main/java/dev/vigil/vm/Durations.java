package dev.vigil.vm;

import java.time.Duration;

/**
 * The client's config durations: {@link dev.vigil.core.time.Durations#parse} (Prometheus style such as
 * {@code 500ms}, {@code 1m30s}, {@code -60s}, a bare number of seconds, or ISO-8601), with the failure
 * reported as a {@link VmConfigException} that names the config key.
 */
final class Durations {

    private Durations() {
    }

    static Duration parse(String key, String text) {
        try {
            return dev.vigil.core.time.Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new VmConfigException("'" + key + "': " + e.getMessage());
        }
    }
}
