package dev.vigil.runner.config;

import static dev.vigil.runner.config.ConfigKey.Section.BACKTESTING;
import static dev.vigil.runner.config.ConfigKey.Section.MODELS;
import static dev.vigil.runner.config.ConfigKey.Section.MONITORING;
import static dev.vigil.runner.config.ConfigKey.Section.ONEOFF;
import static dev.vigil.runner.config.ConfigKey.Section.PERIODIC;
import static dev.vigil.runner.config.ConfigKey.Section.PULL;
import static dev.vigil.runner.config.ConfigKey.Section.PUSH;
import static dev.vigil.runner.config.ConfigKey.Section.QUERY;
import static dev.vigil.runner.config.ConfigKey.Section.READER;
import static dev.vigil.runner.config.ConfigKey.Section.SETTINGS;
import static dev.vigil.runner.config.ConfigKey.Section.TOP;
import static dev.vigil.runner.config.ConfigKey.Section.WRITER;
import static dev.vigil.runner.config.ConfigKey.Support.DEPRECATED;
import static dev.vigil.runner.config.ConfigKey.Support.EFFECTIVE;
import static dev.vigil.runner.config.ConfigKey.Support.NO_EFFECT;
import static dev.vigil.runner.config.ConfigKey.Support.PARTIAL;
import static dev.vigil.runner.config.ConfigKey.Support.REFUSED;
import static dev.vigil.runner.config.ConfigKey.Type.ALIASES;
import static dev.vigil.runner.config.ConfigKey.Type.ANY;
import static dev.vigil.runner.config.ConfigKey.Type.BOOLEAN;
import static dev.vigil.runner.config.ConfigKey.Type.CLASS;
import static dev.vigil.runner.config.ConfigKey.Type.DURATION;
import static dev.vigil.runner.config.ConfigKey.Type.INTEGER;
import static dev.vigil.runner.config.ConfigKey.Type.LIST;
import static dev.vigil.runner.config.ConfigKey.Type.MAPPING;
import static dev.vigil.runner.config.ConfigKey.Type.NUMBER;
import static dev.vigil.runner.config.ConfigKey.Type.RANGE;
import static dev.vigil.runner.config.ConfigKey.Type.SECTION;
import static dev.vigil.runner.config.ConfigKey.Type.STRING;
import static dev.vigil.runner.config.ConfigKey.Type.TIMESTAMP;
import static dev.vigil.runner.config.ConfigKey.Type.ZONE;

import dev.vigil.runner.config.ConfigKey.Section;
import dev.vigil.runner.config.ConfigKey.Support;
import dev.vigil.runner.config.ConfigKey.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The table of every configuration key the runner accepts, one {@link ConfigKey} per row, in the
 * order of docs/configuration.md. The section validators read values through these constants (so a
 * key cannot be validated without being listed here), the unknown-key check and its suggestions use
 * the rows of a section, {@link Resolved} prints keys by them, and {@code ConfigurationDocTest} checks
 * docs/configuration.md against them. Keys and defaults follow vmanomaly docs (v1.30) unless the row
 * says otherwise. Immutable and thread-safe.
 */
public final class ConfigKeys {

    /** Rows in declaration order; filled by {@link #key} as the constants below are initialised. */
    private static final List<ConfigKey> ROWS = new ArrayList<>();

    // ---- top level ----
    public static final ConfigKey SCHEDULERS = key(TOP, "schedulers", MAPPING, null, EFFECTIVE);
    public static final ConfigKey MODELS_SECTION = key(TOP, "models", MAPPING, null, EFFECTIVE);
    public static final ConfigKey READER_SECTION = key(TOP, "reader", SECTION, null, EFFECTIVE);
    public static final ConfigKey WRITER_SECTION = key(TOP, "writer", SECTION, null, EFFECTIVE);
    public static final ConfigKey MONITORING_SECTION = key(TOP, "monitoring", SECTION, null, EFFECTIVE);
    public static final ConfigKey SETTINGS_SECTION = key(TOP, "settings", SECTION, null, EFFECTIVE);
    public static final ConfigKey LEGACY_MODEL = key(TOP, "model", SECTION, null, DEPRECATED);
    public static final ConfigKey LEGACY_SCHEDULER = key(TOP, "scheduler", SECTION, null, DEPRECATED);
    public static final ConfigKey SERVER = key(TOP, "server", SECTION, null, REFUSED);
    public static final ConfigKey PRESET = key(TOP, "preset", STRING, null, PARTIAL);

