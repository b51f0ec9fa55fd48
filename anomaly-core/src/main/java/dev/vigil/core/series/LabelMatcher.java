package dev.vigil.core.series;

import java.util.Objects;

/**
 * One term of a Prometheus series selector, such as {@code mode=~"idle|user"}, as
 * {@link Labels#parseSelector} reads it. A metric name before the braces ({@code cpu{...}}) is the
 * term {@code __name__="cpu"}. What a term matches is up to its user (a regular expression of
 * {@link Op#REGEX} must match the whole value, as in Prometheus).
 *
 * <p>Immutable and thread-safe.
 *
 * @param key   the label key, {@link Labels#NAME} for the metric name
 * @param op    the comparison
 * @param value the value with its escapes resolved ({@code \"}, {@code \\}, {@code \n}; any other
 *              backslash is kept, so {@code "a\.b"} is the regular expression {@code a\.b})
 */
public record LabelMatcher(String key, Op op, String value) {

    /** The four comparisons of PromQL. */
    public enum Op {
        /** {@code =}: the value equals. */
        EQUAL("="),
        /** {@code !=}: the value differs. */
        NOT_EQUAL("!="),
        /** {@code =~}: the value matches the regular expression. */
        REGEX("=~"),
        /** {@code !~}: the value does not match the regular expression. */
        NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written in PromQL. */
        public String symbol() {
            return symbol;
        }
    }

    /** Validates that no part is null. */
    public LabelMatcher {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(value, "value");
    }
}
