package dev.vigil.runner.report;

/** Small helpers for writing SVG/HTML text: compact numbers and escaping. Stateless. */
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

    /** Escapes text for HTML/XML content and attribute values. */
    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': sb.append("&amp;"); break;
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&#39;"); break;
                default:
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        sb.append(' '); // control characters are not allowed in XML
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }
}
