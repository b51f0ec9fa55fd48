package dev.vigil.runner.config;

import static dev.vigil.runner.config.Diagnostics.describe;

import dev.vigil.core.time.Durations;
import dev.vigil.models.ModelArgs;
import dev.vigil.runner.config.ConfigKey.Section;
import dev.vigil.runner.config.ConfigKey.Type;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * One YAML mapping under validation, read key by key through the {@link ConfigKeys} table: a key's
 * name, its type and its default all come from its row. Every mistake is recorded in the shared
 * {@link Diagnostics} with the key's YAML path and line, and the read returns the default (or
 * {@code null}) so that validation goes on and reports the other mistakes too. Not thread-safe; used
 * by one validation.
 */
final class Fields {

    private final Diagnostics diag;
    private final String path;
    private final Node node;
    private final Map<String, Node> map;

    private Fields(Diagnostics diag, String path, Node node, Map<String, Node> map) {
        this.diag = diag;
        this.path = path;
        this.node = node;
        this.map = map;
    }

    /** The mapping at {@code node}, or {@code null} after recording an error when it is not a mapping. */
    static Fields of(Diagnostics diag, String path, Node node) {
        if (!node.isMap()) {
            diag.error(path, node, "must be a mapping, got " + describe(node));
            return null;
        }
        return new Fields(diag, path, node, node.map());
    }

    /** An explicit mapping standing for {@code node} (e.g. the legacy {@code {alias: expr}} query form). */
    static Fields of(Diagnostics diag, String path, Node node, Map<String, Node> map) {
        return new Fields(diag, path, node, map);
    }

    /** The YAML path of this mapping, e.g. {@code schedulers.s1}. */
    String path() {
        return path;
    }

    /** The mapping's node (its line is where a missing key is reported). */
    Node node() {
        return node;
    }

    /** The raw entries. */
    Map<String, Node> map() {
        return map;
    }

    /** The diagnostics errors go to. */
    Diagnostics diagnostics() {
        return diag;
    }

    /** The YAML path of {@code key} in this mapping. */
    String pathOf(ConfigKey key) {
        return pathOf(key.name());
    }

    /** The YAML path of the entry {@code name}. */
    String pathOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The key's node, or {@code null} when absent. */
    Node get(ConfigKey key) {
        return map.get(key.name());
    }

    /** Whether the key is written at all, even as {@code null}. */
    boolean contains(ConfigKey key) {
        return map.containsKey(key.name());
    }

    /** Whether the key is written with a non-null value. */
    boolean isSet(ConfigKey key) {
        Node n = get(key);
        return n != null && !n.isNull();
    }

    /** Records an error about {@code key}, located at its node or, when absent, at this mapping. */
    void error(ConfigKey key, String message) {
        Node n = get(key);
        diag.error(pathOf(key), n == null ? node : n, message);
    }

    /** Records an error at an arbitrary path below this mapping. */
    void error(String subPath, Node at, String message) {
        diag.error(pathOf(subPath), at, message);
    }

    /** Records a warning. */
    void warn(String message) {
        diag.warn(message);
    }

