package dev.vigil.models;

import dev.vigil.core.score.DetectionDirection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The typed side of a model's configuration, beside the vmanomaly-style argument map. Each setter is
 * named after one vmanomaly argument and writes it into the same map the
 * {@link dev.vigil.models.registry.ModelRegistry} takes; {@link #build()} hands that map to the
 * model's factory through {@link ModelArgs#create}, so a builder and a map go through one validation
 * and give equal specs: {@code ZscoreModels.builder().zThreshold(3).online(true).build()} is
 * {@code ModelRegistry.standard().create("zscore_online", Map.of("z_threshold", 3.0))}.
 *
 * <p>Setters check nothing: an invalid value is reported by {@link #build()}, by the same
 * {@link ModelConfigException} as in the map form. This class holds the business arguments every
 * model takes; each family's builder ({@code ZscoreModels.builder()}, {@code MadModels.builder()},
 * ...) adds its own.
 *
 * <p>Not thread-safe. A builder may be reused: every {@link #build()} creates a new immutable spec
 * from the arguments set so far.
 *
 * @param <B> the concrete builder type, returned by every setter
 */
public abstract class ModelBuilder<B extends ModelBuilder<B>> {

    private final Map<String, Object> args = new LinkedHashMap<>();

    /** For the families' builders. */
    protected ModelBuilder() {
    }

    /** This builder, typed. */
    @SuppressWarnings("unchecked")
    protected final B self() {
        return (B) this;
    }

    /** The registry alias of the spec {@link #build()} creates (it may depend on the arguments, e.g. online). */
    protected abstract String alias();

    /** The factory {@link #build()} calls, the one the registry holds for {@link #alias()}. */
    protected abstract ModelFactory factory();

    /**
     * Sets any argument by its vmanomaly name, with a value as the map form takes it (number, string,
     * boolean, list or mapping); {@code null} removes it. For the arguments without a typed setter.
     */
    public B arg(String name, Object value) {
        Objects.requireNonNull(name, "name");
        if (value == null) {
            args.remove(name);
        } else {
            args.put(name, value);
        }
        return self();
    }

    /**
     * Sets {@code name} inside the nested mapping {@code section} (such as {@code args}), creating the
     * mapping when absent; {@code null} removes the entry.
     */
    protected final B nestedArg(String section, String name, Object value) {
        Map<String, Object> inner = new LinkedHashMap<>();
        if (args.get(section) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> inner.put(String.valueOf(k), v));
        }
        if (value == null) {
            inner.remove(name);
        } else {
            inner.put(name, value);
        }
        return arg(section, inner.isEmpty() ? null : Collections.unmodifiableMap(inner));
    }

    /** Appends {@code entry} to the list argument {@code name}, creating it when absent. */
    protected final B appendArg(String name, Object entry) {
        List<Object> list = new ArrayList<>();
        if (args.get(name) instanceof List<?> l) {
            list.addAll(l);
        }
        list.add(entry);
        return arg(name, List.copyOf(list));
    }

    /** {@code scale}: both margins of the band are multiplied by {@code factor} before scoring. */
    public B scale(double factor) {
        return arg("scale", factor);
    }

    /** {@code scale}: the lower and the upper margin of the band are multiplied by these factors. */
    public B scale(double lower, double upper) {
        return arg("scale", List.of(lower, upper));
    }

    /** {@code clip_predictions}: clip yhat and the band to {@code data_range}. */
    public B clipPredictions(boolean clip) {
        return arg("clip_predictions", clip);
    }

    /** {@code data_range}: the valid range of the data; a value outside scores {@code anomaly_score_outside_data_range}. */
    public B dataRange(double low, double high) {
        return arg("data_range", List.of(low, high));
    }

    /** {@code detection_direction}: which side of yhat may be anomalous. */
    public B detectionDirection(DetectionDirection direction) {
        return arg("detection_direction", direction.configName());
    }

    /** {@code min_dev_from_expected}: the smallest absolute deviation that may score above 0, both sides. */
    public B minDevFromExpected(double min) {
        return arg("min_dev_from_expected", min);
    }

    /** {@code min_dev_from_expected}, below and above yhat. */
    public B minDevFromExpected(double lower, double upper) {
        return arg("min_dev_from_expected", List.of(lower, upper));
    }

    /** {@code min_rel_dev_from_expected}: the smallest deviation, in percent of |yhat|, that may score above 0. */
    public B minRelDevFromExpected(double percent) {
        return arg("min_rel_dev_from_expected", percent);
    }

    /** {@code min_rel_dev_from_expected}, below and above yhat. */
    public B minRelDevFromExpected(double lower, double upper) {
        return arg("min_rel_dev_from_expected", List.of(lower, upper));
    }

    /** {@code anomaly_score_outside_data_range}: the score of a value outside {@code data_range}. */
    public B anomalyScoreOutsideDataRange(double score) {
        return arg("anomaly_score_outside_data_range", score);
    }

    /** {@code provide_series}: the output series to write ({@code anomaly_score} is always added). */
    public B provideSeries(String... names) {
        return arg("provide_series", List.of(names));
    }

    /** The arguments set so far: the map {@link #build()} hands to the factory. An immutable copy. */
    public Map<String, Object> args() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(args));
    }

    /**
     * Creates the spec through the model's factory, exactly as the registry does for {@link #args()}.
     *
     * @throws ModelConfigException on any invalid argument, with the map form's message
     */
    public ModelSpec build() {
        return ModelArgs.create(alias(), args(), factory());
    }

    /**
     * A duration as the duration arguments take it: the largest whole unit ({@code 1w}, {@code 7d},
     * {@code 90m}, {@code 500ms}), else ISO-8601 ({@code PT0.0005S}).
     */
    protected static String duration(Duration d) {
        long ms = d.toMillis();
        if (d.isNegative() || d.isZero() || Duration.ofMillis(ms).compareTo(d) != 0) {
            return d.toString();
        }
        long[] units = {7 * 86_400_000L, 86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] names = {"w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return d.toString();
    }
}
