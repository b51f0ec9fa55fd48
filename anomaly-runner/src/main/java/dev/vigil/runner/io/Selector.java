package dev.vigil.runner.io;

import dev.vigil.core.series.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus series selector ({@code name}, {@code name{a="b",c=~"d.*"}}, {@code {__name__="x"}})
 * used as the query expression of the file reader. Immutable and thread-safe.
 */
final class Selector {

    private static final Pattern WHOLE = Pattern.compile("\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)?\\s*(\\{(.*)})?\\s*");
    private static final Pattern MATCHER = Pattern.compile(
            "\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*(,|$)");

    private record M(String key, String op, String value, Pattern re) {
        boolean test(Labels l) {
            String v = Labels.NAME.equals(key) ? l.name() : l.get(key);
            String s = v == null ? "" : v;
            switch (op) {
                case "=": return s.equals(value);
                case "!=": return !s.equals(value);
                case "=~": return re.matcher(s).matches();
                default: return !re.matcher(s).matches();
            }
        }
    }

    private final List<M> matchers;

    private Selector(List<M> matchers) {
        this.matchers = matchers;
    }

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException naming the expression when it is not a plain selector
     */
    static Selector parse(String expr) {
        Matcher w = WHOLE.matcher(expr);
        if (!w.matches() || (w.group(1) == null && w.group(2) == null)) {
            throw new IllegalArgumentException("the file reader understands series selectors only, such as"
                    + " cpu_usage or cpu_usage{mode=\"idle\"}; got \"" + expr + "\"");
        }
        List<M> ms = new ArrayList<>();
        if (w.group(1) != null) {
            ms.add(new M(Labels.NAME, "=", w.group(1), null));
        }
        String body = w.group(3);
        if (body != null && !body.isBlank()) {
            Matcher m = MATCHER.matcher(body);
            int pos = 0;
            while (pos < body.length() && m.find(pos) && m.start() == pos) {
                String v = m.group(3).replace("\\\"", "\"").replace("\\\\", "\\");
                String op = m.group(2);
                ms.add(new M(m.group(1), op, v, op.contains("~") ? Pattern.compile(v) : null));
                pos = m.end();
            }
            if (pos < body.length()) {
                throw new IllegalArgumentException("cannot parse label matchers in \"" + expr + "\" at \""
                        + body.substring(pos) + "\"");
            }
        }
        return new Selector(List.copyOf(ms));
    }

    /**
     * The labels written as a selector with equality matchers only, e.g. {@code cpu{host="a"}}.
     *
     * @throws IllegalArgumentException naming the text when it is not such a label set
     */
    static Labels labelsOf(String text) {
        Selector s = parse(text);
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (M x : s.matchers) {
            if (!x.op().equals("=")) {
                throw new IllegalArgumentException("a series name must use '=' only, such as cpu{host=\"a\"}; got \""
                        + text + "\"");
            }
            m.put(x.key(), x.value());
        }
        return Labels.of(m);
    }

    boolean matches(Labels labels) {
        for (M m : matchers) {
            if (!m.test(labels)) {
                return false;
            }
        }
        return true;
    }
}
