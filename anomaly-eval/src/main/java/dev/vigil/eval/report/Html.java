package dev.vigil.eval.report;

/** Escaping for HTML and SVG text. Stateless, thread-safe. */
public final class Html {

    private Html() {
    }

    /**
     * Escapes {@code s} for HTML/XML element content and quoted attribute values: {@code & < > " '}
     * become entities and control characters other than tab and newline (not allowed in XML) a space.
     */
    public static String escape(String s) {
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
                        sb.append(' ');
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }
}
