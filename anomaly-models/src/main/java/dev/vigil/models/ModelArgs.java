package dev.vigil.models;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.score.DetectionDirection;
import dev.vigil.core.score.ScoreSpec;
import dev.vigil.core.time.Durations;
import dev.vigil.core.time.Timestamps;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Binds a model's raw argument map (from YAML, JSON or {@code --arg key=value}) to typed values,
 * once, with messages that name the model and the argument and quote the value. Numbers may be
 * given as numbers or as numeric strings; booleans as booleans or {@code true}/{@code false}.
 *
 * <p>A model factory reads every argument it knows, then calls {@link #finish()}, which rejects any
 * argument nobody read and suggests the nearest known name; keys that belong to the caller (a
 * runner's own keys) are removed before, by the caller or by
 * {@code ModelRegistry.create(name, args, ignoredKeys)}. The values read, defaults included, become
 * the spec's {@link #resolved()} arguments. Not thread-safe; used during construction only.
 */
public final class ModelArgs {

    private final String model;
    private final Map<String, Object> raw;
    private final Set<String> read = new LinkedHashSet<>();
    private final Map<String, Object> resolved = new LinkedHashMap<>();

    /** Arguments of {@code model} (its alias, used in messages). */
    public ModelArgs(String model, Map<String, ?> raw) {
        this.model = Objects.requireNonNull(model, "model");
        this.raw = new LinkedHashMap<>();
        if (raw != null) {
            raw.forEach((k, v) -> this.raw.put(k, v));
        }
    }

    /**
     * Builds a spec the one way every spec is built, by the registry and by the typed builders alike:
     * binds {@code raw} to {@code model}, lets {@code factory} read and validate its arguments, then
     * {@link #finish()}es (unknown arguments are rejected).
     *
     * @throws ModelConfigException on any invalid or unknown argument
     */
    public static ModelSpec create(String model, Map<String, ?> raw, ModelFactory factory) {
        return create(model, raw, factory, null);
    }

    /**
     * As {@link #create(String, Map, ModelFactory)}, also refusing every given key not in
     * {@code declared} (the model's {@link ArgDescriptor} names; {@code null}: no such list).
     */
    public static ModelSpec create(String model, Map<String, ?> raw, ModelFactory factory,
                                   java.util.Collection<String> declared) {
        ModelArgs a = new ModelArgs(model, raw);
        ModelSpec spec = factory.create(a);
        a.finish(declared);
        return spec;
    }

    /** The model alias these arguments are for. */
    public String model() {
        return model;
    }

    /** Whether the argument was given at all. */
    public boolean has(String name) {
        return raw.containsKey(name) && raw.get(name) != null;
    }

    /** The raw value, marking it read, or {@code null}. */
    public Object raw(String name) {
        read.add(name);
        Object v = raw.get(name);
        if (v != null) {
            resolved.put(name, v);
        }
        return v;
    }

    /** A user-facing error about argument {@code name}. */
    public ModelConfigException error(String name, String what) {
        return new ModelConfigException("model '" + model + "': argument '" + name + "' " + what, name);
    }

    private ModelConfigException typeError(String name, String expected, Object v) {
        return error(name, "must be " + expected + ", got " + quote(v));
    }

    private static String quote(Object v) {
        return v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
    }

    /** A number, or {@code def} when absent. Accepts {@code inf}, {@code -inf}. */
    public double number(String name, double def) {
        Object v = raw(name);
        double d = v == null ? def : toDouble(name, v);
        resolved.put(name, d);
        return d;
    }

    /** A number that must be finite and {@code > 0}. */
    public double positive(String name, double def) {
        double d = number(name, def);
        if (!(d > 0) || Double.isInfinite(d)) {
            throw error(name, "must be a finite number > 0, got " + d);
        }
        return d;
    }

    /** A number that must be finite and {@code >= 0}. */
    public double nonNegative(String name, double def) {
        double d = number(name, def);
        if (!(d >= 0) || Double.isInfinite(d)) {
            throw error(name, "must be a finite number >= 0, got " + d);
        }
        return d;
    }

    /** A number in {@code [lo, hi]} or {@code (lo, hi]} when {@code loExclusive}. */
    public double inRange(String name, double def, double lo, boolean loExclusive, double hi, boolean hiExclusive) {
        double d = number(name, def);
        boolean ok = (loExclusive ? d > lo : d >= lo) && (hiExclusive ? d < hi : d <= hi);
        if (!ok) {
            throw error(name, "must be in " + (loExclusive ? "(" : "[") + lo + ", " + hi + (hiExclusive ? ")" : "]")
                    + ", got " + d);
        }
        return d;
    }

    /** A whole number, or {@code def} when absent; {@code 3.0} is accepted, {@code 3.5} is not. */
    public int integer(String name, int def) {
        Object v = raw(name);
        int i = def;
        if (v != null) {
            double d = toDouble(name, v);
            if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) > Integer.MAX_VALUE) {
                throw typeError(name, "a whole number", v);
            }
            i = (int) d;
        }
        resolved.put(name, i);
        return i;
    }

    /** A whole number {@code >= min}. */
    public int integerAtLeast(String name, int def, int min) {
        int i = integer(name, def);
        if (i < min) {
            throw error(name, "must be a whole number >= " + min + ", got " + i);
        }
        return i;
    }

    /** A boolean, or {@code def} when absent. */
    public boolean bool(String name, boolean def) {
        Object v = raw(name);
        boolean b = def;
        if (v instanceof Boolean) {
            b = (Boolean) v;
        } else if (v instanceof String) {
            String s = ((String) v).trim().toLowerCase(Locale.ROOT);
            if (s.equals("true")) {
                b = true;
            } else if (s.equals("false")) {
                b = false;
            } else {
                throw typeError(name, "true or false", v);
            }
        } else if (v != null) {
            throw typeError(name, "true or false", v);
        }
        resolved.put(name, b);
        return b;
    }

    /** A string, or {@code def} when absent (numbers are accepted and turned into text). */
    public String string(String name, String def) {
        Object v = raw(name);
        String s = def;
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            s = String.valueOf(v);
        } else if (v != null) {
            throw typeError(name, "a string", v);
        }
        if (s != null) {
            resolved.put(name, s);
        }
        return s;
    }

    /** One of the given choices (case-insensitive), or {@code def}. */
    public String choice(String name, String def, String... choices) {
        String s = string(name, def);
        if (s == null) {
            return null;
        }
        for (String c : choices) {
            if (c.equalsIgnoreCase(s.trim())) {
                resolved.put(name, c);
                return c;
            }
        }
        throw error(name, "must be one of " + String.join(", ", choices) + ", got \"" + s + "\"");
    }

    /**
     * A positive duration in milliseconds, read from {@code text} (the argument's value) by core's
     * {@link Durations} parser: Prometheus ({@code 15m}, {@code 1h30m}), pandas ({@code 1H},
     * {@code 10min}) or ISO-8601 ({@code PT1H}) forms.
     *
     * @throws ModelConfigException naming the argument when the text is no duration or not at least 1 ms
     */
    public long positiveMillis(String name, String text) {
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(name, "must be a duration: " + e.getMessage());
        }
        if (d.isNegative() || d.toMillis() <= 0) {
            throw error(name, "must be a positive duration of at least 1ms, got \"" + text + "\"");
        }
        return d.toMillis();
    }

    /**
     * A point in time in epoch milliseconds, read from {@code text} by core's {@link Timestamps}
     * parser (ISO-8601 date or date-time, naive = UTC, or epoch seconds/milliseconds).
     *
     * @throws ModelConfigException naming the argument when the text is no timestamp
     */
    public long timestampMillis(String name, String text) {
        try {
            return Timestamps.parseMillis(text);
        } catch (IllegalArgumentException e) {
            throw error(name, "must be a timestamp: " + e.getMessage());
        }
    }

    /**
     * A two-sided value: a scalar x means {@code [x, x]}, a list means {@code [lower, upper]}.
     * A comma-separated string {@code "1.2,0.8"} or {@code "[1.2, 0.8]"} also works (for the CLI).
     */
    public double[] pair(String name, double defLower, double defUpper) {
        Object v = raw(name);
        double[] p;
        if (v == null) {
            p = new double[] {defLower, defUpper};
        } else {
            List<?> list = asList(v);
            if (list == null) {
                double d = toDouble(name, v);
                p = new double[] {d, d};
            } else if (list.size() == 2) {
                p = new double[] {toDouble(name, list.get(0)), toDouble(name, list.get(1))};
            } else if (list.size() == 1) {
                double d = toDouble(name, list.get(0));
                p = new double[] {d, d};
            } else {
                throw typeError(name, "a number or a [lower, upper] pair", v);
            }
        }
        resolved.put(name, List.of(p[0], p[1]));
        return p;
    }

    /** A list of numbers, or {@code def} when absent. */
    public double[] numbers(String name, double[] def) {
        Object v = raw(name);
        if (v == null) {
            if (def != null) {
                resolved.put(name, boxed(def));
            }
            return def == null ? null : def.clone();
        }
        List<?> list = asList(v);
        if (list == null) {
            list = List.of(v);
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = toDouble(name, list.get(i));
        }
        resolved.put(name, boxed(out));
        return out;
    }

    /** A list of strings, or {@code def} when absent; a single string is a list of one. */
    public List<String> strings(String name, List<String> def) {
        Object v = raw(name);
        if (v == null) {
            if (def != null) {
                resolved.put(name, def);
            }
            return def;
        }
        List<?> list = asList(v);
        if (list == null) {
            list = List.of(v);
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof String || o instanceof Number)) {
                throw typeError(name, "a list of strings", v);
            }
            out.add(String.valueOf(o).trim());
        }
        resolved.put(name, List.copyOf(out));
        return List.copyOf(out);
    }

    /** A nested map (such as {@code args}), or an empty map when absent. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> map(String name) {
        Object v = raw(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw typeError(name, "a mapping", v);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        ((Map<Object, Object>) v).forEach((k, val) -> m.put(String.valueOf(k), val));
        resolved.put(name, Collections.unmodifiableMap(m));
        return Collections.unmodifiableMap(m);
    }

    /**
     * The score pipeline's business arguments, common to every model: {@code scale},
     * {@code clip_predictions}, {@code data_range}, {@code detection_direction},
     * {@code min_dev_from_expected}, {@code min_rel_dev_from_expected},
     * {@code anomaly_score_outside_data_range}.
     */
    public ScoreSpec scoreSpec() {
        double[] scale = pair("scale", 1.0, 1.0);
        boolean clip = bool("clip_predictions", false);
        double[] range = pair("data_range", Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        String dir = string("detection_direction", "both");
        double[] minDev = pair("min_dev_from_expected", 0, 0);
        double[] minRel = pair("min_rel_dev_from_expected", 0, 0);
        double outside = number("anomaly_score_outside_data_range", ScoreSpec.DEFAULT_OUTSIDE_DATA_RANGE_SCORE);
        DetectionDirection direction;
        try {
            direction = DetectionDirection.parse(dir);
        } catch (IllegalArgumentException e) {
            throw new ModelConfigException("model '" + model + "': " + e.getMessage(), "detection_direction");
        }
        try {
            return new ScoreSpec(scale[0], scale[1], clip, range[0], range[1], direction,
                    minDev[0], minDev[1], minRel[0], minRel[1], outside);
        } catch (IllegalArgumentException e) {
            throw new ModelConfigException("model '" + model + "': " + e.getMessage());
        }
    }

    /**
     * {@code provide_series}: the output series to write; {@code anomaly_score} is always included.
     * Each name must be {@code anomaly_score}, {@code y} or one of {@code available}.
     */
    public List<String> provideSeries(List<String> defaults, List<String> available) {
        List<String> ps = strings("provide_series", defaults);
        Set<String> allowed = new LinkedHashSet<>(List.of(Columns.ANOMALY_SCORE, Columns.Y));
        allowed.addAll(available);
        for (String s : ps) {
            if (!allowed.contains(s)) {
                throw error("provide_series", "contains \"" + s + "\", which this model does not produce; it can provide "
                        + allowed);
            }
        }
        if (!ps.contains(Columns.ANOMALY_SCORE)) {
            List<String> withScore = new ArrayList<>();
            withScore.add(Columns.ANOMALY_SCORE);
            withScore.addAll(ps);
            ps = List.copyOf(withScore);
            resolved.put("provide_series", ps);
        }
        return ps;
    }

    /**
     * Rejects every argument that was given but never read, naming it and suggesting the nearest
     * known argument. Call last.
     */
    public void finish() {
        finish(null);
    }

    /** As {@link #finish()}; a given key not in {@code declared} (when not {@code null}) is unknown too. */
    public void finish(java.util.Collection<String> declared) {
        List<String> problems = new ArrayList<>();
        String first = null;
        for (String k : raw.keySet()) {
            if (!read.contains(k) || (declared != null && !declared.contains(k))) {
                String near = nearest(k, read);
                first = first == null ? k : first;
                problems.add("unknown argument '" + k + "'" + (near == null ? "" : " (did you mean '" + near + "'?)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ModelConfigException("model '" + model + "': " + String.join("; ", problems)
                    + ". Known arguments: " + String.join(", ", read), first);
        }
    }

    /** The values read so far, defaults included, in reading order. */
    public Map<String, Object> resolved() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(resolved));
    }

    /** The closest candidate by edit distance when it is close enough to be a typo, else {@code null}. */
    public static String nearest(String word, Iterable<String> candidates) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = editDistance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        return best != null && bestD <= Math.max(2, word.length() / 3) ? best : null;
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private double toDouble(String name, Object v) {
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof String) {
            String s = ((String) v).trim().toLowerCase(Locale.ROOT);
            switch (s) {
                case "inf": case "+inf": case "infinity": case "+infinity": return Double.POSITIVE_INFINITY;
                case "-inf": case "-infinity": return Double.NEGATIVE_INFINITY;
                default:
                    try {
                        return Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        throw typeError(name, "a number", v);
                    }
            }
        }
        throw typeError(name, "a number", v);
    }

    private static List<?> asList(Object v) {
        if (v instanceof List) {
            return (List<?>) v;
        }
        if (v instanceof double[]) {
            return boxed((double[]) v);
        }
        if (v instanceof String) {
            String s = ((String) v).trim();
            if (s.startsWith("[") && s.endsWith("]")) {
                s = s.substring(1, s.length() - 1);
            } else if (!s.contains(",")) {
                return null;
            }
            List<String> parts = new ArrayList<>();
            for (String p : s.split(",")) {
                parts.add(p.trim());
            }
            return parts;
        }
        return null;
    }

    private static List<Double> boxed(double[] a) {
        List<Double> l = new ArrayList<>(a.length);
        for (double d : a) {
            l.add(d);
        }
        return List.copyOf(l);
    }
}
