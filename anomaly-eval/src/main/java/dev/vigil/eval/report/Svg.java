package dev.vigil.eval.report;

/** Small helpers for writing SVG text: compact numbers. Stateless and thread-safe. */
final class Svg {

    private Svg() {
    }

    /** Appends {@code v} rounded to one decimal, without a trailing {@code .0}. */
    static StringBuilder num(StringBuilder sb, double v) {
        long r = Math.round(v * 10);
        if (r < 0) {
            sb.append('-');
            r = -r;
        }
        sb.append(r / 10);
        if (r % 10 != 0) {
            sb.append('.').append(r % 10);
        }
        return sb;
    }

    /** {@code v} rounded to one decimal, as text. */
    static String num(double v) {
        return num(new StringBuilder(), v).toString();
    }
}
