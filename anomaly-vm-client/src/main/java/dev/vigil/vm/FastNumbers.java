package dev.vigil.vm;

/**
 * Number parsing for the read hot path, without allocating a String for the common cases.
 *
 * <p>Decimal values with at most 15 significant digits and a decimal exponent within +-22 take
 * Clinger's fast path (Clinger 1990, "How to read floating point numbers accurately"): the mantissa
 * and the power of ten are both exact doubles, so one IEEE multiplication or division is correctly
 * rounded and gives the same bits as {@link Double#parseDouble}. Everything else falls back to it.
 */
final class FastNumbers {

    private static final double[] POW10 = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private FastNumbers() {
    }

    /**
     * Parses a Prometheus sample value: a decimal number, {@code NaN}, {@code +Inf}, {@code -Inf}, {@code Inf}
     * (any case), or Java's {@code Infinity}.
     *
     * @throws NumberFormatException when it is none of these
     */
    static double parseDouble(char[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        boolean neg = false;
        if (i < end && (buf[i] == '-' || buf[i] == '+')) {
            neg = buf[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean dot = false;
        boolean any = false;
        for (; i < end; i++) {
            char c = buf[i];
            if (c >= '0' && c <= '9') {
                any = true;
                if (mantissa == 0 && c == '0') {
                    if (dot) {
                        scale--;
                    }
                    continue;
                }
                if (digits < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                    digits++;
                    if (dot) {
                        scale--;
                    }
                } else {
                    digits++;
                    if (!dot) {
                        scale++;
                    }
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (i < end && any && (buf[i] == 'e' || buf[i] == 'E')) {
            int j = i + 1;
            boolean eneg = false;
            if (j < end && (buf[j] == '-' || buf[j] == '+')) {
                eneg = buf[j] == '-';
                j++;
            }
            int exp = 0;
            int start = j;
            while (j < end && buf[j] >= '0' && buf[j] <= '9' && exp < 100_000) {
                exp = exp * 10 + (buf[j] - '0');
                j++;
            }
            if (j == start) {
                return slow(buf, off, len);
            }
            scale += eneg ? -exp : exp;
            i = j;
        }
        if (i != end || !any) {
            return special(buf, off, len);
        }
        if (digits <= 15 && scale >= -22 && scale <= 22) {
            double d = (double) mantissa;
            d = scale >= 0 ? d * POW10[scale] : d / POW10[-scale];
            return neg ? -d : d;
        }
        return slow(buf, off, len);
    }

    private static double special(char[] buf, int off, int len) {
        String s = new String(buf, off, len).trim();
        String body = s.startsWith("+") || s.startsWith("-") ? s.substring(1) : s;
        boolean neg = s.startsWith("-");
        if (body.equalsIgnoreCase("inf") || body.equals("Infinity")) {
            return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (body.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        throw new NumberFormatException("not a sample value: '" + s + "'");
    }

    private static double slow(char[] buf, int off, int len) {
        String s = new String(buf, off, len);
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return special(buf, off, len);
        }
    }

    /**
     * Parses a Unix timestamp in seconds with up to 3 decimals ({@code 1700000000.123}) into epoch ms,
     * exactly; more decimals are rounded half-up.
     */
    static long parseSecondsToMillis(char[] buf, int off, int len) {
        int end = off + len;
        int i = off;
        boolean neg = false;
        if (i < end && buf[i] == '-') {
            neg = true;
            i++;
        }
        long secs = 0;
        int start = i;
        while (i < end && buf[i] >= '0' && buf[i] <= '9') {
            secs = secs * 10 + (buf[i++] - '0');
        }
        long frac = 0;
        int fd = 0;
        boolean roundUp = false;
        if (i < end && buf[i] == '.') {
            i++;
            while (i < end && buf[i] >= '0' && buf[i] <= '9') {
                if (fd < 3) {
                    frac = frac * 10 + (buf[i] - '0');
                    fd++;
                } else if (fd == 3) {
                    roundUp = buf[i] >= '5';
                    fd++;
                }
                i++;
            }
        }
        if (i != end || i == start) {
            // exponent notation or junk: take the general route
            return Math.round(Double.parseDouble(new String(buf, off, len)) * 1000.0);
        }
        for (int k = Math.min(fd, 3); k < 3; k++) {
            frac *= 10;
        }
        long ms = secs * 1000 + frac + (roundUp ? 1 : 0);
        return neg ? -ms : ms;
    }
}
