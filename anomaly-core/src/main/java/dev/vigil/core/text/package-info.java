/**
 * Numbers as output text, written as ASCII bytes straight into a caller's buffer:
 * {@link dev.vigil.core.text.ShortestDecimal} (the shortest decimal that reads back as the same double, in
 * the layout of Java 19+'s {@code Double.toString}). Stateless and thread-safe; nothing is allocated per
 * number.
 */
package dev.vigil.core.text;