    // ---- schedulers.<alias>, class: periodic ----
    public static final ConfigKey PERIODIC_CLASS = key(PERIODIC, "class", CLASS, "periodic", EFFECTIVE);
    public static final ConfigKey PERIODIC_INFER_EVERY = key(PERIODIC, "infer_every", DURATION, null, EFFECTIVE);
    public static final ConfigKey PERIODIC_FIT_EVERY = key(PERIODIC, "fit_every", DURATION, null, EFFECTIVE);
    public static final ConfigKey PERIODIC_FIT_WINDOW = key(PERIODIC, "fit_window", DURATION, null, EFFECTIVE);
    public static final ConfigKey PERIODIC_START_FROM = key(PERIODIC, "start_from", STRING, null, EFFECTIVE);
    public static final ConfigKey PERIODIC_TZ = key(PERIODIC, "tz", ZONE, "UTC", EFFECTIVE);
    public static final ConfigKey PERIODIC_SCATTER = key(PERIODIC, "scatter_infer_jobs", BOOLEAN, "false", PARTIAL);

    // ---- schedulers.<alias>, class: oneoff ----
    public static final ConfigKey ONEOFF_CLASS = key(ONEOFF, "class", CLASS, null, EFFECTIVE);
    public static final TimeKeys FIT_START = instants(ONEOFF, "fit_start", false);
    public static final TimeKeys FIT_END = instants(ONEOFF, "fit_end", false);
    public static final TimeKeys INFER_START = instants(ONEOFF, "infer_start", false);
    public static final TimeKeys INFER_END = instants(ONEOFF, "infer_end", false);

    // ---- schedulers.<alias>, class: backtesting ----
    public static final ConfigKey BACKTESTING_CLASS = key(BACKTESTING, "class", CLASS, null, EFFECTIVE);
    public static final TimeKeys FROM = instants(BACKTESTING, "from", true);
    public static final TimeKeys TO = instants(BACKTESTING, "to", true);
    public static final ConfigKey BACKTESTING_FIT_WINDOW = key(BACKTESTING, "fit_window", DURATION, null, EFFECTIVE);
    public static final ConfigKey BACKTESTING_FIT_EVERY = key(BACKTESTING, "fit_every", DURATION, null, EFFECTIVE);
    public static final ConfigKey INFERENCE_ONLY = key(BACKTESTING, "inference_only", BOOLEAN, "false", EFFECTIVE);
    public static final ConfigKey N_JOBS = key(BACKTESTING, "n_jobs", INTEGER, "1", EFFECTIVE);
    public static final ConfigKey BACKTESTING_INFER_EVERY = key(BACKTESTING, "infer_every", DURATION, null, EFFECTIVE);
    public static final ConfigKey EXACT = key(BACKTESTING, "exact", BOOLEAN, "false", EFFECTIVE);

    // ---- models.<alias>: the runner's keys (every other key is a model argument) ----
    public static final ConfigKey MODEL_CLASS = key(MODELS, "class", CLASS, null, EFFECTIVE);
    public static final ConfigKey MODEL_QUERIES = key(MODELS, "queries", ALIASES, null, EFFECTIVE);
    public static final ConfigKey MODEL_SCHEDULERS = key(MODELS, "schedulers", ALIASES, null, EFFECTIVE);
    public static final ConfigKey MODEL_PROVIDE_SERIES = key(MODELS, "provide_series", LIST, null, EFFECTIVE);

    // ---- reader ----
    public static final ConfigKey READER_CLASS = key(READER, "class", CLASS, "vm", PARTIAL);
    public static final ConfigKey READER_URL = key(READER, "datasource_url", STRING, null, EFFECTIVE);
    public static final ConfigKey READER_TENANT = key(READER, "tenant_id", STRING, null, PARTIAL);
    public static final ConfigKey SAMPLING_PERIOD = key(READER, "sampling_period", DURATION, null, EFFECTIVE);
    public static final ConfigKey QUERIES = key(READER, "queries", MAPPING, null, EFFECTIVE);
    public static final ConfigKey QUERY_RANGE_PATH = key(READER, "query_range_path", STRING, "/api/v1/query_range",
            EFFECTIVE);
    public static final ConfigKey READER_HEALTH_PATH = key(READER, "health_path", ANY, null, NO_EFFECT);
    public static final AuthKeys READER_AUTH = auth(READER);
    public static final ConfigKey READER_TIMEOUT = key(READER, "timeout", DURATION, "30s", EFFECTIVE);
    public static final ConfigKey FETCH_TIMEOUT = key(READER, "fetch_timeout", DURATION, null, EFFECTIVE);
    public static final ConfigKey PROCESSING_TIMEOUT = key(READER, "processing_timeout", ANY, null, NO_EFFECT);
    public static final ConfigKey EXTRA_FILTERS = key(READER, "extra_filters", LIST, null, EFFECTIVE);
    public static final ConfigKey FROM_LAST_SEEN = key(READER, "query_from_last_seen_timestamp", BOOLEAN, "false",
            EFFECTIVE);
    public static final ConfigKey LAST_SEEN_MAX_LOOKBACK = key(READER, "query_last_seen_max_lookback", DURATION, null,
            EFFECTIVE);
    public static final ConfigKey LATENCY_OFFSET = key(READER, "latency_offset", DURATION, "1ms", EFFECTIVE);
    public static final ConfigKey READER_MAX_POINTS = key(READER, "max_points_per_query", INTEGER, null, EFFECTIVE);
    public static final ConfigKey READER_TZ = key(READER, "tz", ZONE, "UTC", EFFECTIVE);
    public static final ConfigKey READER_DATA_RANGE = key(READER, "data_range", RANGE, "[-inf, inf]", EFFECTIVE);
    public static final ConfigKey READER_OFFSET = key(READER, "offset", DURATION, "0s", EFFECTIVE);
    public static final ConfigKey SERIES_BATCH = key(READER, "series_processing_batch_size", INTEGER, "8", EFFECTIVE);
    public static final ConfigKey WORKERS = key(READER, "workers", INTEGER, "0", EFFECTIVE);
    public static final ConfigKey READER_PATH = key(READER, "path", STRING, null, EFFECTIVE);

