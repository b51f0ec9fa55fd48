package dev.vigil.core.series;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable label set: the metric name ({@code __name__}, kept apart, may be empty) and the
 * other labels sorted by key. Two label sets are equal when their name and labels are equal, so a
 * {@code Labels} is a good map key for "one model instance per series".
 *
 * <p>Thread-safe. Lookups are O(log n) by binary search over the sorted keys.
 */
public final class Labels implements Comparable<Labels> {

    /** The reserved key of the metric name. */
    public static final String NAME = "__name__";

    private static final String[] NONE = new String[0];
    private static final Labels EMPTY = new Labels("", NONE, NONE);

    private final String name;
    private final String[] keys;
    private final String[] values;
    private final int hash;

    private Labels(String name, String[] keys, String[] values) {
        this.name = name;
        this.keys = keys;
        this.values = values;
        this.hash = hash(name, keys, values);
    }

    /**
     * Hashes name, key, value, key, value... as one sequence. Hashing keys and values as two separate
     * arrays (as before) made {@code {a="1",b="0"}} collide with {@code {a="0",c="0"}}: small differences
     * in a key and in a value cancelled out, and label sets are full of such near-identical strings.
     */
    private static int hash(String name, String[] keys, String[] values) {
        int h = name.hashCode();
        for (int i = 0; i < keys.length; i++) {
            h = 31 * (31 * h + keys[i].hashCode()) + values[i].hashCode();
        }
        return h;
    }

    /** The empty label set: no name, no labels. */
    public static Labels empty() {
        return EMPTY;
    }

    /**
     * Builds a label set from a map; a {@code __name__} entry becomes the name.
     *
     * @throws IllegalArgumentException on a null or empty key, or a null value
     */
    public static Labels of(Map<String, String> labels) {
        Objects.requireNonNull(labels, "labels");
        TreeMap<String, String> sorted = new TreeMap<>();
        String name = "";
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (k == null || k.isEmpty()) {
                throw new IllegalArgumentException("label key must not be empty, got " + (k == null ? "null" : "\"\""));
            }
            if (v == null) {
                throw new IllegalArgumentException("label '" + k + "' has a null value");
            }
            if (NAME.equals(k)) {
                name = v;
            } else {
                sorted.put(k, v);
            }
        }
        if (name.isEmpty() && sorted.isEmpty()) {
            return EMPTY;
        }
        return new Labels(name, sorted.keySet().toArray(NONE), sorted.values().toArray(NONE));
    }

    /**
     * Builds a label set from alternating keys and values: {@code of("__name__", "cpu", "mode", "idle")}.
     *
     * @throws IllegalArgumentException on an odd number of arguments
     */
    public static Labels of(String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need key/value pairs, got " + keyValues.length + " strings");
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (m.put(keyValues[i], keyValues[i + 1]) != null) {
                throw new IllegalArgumentException("label '" + keyValues[i] + "' given twice");
            }
        }
        return of(m);
    }

    /** The metric name ({@code __name__}), or {@code ""} when there is none. */
    public String name() {
        return name;
    }

    /** The number of labels, not counting the name. */
    public int size() {
        return keys.length;
    }

    /** The value of {@code key}, or {@code null}; {@code get("__name__")} returns the name or null. */
    public String get(String key) {
        if (NAME.equals(key)) {
            return name.isEmpty() ? null : name;
        }
        int i = Arrays.binarySearch(keys, key);
        return i >= 0 ? values[i] : null;
    }

    /** The i-th key in sorted order (excluding the name). */
    public String key(int i) {
        return keys[i];
    }

    /** The i-th value in key order (excluding the name). */
    public String value(int i) {
        return values[i];
    }

    /** A copy with {@code key} set to {@code value} ({@code __name__} sets the name). */
    public Labels with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(asMap());
        m.put(key, value);
        return of(m);
    }

    /** A copy with the name replaced ({@code ""} removes it). */
    public Labels withName(String newName) {
        Objects.requireNonNull(newName, "newName");
        if (newName.isEmpty() && keys.length == 0) {
            return EMPTY;
        }
        return new Labels(newName, keys, values);
    }

    /** A copy without {@code key}. */
    public Labels without(String key) {
        Map<String, String> m = new LinkedHashMap<>(asMap());
        m.remove(key);
        return of(m);
    }

    /** The labels as an unmodifiable sorted map, the name first under {@code __name__} when present. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        if (!name.isEmpty()) {
            m.put(NAME, name);
        }
        for (int i = 0; i < keys.length; i++) {
            m.put(keys[i], values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Labels)) {
            return false;
        }
        Labels other = (Labels) o;
        return hash == other.hash && name.equals(other.name)
                && Arrays.equals(keys, other.keys) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** Orders by name, then by the sorted (key, value) pairs: a stable order for output. */
    @Override
    public int compareTo(Labels o) {
        int c = name.compareTo(o.name);
        if (c != 0) {
            return c;
        }
        int n = Math.min(keys.length, o.keys.length);
        for (int i = 0; i < n; i++) {
            c = keys[i].compareTo(o.keys[i]);
            if (c != 0) {
                return c;
            }
            c = values[i].compareTo(o.values[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(keys.length, o.keys.length);
    }

    /** Prometheus selector form: {@code name{k="v",...}} with quotes and backslashes escaped. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append('{');
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(keys[i]).append("=\"");
            String v = values[i];
            for (int j = 0; j < v.length(); j++) {
                char ch = v.charAt(j);
                if (ch == '"' || ch == '\\') {
                    sb.append('\\').append(ch);
                } else if (ch == '\n') {
                    sb.append("\\n");
                } else {
                    sb.append(ch);
                }
            }
            sb.append('"');
        }
        return sb.append('}').toString();
    }
}
