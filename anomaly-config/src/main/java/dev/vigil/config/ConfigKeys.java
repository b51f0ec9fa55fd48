package dev.vigil.config;

import static dev.vigil.config.ConfigKey.Section.BACKTESTING;
import static dev.vigil.config.ConfigKey.Section.MODELS;
import static dev.vigil.config.ConfigKey.Section.MONITORING;
import static dev.vigil.config.ConfigKey.Section.ONEOFF;
import static dev.vigil.config.ConfigKey.Section.PERIODIC;
import static dev.vigil.config.ConfigKey.Section.PULL;
import static dev.vigil.config.ConfigKey.Section.PUSH;
import static dev.vigil.config.ConfigKey.Section.QUERY;
import static dev.vigil.config.ConfigKey.Section.READER;
import static dev.vigil.config.ConfigKey.Section.RETENTION;
import static dev.vigil.config.ConfigKey.Section.SERVER;
import static dev.vigil.config.ConfigKey.Section.SETTINGS;
import static dev.vigil.config.ConfigKey.Section.TOP;
import static dev.vigil.config.ConfigKey.Section.WRITER;
import static dev.vigil.config.ConfigKey.Support.DEPRECATED;
import static dev.vigil.config.ConfigKey.Support.EFFECTIVE;
import static dev.vigil.config.ConfigKey.Support.NO_EFFECT;
import static dev.vigil.config.ConfigKey.Support.PARTIAL;
import static dev.vigil.config.ConfigKey.Type.ALIASES;
import static dev.vigil.config.ConfigKey.Type.ANY;
import static dev.vigil.config.ConfigKey.Type.BOOLEAN;
import static dev.vigil.config.ConfigKey.Type.CLASS;
import static dev.vigil.config.ConfigKey.Type.DURATION;
import static dev.vigil.config.ConfigKey.Type.INTEGER;
import static dev.vigil.config.ConfigKey.Type.LIST;
import static dev.vigil.config.ConfigKey.Type.MAPPING;
import static dev.vigil.config.ConfigKey.Type.NUMBER;
import static dev.vigil.config.ConfigKey.Type.RANGE;
import static dev.vigil.config.ConfigKey.Type.SECTION;
import static dev.vigil.config.ConfigKey.Type.STRING;
import static dev.vigil.config.ConfigKey.Type.TIMESTAMP;
import static dev.vigil.config.ConfigKey.Type.ZONE;

import dev.vigil.config.ConfigKey.Section;
import dev.vigil.config.ConfigKey.Support;
import dev.vigil.config.ConfigKey.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table of every configuration key the runner accepts, one {@link ConfigKey} per row, in the
 * order of docs/configuration.md. The section validators read values through {@link Fields}, which
 * looks every key up here (reading a key the table does not list fails at once, so a key cannot be
 * validated without being listed); the unknown-key check and its suggestions use the rows of a
 * section, {@link Resolved} prints only keys listed here, and {@code ConfigurationDocTest} checks
 * docs/configuration.md against the table. Keys and defaults follow vmanomaly docs (v1.30) unless the
 * row says otherwise. Immutable and thread-safe.
 */
public final class ConfigKeys {

    /** Rows in table order; filled by {@link #key} in the static block below. */
    private static final List<ConfigKey> ROWS = new ArrayList<>();

