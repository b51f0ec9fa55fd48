package dev.vigil.core.series;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A PromQL series selector ({@code name}, {@code name{a="b",c=~"d.*"}}, {@code {__name__="x"}})
 * ready to match label sets, with Prometheus' rules: every term must hold; a regular expression
 * ({@code =~}, {@code !~}) must match the whole value; a missing label is the empty value, so
 * {@code {dc=""}} matches a series without {@code dc}. The regular expressions are compiled once.
 *
 * <p>Immutable and thread-safe. {@link #matches} is O(terms · log labels) plus the regular
 * expressions' own cost.
 */
public final class SeriesSelector {

    /** One term with its regular expression compiled ({@code null} for {@code =} and {@code !=}). */
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

    private SeriesSelector(List<Term> terms) {
        this.terms = terms;
    }

    /**
     * Reads a selector with {@link Labels#parseSelector}.
     *
     * @throws IllegalArgumentException quoting the text when it is not a selector, or naming the
     *                                  regular expression that does not compile
     */
    public static SeriesSelector parse(String text) {
        return of(Labels.parseSelector(text));
    }

    /**
     * The selector of these terms (all must hold; none matches every label set).
     *
     * @throws java.util.regex.PatternSyntaxException when a regular expression does not compile
     */
    public static SeriesSelector of(List<LabelMatcher> matchers) {
        List<Term> terms = new ArrayList<>(matchers.size());
        for (LabelMatcher m : matchers) {
            boolean regex = m.op() == LabelMatcher.Op.REGEX || m.op() == LabelMatcher.Op.NOT_REGEX;
            terms.add(new Term(m, regex ? Pattern.compile(m.value()) : null));
        }
        return new SeriesSelector(List.copyOf(terms));
    }

    /** Whether {@code labels} satisfies every term. */
    public boolean matches(Labels labels) {
        for (Term t : terms) {
            if (!t.test(labels)) {
                return false;
            }
        }
        return true;
    }
}
