package dev.vigil.config;

import java.util.Objects;

/**
 * One key of the runner's configuration, as listed in {@link ConfigKeys}: where it lives, what kind
 * of value it takes, its default, and how far Vigil supports it. Validation reads keys and defaults
 * through it, {@code --dryRun} prints keys by it, and docs/configuration.md is checked against it.
 * Immutable and thread-safe.
 *
 * @param section the section the key belongs to
 * @param name the YAML key, e.g. {@code fit_window}
 * @param type the kind of value
 * @param defaultValue the default as YAML would spell it ({@code 30s}, {@code 1}, {@code UTC},
 *     {@code [-inf, inf]}), or {@code null} when the key is required, has no default, or defaults to
 *     another key's value (such as {@code fit_every}, which defaults to {@code infer_every})
 * @param support whether the key is effective, ignored, deprecated or (partly) refused
 */
public record ConfigKey(Section section, String name, Type type, String defaultValue, Support support) {

    /** Checks that every component but the default is set. */
    public ConfigKey {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(support, "support");
    }

    /**
     * The sections of the configuration, each with the name docs/configuration.md gives its key
     * table ({@code <!-- keys: NAME -->}).
     */
    public enum Section {
        /** The top level: {@code schedulers}, {@code models}, {@code reader}, ... */
        TOP("top"),
        /** {@code schedulers.<alias>} with {@code class: periodic}. */
        PERIODIC("schedulers.periodic"),
        /** {@code schedulers.<alias>} with {@code class: oneoff}. */
        ONEOFF("schedulers.oneoff"),
        /** {@code schedulers.<alias>} with {@code class: backtesting}. */
        BACKTESTING("schedulers.backtesting"),
        /** The runner's own keys of {@code models.<alias>}; every other key is a model argument. */
        MODELS("models"),
        /** {@code reader}. */
        READER("reader"),
        /** {@code reader.queries.<alias>}. */
        QUERY("reader.queries"),
        /** {@code writer}. */
        WRITER("writer"),
        /** {@code monitoring}. */
        MONITORING("monitoring"),
        /** {@code monitoring.pull}. */
        PULL("monitoring.pull"),
        /** {@code monitoring.push}. */
        PUSH("monitoring.push"),
        /** {@code server}: the REST API. */
        SERVER("server"),
        /** {@code settings}. */
        SETTINGS("settings"),
        /** {@code settings.retention}. */
        RETENTION("settings.retention");

        private final String docName;

        Section(String docName) {
            this.docName = docName;
        }

        /** The section's name in docs/configuration.md, e.g. {@code schedulers.periodic}. */
        public String docName() {
            return docName;
        }
    }

    /** The kind of value a key takes. */
    public enum Type {
        /** A nested section of known keys. */
        SECTION,
        /** A mapping of free names (aliases, labels, logger names) to values. */
        MAPPING,
        /** A list (or, for convenience, a single value). */
        LIST,
        /** Text. */
        STRING,
        /** A whole number. */
        INTEGER,
        /** A number. */
        NUMBER,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A duration such as {@code 1m30s}, {@code PT1H} or a number of seconds. */
        DURATION,
        /** An ISO-8601 time or Unix seconds. */
        TIMESTAMP,
        /** An IANA time zone. */
        ZONE,
        /** A {@code [low, high]} pair of numbers or {@code inf}/{@code -inf}. */
        RANGE,
        /** A class alias or vmanomaly class path. */
        CLASS,
        /** Aliases of another section, {@code all}, or {@code []}/{@code null}. */
        ALIASES,
        /** Anything: the value is passed on (a model argument) or not read at all. */
        ANY
    }

    /** How far Vigil supports a key. */
    public enum Support {
        /** It does what vmanomaly documents (differences are in docs/configuration.md). */
        EFFECTIVE,
        /** It is accepted and has no effect, so that vmanomaly configs load. */
        NO_EFFECT,
        /** It is effective and deprecated: using it logs a warning. */
        DEPRECATED,
        /** Some values are refused with a "not supported yet" error (e.g. {@code true}); the others work. */
        PARTIAL,
        /** Any value but an empty one is refused with a "not supported yet" error. */
        REFUSED
    }

    /** {@code section.name}, e.g. {@code schedulers.periodic.fit_window}. */
    @Override
    public String toString() {
        return section.docName() + "." + name;
    }
}