    static {
        // ---- top level ----
        key(TOP, "schedulers", MAPPING, null, EFFECTIVE);
        key(TOP, "models", MAPPING, null, EFFECTIVE);
        key(TOP, "reader", SECTION, null, EFFECTIVE);
        key(TOP, "writer", SECTION, null, EFFECTIVE);
        key(TOP, "monitoring", SECTION, null, EFFECTIVE);
        key(TOP, "settings", SECTION, null, EFFECTIVE);
        key(TOP, "model", SECTION, null, DEPRECATED);
        key(TOP, "scheduler", SECTION, null, DEPRECATED);
        key(TOP, "server", SECTION, null, EFFECTIVE);
        key(TOP, "preset", STRING, null, EFFECTIVE);

        // ---- schedulers.<alias>, class: periodic ----
        key(PERIODIC, "class", CLASS, "periodic", EFFECTIVE);
        key(PERIODIC, "infer_every", DURATION, null, EFFECTIVE);
        key(PERIODIC, "fit_every", DURATION, null, EFFECTIVE);
        key(PERIODIC, "fit_window", DURATION, null, EFFECTIVE);
        key(PERIODIC, "start_from", STRING, null, EFFECTIVE);
        key(PERIODIC, "tz", ZONE, "UTC", EFFECTIVE);
        key(PERIODIC, "scatter_infer_jobs", BOOLEAN, "false", PARTIAL);

        // ---- schedulers.<alias>, class: oneoff ----
        key(ONEOFF, "class", CLASS, null, EFFECTIVE);
        instants(ONEOFF, "fit_start", false);
        instants(ONEOFF, "fit_end", false);
        instants(ONEOFF, "infer_start", false);
        instants(ONEOFF, "infer_end", false);

        // ---- schedulers.<alias>, class: backtesting ----
        key(BACKTESTING, "class", CLASS, null, EFFECTIVE);
        instants(BACKTESTING, "from", true);
        instants(BACKTESTING, "to", true);
        key(BACKTESTING, "fit_window", DURATION, null, EFFECTIVE);
        key(BACKTESTING, "fit_every", DURATION, null, EFFECTIVE);
        key(BACKTESTING, "inference_only", BOOLEAN, "false", EFFECTIVE);
        key(BACKTESTING, "n_jobs", INTEGER, "1", EFFECTIVE);
        key(BACKTESTING, "infer_every", DURATION, null, EFFECTIVE);
        key(BACKTESTING, "exact", BOOLEAN, "false", EFFECTIVE);

        // ---- models.<alias>: the runner's keys (every other key is a model argument) ----
        key(MODELS, "class", CLASS, null, EFFECTIVE);
        key(MODELS, "queries", ALIASES, null, EFFECTIVE);
        key(MODELS, "schedulers", ALIASES, null, EFFECTIVE);
        key(MODELS, "provide_series", LIST, null, EFFECTIVE);
        key(MODELS, "groupby", LIST, null, EFFECTIVE);

        // ---- reader ----
        key(READER, "class", CLASS, "vm", PARTIAL);
        key(READER, "datasource_url", STRING, null, EFFECTIVE);
        key(READER, "tenant_id", STRING, null, EFFECTIVE);
        key(READER, "sampling_period", DURATION, null, EFFECTIVE);
        key(READER, "queries", MAPPING, null, EFFECTIVE);
        key(READER, "query_range_path", STRING, "/api/v1/query_range", EFFECTIVE);
        key(READER, "health_path", ANY, null, NO_EFFECT);
        auth(READER);
        key(READER, "timeout", DURATION, "30s", EFFECTIVE);
        key(READER, "fetch_timeout", DURATION, null, EFFECTIVE);
        key(READER, "processing_timeout", ANY, null, NO_EFFECT);
        key(READER, "extra_filters", LIST, null, EFFECTIVE);
        key(READER, "query_from_last_seen_timestamp", BOOLEAN, "true", EFFECTIVE);
        key(READER, "query_last_seen_max_lookback", DURATION, null, EFFECTIVE);
        key(READER, "latency_offset", DURATION, "1ms", EFFECTIVE);
        key(READER, "max_points_per_query", INTEGER, null, EFFECTIVE);
        key(READER, "tz", ZONE, "UTC", EFFECTIVE);
        key(READER, "data_range", RANGE, "[-inf, inf]", EFFECTIVE);
        key(READER, "offset", DURATION, "0s", EFFECTIVE);
        key(READER, "series_processing_batch_size", INTEGER, "8", EFFECTIVE);
        key(READER, "workers", INTEGER, "0", EFFECTIVE);
        key(READER, "path", STRING, null, EFFECTIVE);

        // ---- reader.queries.<alias>: the defaults are the reader's ----
        key(QUERY, "expr", STRING, null, EFFECTIVE);
        key(QUERY, "step", DURATION, null, EFFECTIVE);
        key(QUERY, "data_range", RANGE, null, EFFECTIVE);
        key(QUERY, "max_points_per_query", INTEGER, null, EFFECTIVE);
        key(QUERY, "tz", ZONE, null, EFFECTIVE);
        key(QUERY, "tenant_id", STRING, null, EFFECTIVE);
        key(QUERY, "offset", DURATION, null, EFFECTIVE);
        // query-level business policies, passed to the models of the query (vmanomaly docs, Models, v1.30.2)
        key(QUERY, "detection_direction", ANY, null, EFFECTIVE);
        key(QUERY, "min_dev_from_expected", ANY, null, EFFECTIVE);
        key(QUERY, "min_rel_dev_from_expected", ANY, null, EFFECTIVE);

        // ---- writer ----
        key(WRITER, "class", CLASS, "vm", EFFECTIVE);
        key(WRITER, "datasource_url", STRING, null, EFFECTIVE);
        key(WRITER, "tenant_id", STRING, null, EFFECTIVE);
        key(WRITER, "metric_format", MAPPING, "{__name__: $VAR, for: $QUERY_KEY}", EFFECTIVE);
        auth(WRITER);
        key(WRITER, "timeout", DURATION, "5s", EFFECTIVE);
        key(WRITER, "connection_retry_attempts", INTEGER, "1", EFFECTIVE);
        key(WRITER, "batch_max_series", INTEGER, "1000", EFFECTIVE);
        key(WRITER, "batch_max_bytes", INTEGER, "8388608", EFFECTIVE);
        key(WRITER, "import_json_path", STRING, "/api/v1/import", DEPRECATED);
        key(WRITER, "health_path", ANY, null, NO_EFFECT);
        key(WRITER, "metric_prefix_cache_max_entries", ANY, null, NO_EFFECT);
        key(WRITER, "path", STRING, null, EFFECTIVE);
        key(WRITER, "report", STRING, null, EFFECTIVE);
        key(WRITER, "report_labels", STRING, null, EFFECTIVE);

        // ---- monitoring ----
        key(MONITORING, "pull", SECTION, null, EFFECTIVE);
        key(MONITORING, "push", SECTION, null, EFFECTIVE);
        key(PULL, "addr", STRING, "0.0.0.0", EFFECTIVE);
        key(PULL, "port", INTEGER, "8490", EFFECTIVE);
        key(PUSH, "url", STRING, null, EFFECTIVE);
        key(PUSH, "tenant_id", STRING, null, EFFECTIVE);
        auth(PUSH);
        key(PUSH, "timeout", DURATION, "5s", EFFECTIVE);
        key(PUSH, "push_frequency", DURATION, "15m", EFFECTIVE);
        key(PUSH, "extra_labels", MAPPING, null, EFFECTIVE);
        key(PUSH, "health_path", ANY, null, NO_EFFECT);

        // ---- server (vmanomaly docs, Server, v1.30.7) ----
        key(SERVER, "addr", STRING, "0.0.0.0", EFFECTIVE);
        key(SERVER, "port", INTEGER, "8490", EFFECTIVE);
        key(SERVER, "path_prefix", STRING, null, EFFECTIVE);
        key(SERVER, "max_concurrent_tasks", INTEGER, "2", EFFECTIVE);
        key(SERVER, "ui_default_state", STRING, null, EFFECTIVE);
        key(SERVER, "ui_allowed_models", LIST, null, EFFECTIVE);
        key(SERVER, "uvicorn_config", ANY, null, NO_EFFECT);
        key(SERVER, "use_reader_connection_settings", BOOLEAN, "false", EFFECTIVE);

        // ---- settings ----
        key(SETTINGS, "n_workers", INTEGER, "1", EFFECTIVE);
        key(SETTINGS, "anomaly_score_outside_data_range", NUMBER, "1.01", EFFECTIVE);
        key(SETTINGS, "logger_levels", MAPPING, null, EFFECTIVE);
        key(SETTINGS, "native_threads_per_worker", ANY, null, NO_EFFECT);
        key(SETTINGS, "restore_state", BOOLEAN, "false", EFFECTIVE);
        key(SETTINGS, "retention", SECTION, null, EFFECTIVE);
        key(RETENTION, "ttl", DURATION, null, EFFECTIVE);
        key(RETENTION, "check_interval", DURATION, null, EFFECTIVE);
    }