    // ---- reader.queries.<alias>: the defaults are the reader's ----
    public static final ConfigKey EXPR = key(QUERY, "expr", STRING, null, EFFECTIVE);
    public static final ConfigKey STEP = key(QUERY, "step", DURATION, null, EFFECTIVE);
    public static final ConfigKey QUERY_DATA_RANGE = key(QUERY, "data_range", RANGE, null, EFFECTIVE);
    public static final ConfigKey QUERY_MAX_POINTS = key(QUERY, "max_points_per_query", INTEGER, null, EFFECTIVE);
    public static final ConfigKey QUERY_TZ = key(QUERY, "tz", ZONE, null, EFFECTIVE);
    public static final ConfigKey QUERY_TENANT = key(QUERY, "tenant_id", STRING, null, EFFECTIVE);
    public static final ConfigKey QUERY_OFFSET = key(QUERY, "offset", DURATION, null, EFFECTIVE);
    /** Query-level business policies, passed to the models of the query (vmanomaly docs, Models, v1.30.2). */
    public static final ConfigKey DETECTION_DIRECTION = key(QUERY, "detection_direction", ANY, null, EFFECTIVE);
    public static final ConfigKey MIN_DEV = key(QUERY, "min_dev_from_expected", ANY, null, EFFECTIVE);
    public static final ConfigKey MIN_REL_DEV = key(QUERY, "min_rel_dev_from_expected", ANY, null, EFFECTIVE);

    // ---- writer ----
    public static final ConfigKey WRITER_CLASS = key(WRITER, "class", CLASS, "vm", EFFECTIVE);
    public static final ConfigKey WRITER_URL = key(WRITER, "datasource_url", STRING, null, EFFECTIVE);
    public static final ConfigKey WRITER_TENANT = key(WRITER, "tenant_id", STRING, null, PARTIAL);
    public static final ConfigKey METRIC_FORMAT = key(WRITER, "metric_format", MAPPING,
            "{__name__: $VAR, for: $QUERY_KEY}", EFFECTIVE);
    public static final AuthKeys WRITER_AUTH = auth(WRITER);
    public static final ConfigKey WRITER_TIMEOUT = key(WRITER, "timeout", DURATION, "5s", EFFECTIVE);
    public static final ConfigKey RETRIES = key(WRITER, "connection_retry_attempts", INTEGER, "1", EFFECTIVE);
    public static final ConfigKey BATCH_MAX_SERIES = key(WRITER, "batch_max_series", INTEGER, "1000", EFFECTIVE);
    public static final ConfigKey BATCH_MAX_BYTES = key(WRITER, "batch_max_bytes", INTEGER, "8388608", EFFECTIVE);
    public static final ConfigKey IMPORT_PATH = key(WRITER, "import_json_path", STRING, "/api/v1/import", DEPRECATED);
    public static final ConfigKey WRITER_HEALTH_PATH = key(WRITER, "health_path", ANY, null, NO_EFFECT);
    public static final ConfigKey PREFIX_CACHE = key(WRITER, "metric_prefix_cache_max_entries", ANY, null, NO_EFFECT);
    public static final ConfigKey WRITER_PATH = key(WRITER, "path", STRING, null, EFFECTIVE);
    public static final ConfigKey REPORT = key(WRITER, "report", STRING, null, EFFECTIVE);

