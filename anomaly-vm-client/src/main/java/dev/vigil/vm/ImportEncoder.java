package dev.vigil.vm;

import com.fasterxml.jackson.core.io.NumberOutput;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.core.text.ShortestDecimal;
import java.util.Arrays;

/**
 * Writes VictoriaMetrics' JSON-lines import format straight into a byte buffer:
 * {@code {"metric":{"__name__":"x","k":"v"},"values":[1.5,2],"timestamps":[1700000000000,...]}\n}.
 * Non-finite values are skipped with their timestamps. Integral values are written as integers,
 * values with at most 6 decimals as plain fixed-point decimals (exact, see {@code number}), all others
 * as the shortest round-tripping decimal in {@code Double.toString}'s layout ({@link ShortestDecimal}, which
 * allocates nothing).
 * O(points), plus O(label characters) for a line whose labels differ from the previous line's (the
 * outputs of one input series share theirs but for the name: see {@code pairs}). Not thread-safe (one per
 * write).
 */
final class ImportEncoder {

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final int MAX_FIXED_DECIMALS = 6;
    private static final double[] POW10 = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};

    byte[] buf;
    int size;
    /** The labels of the last pairs encoded and their bytes ({@link #pairs}). */
    private Labels lastLabels;
    private byte[] lastPairs = new byte[256];
    private int lastPairsLength;

    ImportEncoder(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    void reset() {
        size = 0;
    }

    /**
     * Appends one line; returns the number of points written (0 means nothing was appended).
     */
    int append(Labels labels, Series s) {
        int n = s.size();
        int finite = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(s.value(i))) {
                finite++;
            }
        }
        if (finite == 0) {
            return 0;
        }
        raw("{\"metric\":{");
        if (!labels.name().isEmpty()) {
            string(Labels.NAME);
            put((byte) ':');
            string(labels.name());
            if (labels.size() > 0) {
                put((byte) ',');
            }
        }
        pairs(labels);
        ensure(64 + finite * 48L > Integer.MAX_VALUE - 16 ? Integer.MAX_VALUE - 16 : 64 + finite * 48);
        raw("},\"values\":[");
        boolean first = true;
        for (int i = 0; i < n; i++) {
            double v = s.value(i);
            if (Double.isFinite(v)) {
                if (!first) {
                    buf[size++] = ',';
                }
                first = false;
                number(v);
            }
        }
        raw("],\"timestamps\":[");
        first = true;
        for (int i = 0; i < n; i++) {
            if (Double.isFinite(s.value(i))) {
                if (!first) {
                    buf[size++] = ',';
                }
                first = false;
                size = NumberOutput.outputLong(s.timestamp(i), buf, size);
            }
        }
        raw("]}\n");
        return finite;
    }

    /**
     * The labels' {@code "key":"value"} pairs. The outputs of one input series follow each other and share
     * these pairs (only their names differ), so the bytes of the previous line's pairs are copied when its
     * labels have the same keys and values, instead of encoding the strings again.
     */
    private void pairs(Labels labels) {
        int n = labels.size();
        if (n == 0) {
            return;
        }
        if (samePairs(labels)) {
            ensure(lastPairsLength);
            System.arraycopy(lastPairs, 0, buf, size, lastPairsLength);
            size += lastPairsLength;
            return;
        }
        int start = size;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                put((byte) ',');
            }
            string(labels.key(i));
            put((byte) ':');
            string(labels.value(i));
        }
        lastLabels = labels;
        lastPairsLength = size - start;
        if (lastPairs.length < lastPairsLength) {
            lastPairs = new byte[Math.max(lastPairsLength, lastPairs.length * 2)];
        }
        System.arraycopy(buf, start, lastPairs, 0, lastPairsLength);
    }

    private boolean samePairs(Labels labels) {
        Labels last = lastLabels;
        if (last == null || last.size() != labels.size()) {
            return false;
        }
        for (int i = 0; i < labels.size(); i++) {
            if (!same(last.key(i), labels.key(i)) || !same(last.value(i), labels.value(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(String a, String b) {
        return a == b || a.equals(b);
    }

    private void number(double v) {
        long l = (long) v;
        if (l == v && Math.abs(l) < (1L << 53) && !(v == 0 && 1 / v < 0)) {
            size = NumberOutput.outputLong(l, buf, size);
            return;
        }
        if (v != 0 && Math.abs(v) < 1e9) {
            // Most metrics carry a few decimals. If m / 10^d == v with m and 10^d exact doubles, the
            // decimal "m e-d" parses back to v (one correctly rounded division, as in Clinger's fast
            // path); the smallest such d gives the shortest fixed-point form, without allocating.
            for (int d = 1; d <= MAX_FIXED_DECIMALS; d++) {
                double m = Math.rint(v * POW10[d]);
                if (Math.abs(m) < 1e15 && m / POW10[d] == v) {
                    fixed((long) m, d);
                    return;
                }
            }
        }
        size = ShortestDecimal.write(v, buf, size);
    }

    /** Writes {@code m / 10^d} as a plain decimal with exactly {@code d} fraction digits. */
    private void fixed(long m, int d) {
        if (m < 0) {
            buf[size++] = '-';
            m = -m;
        }
        long p = (long) POW10[d];
        size = NumberOutput.outputLong(m / p, buf, size);
        buf[size++] = '.';
        long frac = m % p;
        for (int i = d - 1; i >= 0; i--) {
            buf[size + i] = (byte) ('0' + frac % 10);
            frac /= 10;
        }
        size += d;
    }

    private void raw(String ascii) {
        ensure(ascii.length());
        for (int i = 0; i < ascii.length(); i++) {
            buf[size++] = (byte) ascii.charAt(i);
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[size++] = b;
    }

    /** A JSON string, UTF-8, escaping quotes, backslashes and control characters. */
    private void string(String s) {
        ensure(2 + s.length() * 6);
        buf[size++] = '"';
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '"' || c == '\\') {
                    buf[size++] = '\\';
                    buf[size++] = (byte) c;
                } else if (c < 0x20) {
                    buf[size++] = '\\';
                    buf[size++] = 'u';
                    buf[size++] = '0';
                    buf[size++] = '0';
                    buf[size++] = HEX[c >> 4];
                    buf[size++] = HEX[c & 0xF];
                } else {
                    buf[size++] = (byte) c;
                }
            } else if (c < 0x800) {
                buf[size++] = (byte) (0xC0 | (c >> 6));
                buf[size++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                buf[size++] = (byte) (0xF0 | (cp >> 18));
                buf[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (cp & 0x3F));
            } else {
                char ch = Character.isSurrogate(c) ? '\uFFFD' : c;
                buf[size++] = (byte) (0xE0 | (ch >> 12));
                buf[size++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                buf[size++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
        buf[size++] = '"';
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }
}
