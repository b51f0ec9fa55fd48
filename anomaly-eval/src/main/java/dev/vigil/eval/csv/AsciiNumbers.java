package dev.vigil.eval.csv;

import java.math.BigInteger;

/**
 * Exact parsing of plain decimal numbers straight from the bytes of a CSV line, without making a
 * {@code String} per cell: {@code [+-]digits[.digits][(e|E)[+-]digits]} with at most 19 significant
 * digits. The result is bit for bit the {@code double} {@link Double#parseDouble} gives (round half to
 * even): a small mantissa with a small power of ten is one exact IEEE operation (Clinger's fast path);
 * otherwise the Eisel-Lemire algorithm (D. Lemire, "Number Parsing at a Gigabyte per Second", 2021)
 * rounds a 128-bit product with a table of powers of five. Whatever that cannot decide exactly
 * (more digits, subnormals, overflow, the rare ambiguous products) and every other form returns
 * {@link #UNPARSED}, and the caller falls back to the {@code String} path.
 *
 * <p>Stateless and thread-safe; O(length of the cell), no allocation. The table (651 pairs of longs)
 * is computed once when the class loads.
 */
final class AsciiNumbers {

    /** Marks "not handled here": a NaN with a payload no parse produces. */
    static final long UNPARSED_BITS = 0x7ff8dead0000beefL;

    /** Returned when the fast path does not apply. Compare with {@link #unparsed(double)}. */
    static final double UNPARSED = Double.longBitsToDouble(UNPARSED_BITS);

    private static final int MIN_Q = -342;
    private static final int MAX_Q = 308;

    /** For each q in [MIN_Q, MAX_Q]: the high and low 64 bits of 5^q normalized to 128 bits. */
    private static final long[] POW5 = table();

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
        1e18, 1e19, 1e20, 1e21, 1e22};

    private AsciiNumbers() {
    }

    /** Whether {@code v} is {@link #UNPARSED} (NaN compares unequal, so by its bits). */
    static boolean unparsed(double v) {
        return Double.doubleToRawLongBits(v) == UNPARSED_BITS;
    }

    /**
     * The number in {@code b[from, to)}, or {@link #UNPARSED} when it is not a plain decimal this
     * class decides exactly (then the caller parses the text itself).
     */
    static double parse(byte[] b, int from, int to) {
        int i = from;
        if (i >= to) {
            return UNPARSED;
        }
        boolean negative = b[i] == '-';
        if (negative || b[i] == '+') {
            i++;
        }
        long w = 0;
        int digits = 0; // significant digits in w
        int mantissaDigits = 0; // any digit before the exponent
        int exp10 = 0;
        boolean dot = false;
        for (; i < to; i++) {
            int c = b[i];
            if (c >= '0' && c <= '9') {
                mantissaDigits++;
                if (w == 0 && c == '0') {
                    if (dot) {
                        exp10--;
                    }
                    continue; // a leading zero is not significant
                }
                if (++digits > 19) {
                    return UNPARSED;
                }
                w = w * 10 + (c - '0');
                if (dot) {
                    exp10--;
                }
            } else if (c == '.' && !dot) {
                dot = true;
            } else {
                break;
            }
        }
        if (mantissaDigits == 0) {
            return UNPARSED;
        }
        if (i < to) {
            if (b[i] != 'e' && b[i] != 'E') {
                return UNPARSED;
            }
            i++;
            boolean expNegative = false;
            if (i < to && (b[i] == '-' || b[i] == '+')) {
                expNegative = b[i] == '-';
                i++;
            }
            if (i >= to) {
                return UNPARSED;
            }
            int e = 0;
            for (; i < to; i++) {
                int c = b[i];
                if (c < '0' || c > '9' || e > 100_000) {
                    return UNPARSED;
                }
                e = e * 10 + (c - '0');
            }
            exp10 += expNegative ? -e : e;
        }
        if (w == 0) {
            return negative ? -0.0 : 0.0;
        }
        double v = toDouble(w, exp10);
        if (unparsed(v)) {
            return v;
        }
        return negative ? -v : v;
    }

    /** w · 10^q rounded to nearest even, w > 0 an unsigned 64-bit integer; or UNPARSED. */
    static double toDouble(long w, int q) {
        if (w > 0 && w <= (1L << 53) && q >= -22 && q <= 22) {
            double d = (double) w; // exact, and so is the one rounding of * or /
            return q < 0 ? d / POW10[-q] : d * POW10[q];
        }
        if (q < MIN_Q || q > MAX_Q) {
            return UNPARSED;
        }
        int lz = Long.numberOfLeadingZeros(w);
        w <<= lz;
        int index = 2 * (q - MIN_Q);
        long hi = unsignedMultiplyHigh(w, POW5[index]);
        long lo = w * POW5[index];
        if ((hi & 0x1FF) == 0x1FF) {
            // 55 bits of precision may be off by the truncated low half of the power: add it
            long secondHi = unsignedMultiplyHigh(w, POW5[index + 1]);
            lo += secondHi;
            if (Long.compareUnsigned(secondHi, lo) > 0) {
                hi++;
            }
        }
        if (lo == -1L && (q < -27 || q > 55)) {
            return UNPARSED; // the product may be inexact here
        }
        int upperbit = (int) (hi >>> 63);
        int shift = upperbit + 9;
        long mantissa = hi >>> shift;
        int power2 = (((217706 * q) >> 16) + 63) + upperbit - lz + 1023;
        if (power2 <= 0) {
            return UNPARSED; // subnormal
        }
        if (Long.compareUnsigned(lo, 1) <= 0 && q >= -4 && q <= 23 && (mantissa & 3) == 1
                && (mantissa << shift) == hi) {
            return UNPARSED; // exactly halfway between two doubles: leave ties to the JDK
        }
        mantissa += mantissa & 1;
        mantissa >>>= 1;
        if (mantissa >= (2L << 52)) {
            mantissa = 1L << 52;
            power2++;
        }
        mantissa &= ~(1L << 52);
        if (power2 >= 0x7FF) {
            return UNPARSED; // overflow
        }
        return Double.longBitsToDouble(mantissa | ((long) power2 << 52));
    }

    private static long unsignedMultiplyHigh(long x, long y) {
        return Math.multiplyHigh(x, y) + ((x >> 63) & y) + ((y >> 63) & x);
    }

    /** 5^q as 128 bits with the top bit set: truncated for q >= 0, the reciprocal rounded up for q < 0. */
    private static long[] table() {
        long[] t = new long[2 * (MAX_Q - MIN_Q + 1)];
        BigInteger five = BigInteger.valueOf(5);
        for (int q = MIN_Q; q <= MAX_Q; q++) {
            BigInteger c;
            if (q < 0) {
                BigInteger p = five.pow(-q);
                int z = p.bitLength(); // 2^z > p (p is odd, never a power of two)
                int b = q >= -27 ? z + 127 : 2 * z + 128;
                c = BigInteger.ONE.shiftLeft(b).divide(p).add(BigInteger.ONE);
            } else {
                c = five.pow(q);
            }
            int excess = c.bitLength() - 128;
            c = excess >= 0 ? c.shiftRight(excess) : c.shiftLeft(-excess);
            int k = 2 * (q - MIN_Q);
            t[k] = c.shiftRight(64).longValue();
            t[k + 1] = c.longValue();
        }
        return t;
    }
}
