package dev.vigil.runner.io;

import dev.vigil.core.series.LabelMatcher;
import dev.vigil.core.series.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Prometheus series selector ({@code name}, {@code name{a="b",c=~"d.*"}}, {@code {__name__="x"}})
 * used as the query expression of the file reader: {@link Labels#parseSelector} reads the text, this
 * class matches label sets against it (a regular expression must match the whole value, and a
 * missing label is the empty value, as in Prometheus). Immutable and thread-safe.
 */
final class Selector {

    private record Term(LabelMatcher m, Pattern re) {
        boolean test(Labels l) {
            String v = l.get(m.key());
            String s = v == null ? "" : v;
            switch (m.op()) {
                case EQUAL: return s.equals(m.value());
                case NOT_EQUAL: return !s.equals(m.value());
                case REGEX: return re.matcher(s).matches();
                default: return !re.matcher(s).matches();
            }
        }
    }

    private final List<Term> terms;

    private Selector(List<Term> terms) {
        this.terms = terms;
    }

    /**
     * Parses a selector.
     *
     * @throws IllegalArgumentException naming the expression when it is not a plain selector
     */
    static Selector parse(String expr) {
        List<LabelMatcher> ms;
        try {
            ms = Labels.parseSelector(expr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the file reader understands series selectors only, such as"
                    + " cpu_usage or cpu_usage{mode=\"idle\"}: " + e.getMessage(), e);
        }
        List<Term> terms = new ArrayList<>(ms.size());
        for (LabelMatcher m : ms) {
            boolean regex = m.op() == LabelMatcher.Op.REGEX || m.op() == LabelMatcher.Op.NOT_REGEX;
            terms.add(new Term(m, regex ? Pattern.compile(m.value()) : null));
        }
        return new Selector(List.copyOf(terms));
    }

    boolean matches(Labels labels) {
        for (Term t : terms) {
            if (!t.test(labels)) {
                return false;
            }
        }
        return true;
    }
}
