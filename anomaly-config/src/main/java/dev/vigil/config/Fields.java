package dev.vigil.config;

import dev.vigil.core.time.Durations;
import dev.vigil.models.ModelArgs;
import dev.vigil.config.ConfigKey.Section;
import dev.vigil.config.ConfigKey.Type;
import dev.vigil.vm.VmConfigException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One YAML mapping under validation, read key by key through the {@link ConfigKeys} rows of its
 * section: a key's type and its default come from its row, and a name the section does not list is a
 * bug that fails at once. Every mistake is recorded in the shared {@link Diagnostics} with the key's
 * YAML path and line, and the read returns the default (or {@code null}) so that validation goes on
 * and reports the other mistakes too. Not thread-safe; used by one validation.
 */
final class Fields {

    /**
     * The longest duration any key takes: 100 years. Longer ones are refused rather than overflowing
     * later where a duration becomes milliseconds or nanoseconds (vmanomaly's pandas durations end at
     * about 292 years; every time must also fit around now).
     */
    static final Duration MAX_DURATION = Duration.ofDays(36_500);

    private final Diagnostics diag;
    private final String path;
    private final Node node;
    private final Map<String, Node> map;
    private final Section section;

    private Fields(Diagnostics diag, String path, Node node, Map<String, Node> map, Section section) {
        this.diag = diag;
        this.path = path;
        this.node = node;
        this.map = map;
        this.section = section;
    }

    /**
     * The mapping at {@code node}, or {@code null} after recording an error when it is not a mapping.
     *
     * @param section the table section of its keys; {@code null} for a mapping of free names (aliases, labels)
     */
    static Fields of(Diagnostics diag, String path, Node node, Section section) {
        if (!node.isMap()) {
            diag.error(path, node, "must be a mapping, got " + node.describe());
            return null;
        }
        return new Fields(diag, path, node, node.map(), section);
    }

    /** An explicit mapping standing for {@code node} (e.g. the legacy {@code {alias: expr}} query form). */
    static Fields of(Diagnostics diag, String path, Node node, Map<String, Node> map, Section section) {
        return new Fields(diag, path, node, map, section);
    }

