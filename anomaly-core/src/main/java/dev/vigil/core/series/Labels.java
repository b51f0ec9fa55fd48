package dev.vigil.core.series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable label set: the metric name ({@code __name__}, kept apart, may be empty) and the
 * other labels sorted by key. Two label sets are equal when their name and labels are equal, so a
 * {@code Labels} is a good map key for "one model instance per series".
 *
 * <p>The text form is Prometheus' notation, {@code cpu{host="a",mode="idle"}}: {@link #toString()}
 * writes it and {@link #parse} reads it back ({@code parse(l.toString())} equals {@code l} whenever
 * the name and keys are valid Prometheus names); {@link #parseSelector} reads the selectors of
 * PromQL, with {@code !=}, {@code =~} and {@code !~} as well.
 *
 * <p>Immutable and thread-safe. Lookups are O(log n) by binary search over the sorted keys.
 */
public final class Labels implements Comparable<Labels> {

    /** The reserved key of the metric name. */
    public static final String NAME = "__name__";

    private static final String[] NONE = new String[0];
    private static final Labels EMPTY = new Labels("", NONE, NONE);

    private final String name;
    private final String[] keys;
    private final String[] values;
    /**
     * Computed on first use (0: not yet; a hash of 0 is recomputed each time): label sets made only to
     * be written, such as the output series', never need one. Racy but safe, as String's: every thread
     * computes the same value from immutable fields, and an int is written atomically.
     */
    private int hash;

    private Labels(String name, String[] keys, String[] values) {
        this.name = name;
        this.keys = keys;
        this.values = values;
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
        int size = labels.size();
        if (size > SMALL) {
            return ofSorted(labels);
        }
        // a few labels, usually already in order: an insertion sort into arrays, without a sorted map
        String[] keys = new String[size];
        String[] values = new String[size];
        int n = 0;
        String name = "";
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String k = checked(e);
            if (NAME.equals(k)) {
                name = e.getValue();
                continue;
            }
            int j = n++;
            while (j > 0 && keys[j - 1].compareTo(k) > 0) {
                keys[j] = keys[j - 1];
                values[j] = values[j - 1];
                j--;
            }
            keys[j] = k;
            values[j] = e.getValue();
        }
        if (name.isEmpty() && n == 0) {
            return EMPTY;
        }
        return new Labels(name, n == size ? keys : Arrays.copyOf(keys, n), n == size ? values : Arrays.copyOf(values, n));
    }

    /** Above this many labels {@link #of(Map)} sorts through a map rather than by insertion. */
    private static final int SMALL = 24;

    private static Labels ofSorted(Map<String, String> labels) {
        TreeMap<String, String> sorted = new TreeMap<>();
        String name = "";
        for (Map.Entry<String, String> e : labels.entrySet()) {
            String k = checked(e);
            if (NAME.equals(k)) {
                name = e.getValue();
            } else {
                sorted.put(k, e.getValue());
            }
        }
        return new Labels(name, sorted.keySet().toArray(NONE), sorted.values().toArray(NONE));
    }

    /** The entry's key, once it and its value are checked. */
    private static String checked(Map.Entry<String, String> e) {
        String k = e.getKey();
        if (k == null || k.isEmpty()) {
            throw new IllegalArgumentException("label key must not be empty, got " + (k == null ? "null" : "\"\""));
        }
        if (e.getValue() == null) {
            throw new IllegalArgumentException("label '" + k + "' has a null value");
        }
        return k;
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

    /**
     * This set's labels with those of {@code top} added, a key in both taking {@code top}'s value, and
     * {@code top}'s name as the name ({@code ""}: none; this set's name is never kept). Equal to
     * building the union through a map, without the map: one merge of the two sorted key lists,
     * O(n + m), which matters where a label set is derived for every output series.
     */
    public Labels overlaidBy(Labels top) {
        Objects.requireNonNull(top, "top");
        if (top.keys.length == 0) {
            return withName(top.name);
        }
        if (keys.length == 0) {
            return top;
        }
        String[] k = new String[keys.length + top.keys.length];
        String[] v = new String[k.length];
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < keys.length || j < top.keys.length) {
            int c = i == keys.length ? 1 : j == top.keys.length ? -1 : keys[i].compareTo(top.keys[j]);
            if (c < 0) {
                k[n] = keys[i];
                v[n++] = values[i++];
            } else {
                k[n] = top.keys[j];
                v[n++] = top.values[j++];
                if (c == 0) {
                    i++;
                }
            }
        }
        return new Labels(top.name, n == k.length ? k : Arrays.copyOf(k, n), n == v.length ? v : Arrays.copyOf(v, n));
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
        return hashCode() == other.hashCode() && name.equals(other.name)
                && Arrays.equals(keys, other.keys) && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = hash(name, keys, values);
            hash = h;
        }
        return h;
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

    /**
     * Reads the notation {@link #toString()} writes: an optional metric name and optional braces with
     * {@code key="value"} pairs, e.g. {@code cpu}, {@code cpu{host="a"}}, {@code {__name__="cpu",host="a"}}
     * or {@code {}}. Blanks around the parts and a trailing comma are allowed; in a value {@code \"},
     * {@code \\} and {@code \n} are a quote, a backslash and a line break. O(length of the text).
     *
     * @throws IllegalArgumentException quoting the text and saying where it is wrong, for anything else
     *                                  (including the operators {@code !=}, {@code =~} and {@code !~},
     *                                  an empty text and a key given twice)
     */
    public static Labels parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (LabelMatcher t : parseSelector(text)) {
            if (t.op() != LabelMatcher.Op.EQUAL) {
                throw new IllegalArgumentException("invalid labels \"" + text + "\": a label set uses '=' only, such as"
                        + " cpu{host=\"a\"}, not '" + t.op().symbol() + "'");
            }
            if (m.put(t.key(), t.value()) != null) {
                throw new IllegalArgumentException("invalid labels \"" + text + "\": label '" + t.key() + "' given twice");
            }
        }
        return of(m);
    }

    /**
     * Reads a PromQL series selector: an optional metric name and optional braces with
     * {@code key op "value"} terms, {@code op} one of {@code = != =~ !~}; e.g. {@code cpu},
     * {@code cpu{mode=~"idle|user",host!="b"}}. The name comes first as a {@code __name__=} term,
     * then the terms in the order written. Escapes in values as for {@link #parse}; any other
     * backslash is kept (regular expressions such as {@code "a\.b"}). O(length of the text).
     *
     * @throws IllegalArgumentException quoting the text and saying where it is wrong
     */
    public static List<LabelMatcher> parseSelector(String text) {
        if (text == null) {
            throw new IllegalArgumentException("invalid labels: missing (null)");
        }
        return new Parser(text).selector();
    }

    /** A one-pass reader of the Prometheus notation; one per text. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        List<LabelMatcher> selector() {
            List<LabelMatcher> out = new ArrayList<>();
            blanks();
            if (pos < text.length() && isNameStart(text.charAt(pos), true)) {
                out.add(new LabelMatcher(NAME, LabelMatcher.Op.EQUAL, name(true)));
                blanks();
            }
            boolean braces = pos < text.length() && text.charAt(pos) == '{';
            if (braces) {
                pos++;
                blanks();
                while (pos < text.length() && text.charAt(pos) != '}') {
                    out.add(term());
                    blanks();
                    if (pos < text.length() && text.charAt(pos) == ',') {
                        pos++;
                        blanks();
                    } else if (pos < text.length() && text.charAt(pos) != '}') {
                        throw bad("expected ',' or '}'");
                    }
                }
                if (pos >= text.length()) {
                    throw bad("missing '}'");
                }
                pos++;
                blanks();
            }
            if (out.isEmpty() && !braces) {
                throw bad("expected a metric name or '{'");
            }
            if (pos < text.length()) {
                throw bad("unexpected text");
            }
            return out;
        }

        private LabelMatcher term() {
            if (!isNameStart(text.charAt(pos), false)) {
                throw bad("expected a label name");
            }
            String key = name(false);
            blanks();
            LabelMatcher.Op op;
            if (text.startsWith("=~", pos)) {
                op = LabelMatcher.Op.REGEX;
            } else if (text.startsWith("!~", pos)) {
                op = LabelMatcher.Op.NOT_REGEX;
            } else if (text.startsWith("!=", pos)) {
                op = LabelMatcher.Op.NOT_EQUAL;
            } else if (text.startsWith("=", pos)) {
                op = LabelMatcher.Op.EQUAL;
            } else {
                throw bad("expected =, !=, =~ or !~ after '" + key + "'");
            }
            pos += op.symbol().length();
            blanks();
            return new LabelMatcher(key, op, string());
        }

        private String string() {
            if (pos >= text.length() || text.charAt(pos) != '"') {
                throw bad("expected a quoted value");
            }
            StringBuilder sb = new StringBuilder();
            for (pos++; pos < text.length(); pos++) {
                char c = text.charAt(pos);
                if (c == '"') {
                    pos++;
                    return sb.toString();
                }
                if (c == '\\' && pos + 1 < text.length()) {
                    char e = text.charAt(++pos);
                    switch (e) {
                        case '"': case '\\': sb.append(e); break;
                        case 'n': sb.append('\n'); break;
                        default: sb.append('\\').append(e); break;
                    }
                } else {
                    sb.append(c);
                }
            }
            throw bad("unterminated quoted value");
        }

        /** A metric name ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}) or a label name (the same without ':'). */
        private String name(boolean metric) {
            int start = pos;
            while (pos < text.length() && (isNameStart(text.charAt(pos), metric) || isDigit(text.charAt(pos)))) {
                pos++;
            }
            return text.substring(start, pos);
        }

        private void blanks() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isNameStart(char c, boolean metric) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':');
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private IllegalArgumentException bad(String why) {
            String at = pos >= text.length() ? "at the end" : "at \"" + text.substring(pos) + "\"";
            return new IllegalArgumentException("invalid labels \"" + text + "\": " + why + " " + at
                    + "; expected Prometheus notation such as cpu{host=\"a\",mode=\"idle\"}");
        }
    }
}
