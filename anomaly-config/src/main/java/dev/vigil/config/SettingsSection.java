package dev.vigil.config;

import dev.vigil.config.ConfigKey.Section;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Validates the {@code settings} section into {@link Settings}. Stateless and thread-safe. */
final class SettingsSection {

    /** The most workers {@code n_workers} may ask for. */
    static final int MAX_WORKERS = 1024;

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
        int workers = workers(f, Runtime.getRuntime().availableProcessors());
        double outside = f.number("anomaly_score_outside_data_range");
        f.noEffect("native_threads_per_worker", "Vigil's models are plain Java, with no native BLAS/OpenMP"
                + " threads to cap; n_workers bounds the parallelism");
        boolean restore = f.bool("restore_state");
        Settings.Retention retention = retention(f);
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
        return new Settings(workers, outside, Collections.unmodifiableMap(levels), restore, retention);
    }

    /**
     * {@code retention}: absent or null is off; else {@code ttl} is required and {@code check_interval}
     * defaults to {@link Settings.Retention#DEFAULT_CHECK_INTERVAL} (or {@code ttl} when shorter); both
     * at least one second; a {@code check_interval} above {@code ttl} warns (stale models are then
     * dropped up to {@code check_interval} late).
     */
    static Settings.Retention retention(Fields f) {
        if (!f.isSet("retention")) {
            return null;
        }
        Fields r = f.section("retention", Section.RETENTION);
        if (r == null) {
            return null;
        }
        r.checkKeys();
        r.require("ttl", " (e.g. ttl: 1d): how long the model of a series that is no longer fitted or inferred is kept");
        Duration ttl = r.duration("ttl", true);
        Duration check = r.duration("check_interval", null, true);
        r.atLeastSecond("ttl", ttl);
        r.atLeastSecond("check_interval", check);
        if (ttl == null) {
            return null;
        }
        if (check == null) {
            check = ttl.compareTo(Settings.Retention.DEFAULT_CHECK_INTERVAL) < 0 ? ttl
                    : Settings.Retention.DEFAULT_CHECK_INTERVAL;
        } else if (check.compareTo(ttl) > 0) {
            r.warn(r.pathOf("check_interval") + " (" + r.get("check_interval").value() + ") is longer than "
                    + r.pathOf("ttl") + " (" + r.get("ttl").value() + "): stale models are dropped up to "
                    + r.get("check_interval").value() + " after their ttl expires");
        }
        return new Settings.Retention(ttl, check);
    }

    /**
     * {@code n_workers}: {@code 0} or {@code -1} is every core; more than {@link #MAX_WORKERS} is refused
     * (each worker is a thread, and so many would exhaust memory rather than speed anything up); more than
     * {@code cores} warns, as extra workers only contend for the same cores.
     */
    static int workers(Fields f, int cores) {
        long w = f.integer("n_workers");
        if (w < -1) {
            f.error("n_workers", "must be >= -1 (0 or -1 = all cores), got " + w);
            return 1;
        }
        if (w > MAX_WORKERS) {
            f.error("n_workers", "must be at most " + MAX_WORKERS + " (0 or -1 = all " + cores + " cores), got " + w);
            return 1;
        }
        if (w > cores) {
            f.warn(f.pathOf("n_workers") + " is " + w + " but only " + cores + " cores are available: the extra"
                    + " workers contend for the same cores without speeding anything up");
        }
        return w <= 0 ? cores : (int) w;
    }
}
