package dev.vigil.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a parsed YAML document with where it came from: a mapping ({@code Map<String, Node>}),
 * a sequence ({@code List<Node>}) or a scalar ({@code String}, {@code Number}, {@code Boolean} or
 * {@code null}). Not modified after loading (merging builds new nodes), so safe to share between threads
 * once built.
 */
record Node(Object value, String file, int line) {

    boolean isMap() {
        return value instanceof Map;
    }

    boolean isList() {
        return value instanceof List;
    }

    boolean isNull() {
        return value == null;
    }

    @SuppressWarnings("unchecked")
    Map<String, Node> map() {
        return (Map<String, Node>) value;
    }

    @SuppressWarnings("unchecked")
    List<Node> list() {
        return (List<Node>) value;
    }

    /**
     * "file:line" for messages; for a node a preset supplied (its file is {@link PresetLayer#FROM} and the
     * preset's name), "from preset NAME, line N".
     */
    String where() {
        return file.startsWith(PresetLayer.FROM) ? file + ", line " + line : file + ":" + line;
    }

    /** The value for messages: {@code "text"}, {@code a list}, {@code a mapping}, {@code nothing}. */
    String describe() {
        return isList() ? "a list" : isMap() ? "a mapping" : isNull() ? "nothing" : "\"" + value + "\"";
    }

    /**
     * The value as written, for messages: a scalar's text, a list or mapping in flow form
     * ({@code [a, b]}, {@code {k=v}}), without locations.
     */
    @Override
    public String toString() {
        return String.valueOf(plain());
    }

    /** The plain value tree (maps, lists, scalars) without locations. */
    Object plain() {
        if (isMap()) {
            Map<String, Object> m = new LinkedHashMap<>();
            map().forEach((k, v) -> m.put(k, v.plain()));
            return m;
        }
        if (isList()) {
            List<Object> l = new ArrayList<>();
            for (Node n : list()) {
                l.add(n.plain());
            }
            return l;
        }
        return value;
    }

    /**
     * Recursive merge: mappings merge key by key, anything else in {@code over} replaces {@code base}
     * (vmanomaly's rule for several config files).
     */
    static Node merge(Node base, Node over) {
        if (base == null) {
            return over;
        }
        if (over == null) {
            return base;
        }
        if (base.isMap() && over.isMap()) {
            Map<String, Node> m = new LinkedHashMap<>(base.map());
            over.map().forEach((k, v) -> m.merge(k, v, Node::merge));
            return new Node(m, over.file(), over.line());
        }
        return over;
    }
}
