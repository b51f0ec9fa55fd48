package dev.vigil.config;

import dev.vigil.config.ConfigKey.Section;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Validates the {@code settings} section into {@link Settings}. Stateless and thread-safe. */
final class SettingsSection {

    private static final Set<String> LEVELS = Set.of("debug", "info", "warning", "warn", "error", "critical", "fatal");

    private SettingsSection() {
    }

    /** The settings at {@code node} (absent: every default), recording mistakes in {@code diag}. */
    static Settings validate(Diagnostics diag, Node node) {
        Fields f = node == null ? null : Fields.of(diag, "settings", node, Section.SETTINGS);
        if (f == null) { // absent, or not a mapping (an error): every default
            f = Fields.of(diag, "settings", node, Map.of(), Section.SETTINGS);
        }
        f.checkKeys();
        long w = f.integer("n_workers");
        int workers = 1;
        if (w < -1) {
            f.error("n_workers", "must be >= -1 (0 or -1 = all cores), got " + w);
        } else {
            workers = w <= 0 ? Runtime.getRuntime().availableProcessors() : (int) w;
        }
        double outside = f.number("anomaly_score_outside_data_range");
        boolean restore = f.bool("restore_state");
        if (f.isSet("retention")) {
            f.error("retention", "retention of stale models is not supported yet");
        }
        Map<String, String> levels = new LinkedHashMap<>();
        Fields ll = f.section("logger_levels", null);
        if (ll != null) {
            ll.map().forEach((k, v) -> {
                String lv = String.valueOf(v.value()).toLowerCase(Locale.ROOT);
                if (!LEVELS.contains(lv)) {
                    ll.error(k, v, "unknown level \"" + v.value() + "\"; use one of debug, info, warning, error,"
                            + " critical");
                } else {
                    levels.put(k, lv);
                }
            });
        }
        return new Settings(workers, outside, Collections.unmodifiableMap(levels), restore);
    }
}
