package dev.vigil.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One argument a model accepts, as users write it in a model section ({@code vigil models --json}, the
 * future {@code /api/v1/models}). The descriptors of a model are the list of keys its registry entry
 * accepts ({@link dev.vigil.models.registry.ModelRegistry#create} rejects any other top-level key), and
 * a test builds every model with each declared default to keep the two from drifting. A nested key of a
 * mapping argument is named with a dot ({@code args.interval_width}); the model validates those itself.
 * Immutable and thread-safe.
 *
 * @param name         the key, e.g. {@code z_threshold}
 * @param type         its value's type
 * @param defaultValue the value used when absent: a {@link Double}, {@link Integer}, {@link Boolean},
 *                     {@link String} or {@link List}; {@code null} when there is none (required, or
 *                     absent means "not used")
 * @param required     whether a configuration must give it
 * @param doc          one line saying what it does (units included)
 */
public record ArgDescriptor(String name, Type type, Object defaultValue, boolean required, String doc) {

    /** The value types of arguments, named as {@link #jsonName()} in JSON. */
    public enum Type {
        /** A number (integer or not); {@code inf} allowed where the doc says so. */
        NUMBER,
        /** A whole number. */
        INTEGER,
        /** A whole number or {@code auto} (detected from the data). */
        INTEGER_OR_AUTO,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A string. */
        STRING,
        /** A duration ({@code 15m}, {@code 1h30m}, {@code 1D}, {@code PT1H}). */
        DURATION,
        /** A duration or {@code auto} (detected from the data). */
        DURATION_OR_AUTO,
        /** A number or a {@code [lower, upper]} pair (one value per side of the band). */
        NUMBER_OR_PAIR,
        /** A list of numbers. */
        NUMBER_LIST,
        /** A list of strings. */
        STRING_LIST,
        /** A mapping (nested arguments). */
        MAP,
        /** A list of mappings. */
        MAP_LIST;

        /** Lower case, e.g. {@code number_or_pair}. */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Checks the fields. */
    public ArgDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(doc, "doc");
        if (name.isBlank() || doc.contains("\n")) {
            throw new IllegalArgumentException("argument name must not be blank and its doc one line: " + name);
        }
        if (required && defaultValue != null) {
            throw new IllegalArgumentException("required argument " + name + " cannot have a default");
        }
    }

    /** An optional argument with a default ({@code null}: none). */
    public static ArgDescriptor optional(String name, Type type, Object defaultValue, String doc) {
        return new ArgDescriptor(name, type, defaultValue, false, doc);
    }

    /** A required argument. */
    public static ArgDescriptor required(String name, Type type, String doc) {
        return new ArgDescriptor(name, type, null, true, doc);
    }

    /** Whether this is a nested key ({@code args.trend}) rather than a key of the model section. */
    public boolean nested() {
        return name.indexOf('.') > 0;
    }

    /**
     * The arguments of the score pipeline and of {@code provide_series}, which every model accepts
     * (read by {@link ModelArgs#scoreSpec()} and {@link ModelArgs#provideSeries}).
     */
    public static List<ArgDescriptor> common() {
        return COMMON;
    }

    /** The arguments every online model accepts besides {@link #common()} ({@link OnlineArgs#read}). */
    public static List<ArgDescriptor> online() {
        return ONLINE;
    }

    /**
     * {@code own}, then {@link #common()}, then {@link #online()} when {@code online}; a shared argument
     * that {@code own} also declares (a model with another default {@code decay}) is {@code own}'s.
     */
    public static List<ArgDescriptor> withCommon(boolean online, ArgDescriptor... own) {
        List<ArgDescriptor> all = new ArrayList<>(Arrays.asList(own));
        List<ArgDescriptor> shared = new ArrayList<>(COMMON);
        if (online) {
            shared.addAll(ONLINE);
        }
        for (ArgDescriptor a : shared) {
            if (all.stream().noneMatch(o -> o.name().equals(a.name()))) {
                all.add(a);
            }
        }
        return List.copyOf(all);
    }

    private static final List<ArgDescriptor> COMMON = List.of(
            optional("scale", Type.NUMBER_OR_PAIR, List.of(1.0, 1.0),
                    "multiplies the band's half-widths (lower, upper) before scoring"),
            optional("clip_predictions", Type.BOOLEAN, false, "clip yhat, yhat_lower and yhat_upper to data_range"),
            optional("data_range", Type.NUMBER_OR_PAIR, List.of(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY),
                    "[lower, upper] the values can take; values outside score anomaly_score_outside_data_range"),
            optional("detection_direction", Type.STRING, "both",
                    "both, above_expected or below_expected: which deviations can score above 0"),
            optional("min_dev_from_expected", Type.NUMBER_OR_PAIR, List.of(0.0, 0.0),
                    "absolute deviations |y - yhat| below this score 0 (lower, upper)"),
            optional("min_rel_dev_from_expected", Type.NUMBER_OR_PAIR, List.of(0.0, 0.0),
                    "relative deviations |y - yhat| / |yhat| below this, in percent, score 0 (lower, upper)"),
            optional("anomaly_score_outside_data_range", Type.NUMBER,
                    dev.vigil.core.score.ScoreSpec.DEFAULT_OUTSIDE_DATA_RANGE_SCORE,
                    "the score of a value outside data_range"),
            optional("provide_series", Type.STRING_LIST, null,
                    "output series to write (anomaly_score always); default: anomaly_score and the band"));

    private static final List<ArgDescriptor> ONLINE = List.of(
            optional("decay", Type.NUMBER, 1.0,
                    "forgetting factor in (0, 1] per point: the last N points hold 1 - decay^N of the weight"),
            optional("min_n_samples_seen", Type.INTEGER, OnlineArgs.DEFAULT_MIN_N_SAMPLES_SEEN,
                    "the score is 0 until the model has seen more than this many points"),
            optional("history_strength", Type.NUMBER, 1.0,
                    "weight of the fitted history against later updates, per point (> 1: a stronger prior)"));
}