    /**
     * Refuses every key that is not a key of {@code section}, suggesting the nearest known key and
     * listing them all.
     */
    void checkKeys(Section section) {
        var allowed = ConfigKeys.names(section);
        for (Map.Entry<String, Node> e : map.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                String near = ModelArgs.nearest(e.getKey(), allowed);
                diag.error(pathOf(e.getKey()), e.getValue(), "unknown key \"" + e.getKey() + "\""
                        + (near == null ? "" : " (did you mean '" + near + "'?)") + "; allowed: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    /** Records "is required" with {@code hint} when the key is absent or null. */
    boolean require(ConfigKey key, String hint) {
        if (isSet(key)) {
            return true;
        }
        diag.error(pathOf(key), node, "is required" + hint);
        return false;
    }

    /** Refuses the key with "{@code what} is not supported yet" when its value matches {@code when}. */
    void refuseIf(ConfigKey key, Predicate<Object> when, String what) {
        Node n = get(key);
        if (n != null && when.test(n.value())) {
            error(key, what + " is not supported yet");
        }
    }

    /** The nested mapping under {@code key}, {@code null} when absent or (after an error) not a mapping. */
    Fields section(ConfigKey key) {
        Node n = get(key);
        return n == null ? null : of(diag, pathOf(key), n);
    }

    // ---- scalars -------------------------------------------------------------------------------

    /** A single value as text; the table default when absent. */
    String string(ConfigKey key) {
        return string(key, key.defaultValue());
    }

    /** A single value as text; {@code def} when absent or null. */
    String string(ConfigKey key, String def) {
        Node n = get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        if (n.isMap() || n.isList()) {
            error(key, "must be a single value, got " + describe(n));
            return def;
        }
        return String.valueOf(n.value());
    }

    /** A duration with the table default ({@code null} when none). */
    Duration duration(ConfigKey key, boolean positive) {
        return duration(key, key.defaultValue() == null ? null : Durations.parse(key.defaultValue()), positive);
    }

    /** A duration, {@code def} when absent or wrong; {@code positive}: zero and negative are refused. */
    Duration duration(ConfigKey key, Duration def, boolean positive) {
        expect(key, Type.DURATION);
        Node n = get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        try {
            Duration d = Durations.parse(String.valueOf(n.value()));
            if (positive && (d.isNegative() || d.isZero())) {
                error(key, "must be a positive duration, got \"" + n.value() + "\"");
                return def;
            }
            return d;
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return def;
        }
    }

    /** Refuses a duration the key sets below one second (scheduling works at that resolution). */
    void atLeastSecond(ConfigKey key, Duration d) {
        if (d != null && contains(key) && d.compareTo(Duration.ofSeconds(1)) < 0) {
            error(key, "must be at least 1s, got \"" + get(key).value() + "\"");
        }
    }

    /** A time zone with the table default. */
    ZoneId zone(ConfigKey key) {
        return zone(key, ZoneId.of(key.defaultValue()));
    }

    /** An IANA time zone, {@code def} when absent or wrong. */
    ZoneId zone(ConfigKey key, ZoneId def) {
        expect(key, Type.ZONE);
        Node n = get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        try {
            return ZoneId.of(String.valueOf(n.value()));
        } catch (DateTimeException e) {
            error(key, "unknown time zone \"" + n.value() + "\" (use an IANA name such as Europe/Paris)");
            return def;
        }
    }

    /** A whole number with the table default. */
    long integer(ConfigKey key) {
        return integer(key, Long.parseLong(key.defaultValue()));
    }

    /** A whole number, {@code def} when absent or wrong. */
    long integer(ConfigKey key, long def) {
        expect(key, Type.INTEGER);
        Node n = get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        Long v = integerOf(n, pathOf(key));
        return v == null ? def : v;
    }

    /** A whole number of at least {@code min}, the table default when absent or wrong. */
    long atLeast(ConfigKey key, long min) {
        long def = Long.parseLong(key.defaultValue());
        long v = integer(key, def);
        if (v < min) {
            error(key, "must be >= " + min + ", got " + v);
            return def;
        }
        return v;
    }

    /** {@code n} as a whole number (a YAML integer or a string of digits), else {@code null} after an error. */
    Long integerOf(Node n, String at) {
        Object v = n.value();
        if (v instanceof Long || v instanceof Integer) {
            return ((Number) v).longValue();
        }
        if (v instanceof String && ((String) v).trim().matches("-?\\d+")) {
            return Long.parseLong(((String) v).trim());
        }
        diag.error(at, n, "must be a whole number, got " + describe(n));
        return null;
    }

    /** A number with the table default; the default when wrong. */
    double number(ConfigKey key) {
        expect(key, Type.NUMBER);
        double def = Double.parseDouble(key.defaultValue());
        Node n = get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        if (n.value() instanceof Number) {
            return ((Number) n.value()).doubleValue();
        }
        try {
            return Double.parseDouble(String.valueOf(n.value()).trim());
        } catch (NumberFormatException e) {
            error(key, "must be a number, got " + describe(n));
            return def;
        }
    }

    /** {@code true} or {@code false} (also {@code 1}/{@code 0}); the table default when absent, {@code null} when wrong. */
    Boolean bool(ConfigKey key) {
        expect(key, Type.BOOLEAN);
        Node n = get(key);
        if (n == null || n.isNull()) {
            return key.defaultValue() == null ? null : Boolean.valueOf(key.defaultValue());
        }
        Object v = n.value();
        if (v instanceof Boolean) {
            return (Boolean) v;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("1")) {
            return true;
        }
        if (s.equals("false") || s.equals("0")) {
            return false;
        }
        error(key, "must be true or false, got " + describe(n));
        return null;
    }

    /** A {@code [low, high]} pair with the table default. */
    double[] range(ConfigKey key) {
        return range(key, parseRange(key.defaultValue()));
    }

    /** A {@code [low, high]} pair of numbers or {@code inf}/{@code -inf}; {@code def} when absent or null. */
    double[] range(ConfigKey key, double[] def) {
        expect(key, Type.RANGE);
        Node n = get(key);
        if (n == null || n.isNull()) {
            return def;
        }
        double[] r = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        if (!n.isList() || n.list().size() != 2) {
            error(key, "must be a [low, high] pair, e.g. [0, \"inf\"]");
            return r;
        }
        for (int i = 0; i < 2; i++) {
            Object v = n.list().get(i).value();
            try {
                r[i] = v instanceof Number ? ((Number) v).doubleValue() : bound(String.valueOf(v));
            } catch (NumberFormatException e) {
                error(key, "must hold numbers or \"inf\"/\"-inf\", got \"" + v + "\"");
            }
        }
        if (r[0] > r[1]) {
            error(key, "low (" + r[0] + ") must not exceed high (" + r[1] + ")");
        }
        return r;
    }

    /** The {@code [low, high]} text of a table default. */
    static double[] parseRange(String text) {
        String[] parts = text.replace("[", "").replace("]", "").split(",");
        return new double[] {bound(parts[0]), bound(parts[1])};
    }

    private static double bound(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        return s.equals("inf") || s.equals("+inf") ? Double.POSITIVE_INFINITY
                : s.equals("-inf") ? Double.NEGATIVE_INFINITY : Double.parseDouble(s);
    }

    /**
     * The canonical class of the {@code class} key: {@code classes} maps every accepted spelling (alias
     * or vmanomaly class path) to it. The table default when absent; {@code null} after an error when
     * unknown.
     */
    String classOf(ConfigKey key, Map<String, String> classes) {
        expect(key, Type.CLASS);
        Node cn = get(key);
        if (cn == null || cn.isNull()) {
            return key.defaultValue();
        }
        String c = classes.get(String.valueOf(cn.value()).trim());
        if (c == null) {
            String near = ModelArgs.nearest(String.valueOf(cn.value()), classes.keySet());
            error(key, "unknown class \"" + cn.value() + "\"" + (near == null ? "" : " (did you mean '" + near
                    + "'?)") + "; known: " + String.join(", ", new TreeSet<>(classes.keySet())));
        }
        return c;
    }

    /** The values of a list key as text (a single value is a list of one); empty when absent. */
    List<String> strings(ConfigKey key) {
        Node n = get(key);
        if (n == null || n.isNull()) {
            return List.of();
        }
        return n.isList() ? n.list().stream().map(x -> String.valueOf(x.value())).toList()
                : List.of(String.valueOf(n.value()));
    }

    /** The credentials and TLS keys of this section. */
    Auth auth(ConfigKeys.AuthKeys keys) {
        Node vt = get(keys.verifyTls());
        Object verify = vt == null || vt.isNull() ? Boolean.valueOf(keys.verifyTls().defaultValue()) : vt.value();
        return new Auth(string(keys.user()), string(keys.password()), string(keys.bearerToken()),
                string(keys.bearerTokenFile()), verify, string(keys.tlsCertFile()), string(keys.tlsKeyFile()));
    }

    private static void expect(ConfigKey key, Type type) {
        if (key.type() != type) {
            throw new IllegalStateException(key + " is a " + key.type() + ", read as a " + type);
        }
    }
}