    // ---- monitoring ----
    public static final ConfigKey PULL_SECTION = key(MONITORING, "pull", SECTION, null, EFFECTIVE);
    public static final ConfigKey PUSH_SECTION = key(MONITORING, "push", SECTION, null, EFFECTIVE);
    public static final ConfigKey PULL_ADDR = key(PULL, "addr", STRING, "0.0.0.0", EFFECTIVE);
    public static final ConfigKey PULL_PORT = key(PULL, "port", INTEGER, "8490", EFFECTIVE);
    public static final ConfigKey PUSH_URL = key(PUSH, "url", STRING, null, EFFECTIVE);
    public static final ConfigKey PUSH_TENANT = key(PUSH, "tenant_id", STRING, null, EFFECTIVE);
    public static final AuthKeys PUSH_AUTH = auth(PUSH);
    public static final ConfigKey PUSH_TIMEOUT = key(PUSH, "timeout", DURATION, "5s", EFFECTIVE);
    public static final ConfigKey PUSH_FREQUENCY = key(PUSH, "push_frequency", DURATION, "15m", EFFECTIVE);
    public static final ConfigKey EXTRA_LABELS = key(PUSH, "extra_labels", MAPPING, null, EFFECTIVE);
    public static final ConfigKey PUSH_HEALTH_PATH = key(PUSH, "health_path", ANY, null, NO_EFFECT);

    // ---- settings ----
    public static final ConfigKey N_WORKERS = key(SETTINGS, "n_workers", INTEGER, "1", EFFECTIVE);
    public static final ConfigKey OUTSIDE_DATA_RANGE = key(SETTINGS, "anomaly_score_outside_data_range", NUMBER, "1.01",
            EFFECTIVE);
    public static final ConfigKey LOGGER_LEVELS = key(SETTINGS, "logger_levels", MAPPING, null, EFFECTIVE);
    public static final ConfigKey NATIVE_THREADS = key(SETTINGS, "native_threads_per_worker", ANY, null, NO_EFFECT);
    public static final ConfigKey RESTORE_STATE = key(SETTINGS, "restore_state", BOOLEAN, "false", PARTIAL);
    public static final ConfigKey RETENTION = key(SETTINGS, "retention", ANY, null, PARTIAL);

    private static final List<ConfigKey> ALL = List.copyOf(ROWS);
    private static final Map<Section, Map<String, ConfigKey>> BY_SECTION = bySection();

    private ConfigKeys() {
    }

    /**
     * The HTTP credential and TLS keys a section shares with the others ({@code user}, {@code password},
     * {@code bearer_token}, {@code bearer_token_file}, {@code verify_tls}, {@code tls_cert_file},
     * {@code tls_key_file}).
     */
    public record AuthKeys(ConfigKey user, ConfigKey password, ConfigKey bearerToken, ConfigKey bearerTokenFile,
                       ConfigKey verifyTls, ConfigKey tlsCertFile, ConfigKey tlsKeyFile) {
    }

    /**
     * A time given by one of three keys: {@code base_iso} (ISO-8601), {@code base_s} (Unix seconds) and,
     * for backtesting only, {@code base} (either form, a Vigil convenience).
     *
     * @param plain {@code base}, or {@code null} when the section has no such key
     */
    public record TimeKeys(String base, ConfigKey plain, ConfigKey iso, ConfigKey seconds) {

        /** The keys that are set up, in the order {@code base}, {@code base_iso}, {@code base_s}. */
        public List<ConfigKey> keys() {
            return plain == null ? List.of(iso, seconds) : List.of(plain, iso, seconds);
        }
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
     * The key names of every section by its docs/configuration.md name ({@code top},
     * {@code schedulers.periodic}, ..., {@code settings}).
     */
    public static Map<String, Set<String>> byDocSection() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        for (Section s : Section.values()) {
            m.put(s.docName(), names(s));
        }
        return Collections.unmodifiableMap(m);
    }

    /** The keys of {@code models.<alias>} that belong to the runner, not to the model: class and attachment. */
    static Set<String> runnerModelKeys() {
        return Set.of(MODEL_CLASS.name(), MODEL_QUERIES.name(), MODEL_SCHEDULERS.name());
    }

    private static ConfigKey key(Section section, String name, Type type, String def, Support support) {
        ConfigKey k = new ConfigKey(section, name, type, def, support);
        ROWS.add(k);
        return k;
    }

    private static AuthKeys auth(Section s) {
        return new AuthKeys(key(s, "user", STRING, null, EFFECTIVE), key(s, "password", STRING, null, EFFECTIVE),
                key(s, "bearer_token", STRING, null, EFFECTIVE), key(s, "bearer_token_file", STRING, null, EFFECTIVE),
                key(s, "verify_tls", ANY, "true", EFFECTIVE), key(s, "tls_cert_file", STRING, null, EFFECTIVE),
                key(s, "tls_key_file", STRING, null, EFFECTIVE));
    }

    private static TimeKeys instants(Section s, String base, boolean plain) {
        ConfigKey p = plain ? key(s, base, TIMESTAMP, null, EFFECTIVE) : null;
        return new TimeKeys(base, p, key(s, base + "_iso", TIMESTAMP, null, EFFECTIVE),
                key(s, base + "_s", TIMESTAMP, null, EFFECTIVE));
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