    private static final List<ConfigKey> ALL = List.copyOf(ROWS);
    private static final Map<Section, Map<String, ConfigKey>> BY_SECTION = bySection();

    private ConfigKeys() {
    }

    /** Every key, in the order of docs/configuration.md. */
    public static List<ConfigKey> all() {
        return ALL;
    }

    /** The keys of one section, in table order. */
    public static List<ConfigKey> of(Section section) {
        return List.copyOf(BY_SECTION.get(section).values());
    }

    /** The key names of one section. */
    public static Set<String> names(Section section) {
        return Collections.unmodifiableSet(BY_SECTION.get(section).keySet());
    }

    /**
     * The row of {@code name} in {@code section}.
     *
     * @throws IllegalStateException when the table has no such row: code reads or prints a key that is not listed
     */
    static ConfigKey get(Section section, String name) {
        ConfigKey k = section == null ? null : BY_SECTION.get(section).get(name);
        if (k == null) {
            throw new IllegalStateException("no key '" + name + "' in section " + section + " of the table");
        }
        return k;
    }

    /** The keys of {@code models.<alias>} that belong to the runner, not to the model: class and attachment. */
    static Set<String> runnerModelKeys() {
        return Set.of("class", "queries", "schedulers");
    }

    private static void key(Section section, String name, Type type, String def, Support support) {
        ROWS.add(new ConfigKey(section, name, type, def, support));
    }