    /** The same mapping read by the rows of {@code other} (a scheduler, once its class is known). */
    Fields as(Section other) {
        return new Fields(diag, path, node, map, other);
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

    /** The YAML path of the entry {@code name}. */
    String pathOf(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** The node of key {@code name}, or {@code null} when absent. */
    Node get(String name) {
        return map.get(key(name, null).name());
    }

    /** Whether the key is written at all, even as {@code null}. */
    boolean contains(String name) {
        return get(name) != null;
    }

    /** Whether the key is written with a non-null value. */
    boolean isSet(String name) {
        return value(name, null) != null;
    }

    /** Records an error about key {@code name}, located at its node or, when absent, at this mapping. */
    void error(String name, String message) {
        Node n = get(name);
        diag.error(pathOf(name), n == null ? node : n, message);
    }

    /** Records an error at an arbitrary path below this mapping, located at {@code at} (this mapping when null). */
    void error(String subPath, Node at, String message) {
        diag.error(pathOf(subPath), at == null ? node : at, message);
    }

    /** Records a warning. */
    void warn(String message) {
        diag.warn(message);
    }

    /**
     * Warns that key {@code name}, when written, is accepted for vmanomaly compatibility but has no effect,
     * and {@code why} (reported by {@code --dryRun} and logged once at start).
     */
    void noEffect(String name, String why) {
        if (contains(name)) {
            diag.warn(pathOf(name) + " is accepted but has no effect: " + why);
        }
    }

    /** {@code " (did you mean 'x'?)"} with the name of {@code known} nearest to {@code given}, or nothing. */
    static String didYouMean(String given, Collection<String> known) {
        String near = ModelArgs.nearest(given, known);
        return near == null ? "" : " (did you mean '" + near + "'?)";
    }

    /** Refuses every key that is not a key of this section, suggesting the nearest known key and listing them all. */
    void checkKeys() {
        var allowed = ConfigKeys.names(section);
        for (Map.Entry<String, Node> e : map.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                diag.error(pathOf(e.getKey()), e.getValue(), "unknown key \"" + e.getKey() + "\""
                        + didYouMean(e.getKey(), allowed) + "; allowed: " + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    /** Records "is required" with {@code hint} when the key is absent or null. */
    void require(String name, String hint) {
        if (!isSet(name)) {
            diag.error(pathOf(name), node, "is required" + hint);
        }
    }

    /** Refuses the key with "{@code what} is not supported yet" when its value matches {@code when}. */
    void refuseIf(String name, Predicate<Object> when, String what) {
        Node n = get(name);
        if (n != null && when.test(n.value())) {
            error(name, what + " is not supported yet");
        }
    }

    /**
     * The nested mapping under key {@code name}, read by the rows of {@code nested} ({@code null}: free
     * names); {@code null} when absent or (after an error) not a mapping.
     */
    Fields section(String name, Section nested) {
        Node n = get(name);
        return n == null ? null : of(diag, pathOf(name), n, nested);
    }

    /**
     * This mapping of aliases (such as {@code schedulers}) entry by entry: each entry is a mapping of
     * {@code entrySection} handed to {@code build}; the entries built, by alias. An empty mapping is an error
     * ("needs at least one {@code what}").
     */
    <T> Map<String, T> entries(String what, Section entrySection, BiFunction<String, Fields, T> build) {
        if (map.isEmpty()) {
            diag.error(path, node, "needs at least one " + what);
        }
        Map<String, T> out = new LinkedHashMap<>();
        map.forEach((alias, n) -> {
            Fields f = of(diag, pathOf(alias), n, entrySection);
            T built = f == null ? null : build.apply(alias, f);
            if (built != null) {
                out.put(alias, built);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /**
     * Where a reader or writer goes: for {@code class: file}, the file it uses ({@code path}), else
     * {@code null} after recording {@code missing} at this mapping; for a VictoriaMetrics one, it
     * requires {@code datasource_url} and returns {@code null}.
     */
    Path target(boolean file, String missing) {
        if (!file) {
            require("datasource_url", " (e.g. http://localhost:8428)");
            return null;
        }
        String p = string("path");
        if (p == null) {
            diag.error(pathOf("path"), node, missing);
            return null;
        }
        return Path.of(p);
    }

    /**
     * Builds a VictoriaMetrics client settings record; when the client refuses a key, records the error at
     * that key (at this mapping when the client names none or the key is not written) and returns
     * {@code null}.
     */
    <T> T client(Supplier<T> build) {
        try {
            return build.get();
        } catch (ArithmeticException e) {
            diag.error(path, node, "a value is too large (" + e.getMessage() + ")");
            return null;
        } catch (VmConfigException e) {
            String key = e.key();
            if (key == null) {
                diag.error(path, node, e.getMessage());
            } else {
                error(key, find(key), e.getMessage());
            }
            return null;
        }
    }

    /** The node at a dotted path below this mapping ({@code metric_format.__name__}), or {@code null}. */
    private Node find(String dotted) {
        Node n = node;
        for (String part : dotted.split("\\.")) {
            if (n == null || !n.isMap()) {
                return null;
            }
            n = n.map().get(part);
        }
        return n;
    }

    // ---- values --------------------------------------------------------------------------------

    /** A single value as text; the table default when absent. */
    String string(String name) {
        return string(name, key(name, null).defaultValue());
    }

    /** A single value as text; {@code def} when absent or null. */
    String string(String name, String def) {
        return read(name, null, def, n -> {
            if (n.isMap() || n.isList()) {
                throw new IllegalArgumentException("must be a single value, got " + n.describe());
            }
            return String.valueOf(n.value());
        });
    }

    /** A duration with the table default ({@code null} when none). */
    Duration duration(String name, boolean positive) {
        String def = key(name, Type.DURATION).defaultValue();
        return duration(name, def == null ? null : Durations.parse(def), positive);
    }

    /** A duration, {@code def} when absent or wrong; {@code positive}: zero and negative are refused. */
    Duration duration(String name, Duration def, boolean positive) {
        return read(name, Type.DURATION, def, n -> {
            Duration d = Durations.parse(String.valueOf(n.value()));
            if (positive && (d.isNegative() || d.isZero())) {
                throw new IllegalArgumentException("must be a positive duration, got \"" + n.value() + "\"");
            }
            if (d.abs().compareTo(MAX_DURATION) > 0) {
                throw new IllegalArgumentException("is too large: at most 100 years (36500d), got \"" + n.value()
                        + "\"");
            }
            return d;
        });
    }

    /** Refuses a duration the key sets below one second (scheduling works at that resolution). */
    void atLeastSecond(String name, Duration d) {
        if (d != null && contains(name) && d.compareTo(Duration.ofSeconds(1)) < 0) {
            error(name, "must be at least 1s, got \"" + get(name).value() + "\"");
        }
    }

    /** A time zone with the table default. */
    ZoneId zone(String name) {
        return zone(name, ZoneId.of(key(name, Type.ZONE).defaultValue()));
    }

    /** An IANA time zone, {@code def} when absent or wrong. */
    ZoneId zone(String name, ZoneId def) {
        return read(name, Type.ZONE, def, n -> {
            try {
                return ZoneId.of(String.valueOf(n.value()));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("unknown time zone \"" + n.value() + "\" (use an IANA name such as"
                        + " Europe/Paris)");
            }
        });
    }

    /** A whole number with the table default. */
    long integer(String name) {
        return integer(name, Long.parseLong(key(name, Type.INTEGER).defaultValue()));
    }

    /** A whole number (a YAML integer or a string of digits), {@code def} when absent or wrong. */
    long integer(String name, long def) {
        return read(name, Type.INTEGER, def, n -> {
            if (n.value() instanceof Long || n.value() instanceof Integer) {
                return ((Number) n.value()).longValue();
            }
            if (n.value() instanceof String s && s.trim().matches("[-+]?\\d+")) {
                try {
                    return Long.parseLong(s.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("is too large: at most " + Long.MAX_VALUE + ", got " + s.trim());
                }
            }
            throw new IllegalArgumentException("must be a whole number, got " + n.describe());
        });
    }

    /** A whole number of at least {@code min}, the table default when absent or wrong. */
    long atLeast(String name, long min) {
        long def = Long.parseLong(key(name, Type.INTEGER).defaultValue());
        long v = integer(name, def);
        if (v < min) {
            error(name, "must be >= " + min + ", got " + v);
            return def;
        }
        return v;
    }

    /**
     * A whole number in {@code [min, Integer.MAX_VALUE]} (a count of threads, series, attempts), the table
     * default when absent or wrong.
     */
    int count(String name, long min) {
        long v = atLeast(name, min);
        if (v > Integer.MAX_VALUE) {
            error(name, "is too large: at most " + Integer.MAX_VALUE + ", got " + v);
            return Integer.parseInt(key(name, Type.INTEGER).defaultValue());
        }
        return (int) v;
    }

    /** A finite number with the table default; the default when wrong. */
    double number(String name) {
        return read(name, Type.NUMBER, Double.parseDouble(key(name, null).defaultValue()), n -> {
            double d;
            if (n.value() instanceof Number num) {
                d = num.doubleValue();
            } else {
                try {
                    d = Double.parseDouble(String.valueOf(n.value()).trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("must be a number, got " + n.describe());
                }
            }
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("must be a finite number, got " + n.describe());
            }
            return d;
        });
    }

    /** {@code true} or {@code false} (also {@code 1}/{@code 0}); the table default when absent or wrong. */
    boolean bool(String name) {
        return read(name, Type.BOOLEAN, Boolean.valueOf(key(name, null).defaultValue()), n -> {
            String s = String.valueOf(n.value()).trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("1")) {
                return true;
            }
            if (s.equals("false") || s.equals("0")) {
                return false;
            }
            throw new IllegalArgumentException("must be true or false, got " + n.describe());
        });
    }

    /** A {@code [low, high]} pair with the table default. */
    double[] range(String name) {
        return range(name, parseRange(key(name, Type.RANGE).defaultValue()));
    }

    /** A {@code [low, high]} pair of numbers or {@code inf}/{@code -inf}; {@code def} when absent or null. */
    double[] range(String name, double[] def) {
        Node n = value(name, Type.RANGE);
        if (n == null) {
            return def;
        }
        double[] r = {Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY};
        if (!n.isList() || n.list().size() != 2) {
            error(name, "must be a [low, high] pair, e.g. [0, \"inf\"]");
            return r;
        }
        for (int i = 0; i < 2; i++) {
            Object v = n.list().get(i).value();
            try {
                r[i] = v instanceof Number num ? num.doubleValue() : bound(String.valueOf(v));
            } catch (NumberFormatException e) {
                error(name, "must hold numbers or \"inf\"/\"-inf\", got \"" + v + "\"");
            }
        }
        if (r[0] > r[1]) {
            error(name, "low (" + r[0] + ") must not exceed high (" + r[1] + ")");
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
    String classOf(Map<String, String> classes) {
        Node n = value("class", Type.CLASS);
        if (n == null) {
            return key("class", null).defaultValue();
        }
        String c = classes.get(String.valueOf(n.value()).trim());
        if (c == null) {
            String given = String.valueOf(n.value());
            error("class", "unknown class \"" + given + "\"" + didYouMean(given, classes.keySet()) + "; known: "
                    + String.join(", ", new TreeSet<>(classes.keySet())));
        }
        return c;
    }

    /** The values of a list key as text (a single value is a list of one); empty when absent. */
    List<String> strings(String name) {
        Node n = value(name, Type.LIST);
        if (n == null) {
            return List.of();
        }
        return n.isList() ? n.list().stream().map(x -> String.valueOf(x.value())).toList()
                : List.of(String.valueOf(n.value()));
    }

    /** The credentials and TLS keys of this section. */
    Auth auth() {
        Node vt = value("verify_tls", null);
        Object verify = vt == null ? Boolean.valueOf(key("verify_tls", null).defaultValue()) : vt.value();
        return new Auth(string("user"), string("password"), string("bearer_token"), string("bearer_token_file"),
                verify, string("tls_cert_file"), string("tls_key_file"));
    }

    /**
     * The value of key {@code name} converted by {@code parse}; {@code def} when the key is absent or null,
     * or when {@code parse} refuses the value by throwing an {@link IllegalArgumentException}, whose message
     * is then recorded at the key.
     */
    private <T> T read(String name, Type type, T def, Function<Node, T> parse) {
        Node n = value(name, type);
        if (n == null) {
            return def;
        }
        try {
            return parse.apply(n);
        } catch (IllegalArgumentException e) {
            error(name, e.getMessage());
            return def;
        } catch (ArithmeticException | DateTimeException e) {
            error(name, "is out of range (" + e.getMessage() + "), got " + n.describe());
            return def;
        }
    }

    /** The node of key {@code name} when written with a value, else {@code null}; checks the key's type. */
    private Node value(String name, Type type) {
        Node n = map.get(key(name, type).name());
        return n == null || n.isNull() ? null : n;
    }

    /** The row of {@code name} in this mapping's section, checked to be of {@code type} ({@code null}: any). */
    private ConfigKey key(String name, Type type) {
        ConfigKey k = ConfigKeys.get(section, name);
        if (type != null && k.type() != type) {
            throw new IllegalStateException(k + " is a " + k.type() + ", read as a " + type);
        }
        return k;
    }
}
