package dev.vigil.runner.config;

import static dev.vigil.runner.config.ConfigKeys.LOGGER_LEVELS;
import static dev.vigil.runner.config.ConfigKeys.N_WORKERS;
import static dev.vigil.runner.config.ConfigKeys.OUTSIDE_DATA_RANGE;
import static dev.vigil.runner.config.ConfigKeys.RESTORE_STATE;
import static dev.vigil.runner.config.ConfigKeys.RETENTION;

import dev.vigil.runner.config.ConfigKey.Section;
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
        Fields f = node == null ? null : Fields.of(diag, "settings", node);
        if (f == null) {
            return new Settings(workers(Long.parseLong(N_WORKERS.defaultValue())),
                    Double.parseDouble(OUTSIDE_DATA_RANGE.defaultValue()), Map.of());
        }
        f.checkKeys(Section.SETTINGS);
        long w = f.integer(N_WORKERS);
        int workers = 1;
        if (w < -1) {
            f.error(N_WORKERS, "must be >= -1 (0 or -1 = all cores), got " + w);
        } else {
            workers = workers(w);
        }
        double outside = f.number(OUTSIDE_DATA_RANGE);
        if (f.contains(RESTORE_STATE) && Boolean.TRUE.equals(f.bool(RESTORE_STATE))) {
            f.error(RESTORE_STATE, "state restoration is not supported yet; remove it or set false");
        }
        if (f.isSet(RETENTION)) {
            f.error(RETENTION, "retention of stale models is not supported yet");
        }
        Map<String, String> levels = new LinkedHashMap<>();
        Fields ll = f.section(LOGGER_LEVELS);
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
        return new Settings(workers, outside, Collections.unmodifiableMap(levels));
    }

    /** {@code n_workers}: 0 and -1 mean every core. */
    private static int workers(long w) {
        return w <= 0 ? Runtime.getRuntime().availableProcessors() : (int) w;
    }
}