    /**
     * The HTTP credential and TLS keys a section shares with the others ({@code user}, {@code password},
     * {@code bearer_token}, {@code bearer_token_file}, {@code verify_tls}, {@code tls_cert_file},
     * {@code tls_key_file}).
     */
    private static void auth(Section s) {
        key(s, "user", STRING, null, EFFECTIVE);
        key(s, "password", STRING, null, EFFECTIVE);
        key(s, "bearer_token", STRING, null, EFFECTIVE);
        key(s, "bearer_token_file", STRING, null, EFFECTIVE);
        key(s, "verify_tls", ANY, "true", EFFECTIVE);
        key(s, "tls_cert_file", STRING, null, EFFECTIVE);
        key(s, "tls_key_file", STRING, null, EFFECTIVE);
    }

    /**
     * A time given by one of the keys {@code base_iso} (ISO-8601), {@code base_s} (Unix seconds) and, when
     * {@code plain}, {@code base} (either form, a Vigil convenience of backtesting).
     */
    private static void instants(Section s, String base, boolean plain) {
        if (plain) {
            key(s, base, TIMESTAMP, null, EFFECTIVE);
        }
        key(s, base + "_iso", TIMESTAMP, null, EFFECTIVE);
        key(s, base + "_s", TIMESTAMP, null, EFFECTIVE);
    }

    private static Map<Section, Map<String, ConfigKey>> bySection() {
        Map<Section, Map<String, ConfigKey>> m = new EnumMap<>(Section.class);
        for (Section s : Section.values()) {
            m.put(s, new LinkedHashMap<>());
        }
        for (ConfigKey k : ALL) {
            if (m.get(k.section()).put(k.name(), k) != null) {
                throw new IllegalStateException("key listed twice: " + k);
            }
        }
        m.replaceAll((s, keys) -> Collections.unmodifiableMap(keys));
        return Collections.unmodifiableMap(m);
    }
}
