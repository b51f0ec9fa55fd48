package dev.vigil.core.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes a double as the shortest decimal that parses back to the same double, as ASCII bytes into a
 * caller's buffer, without allocating.
 *
 * <p>The digits are those Java 19+ specifies for {@code Double.toString(double)} (and that Jackson's
 * {@code NumberOutput.toString(v, true)} produces on any Java version): among the decimals that round to
 * {@code v}, the shortest ones (those of 1 or 2 digits when one digit suffices), and of these the closest to
 * {@code v}, the even one on a tie. The layout is that method's too: plain ({@code 123.45}, {@code 0.001},
 * {@code 100.0}, at least one fraction digit) when {@code 10^-3 <= |d| < 10^7}, otherwise one digit, a
 * fraction and an exponent ({@code 1.0E7}, {@code 4.9E-324}); {@code -0.0}, {@code NaN}, {@code Infinity}.
 *
 * <p>The decimal is found with R. Giulietti's Schubfach ("The Schubfach way to render doubles", 2020): for
 * {@code v = c 2^q} the decimal exponent {@code k = floor(log10(width of v's rounding interval))} leaves at
 * most one decimal of {@code 10^(k+1)} steps in that interval and at least one of {@code 10^k} steps, so
 * {@code v}, its interval's ends and the candidates are compared as integers after one multiplication each
 * by a 126-bit over-approximation of {@code 10^-k}, rounded to odd (which keeps every comparison with an
 * even integer exact). The table of those approximations is computed at class initialisation with
 * {@link BigInteger}.
 *
 * <p>Thread-safe (stateless). O(1): three 64x126-bit products and at most 17 digits. Writes at most
 * {@link #MAX_LENGTH} bytes.
 */
public final class ShortestDecimal {

    /** The longest output, {@code -2.2250738585072014E-308}: sign, 17 digits, point, {@code E-308}. */
    public static final int MAX_LENGTH = 24;

    private static final int SIGNIFICAND_BITS = 52;
    private static final long FRACTION_MASK = (1L << SIGNIFICAND_BITS) - 1;
    private static final long HIDDEN_BIT = 1L << SIGNIFICAND_BITS;
    private static final int EXPONENT_BIAS = 1075; // v = c 2^(biased exponent - 1075) for normal doubles
    private static final int Q_MIN = -1074;
    private static final long MASK_63 = Long.MAX_VALUE;
    /** Subnormal significands below this have a one-digit {@code floor(v / 10^k)}: see {@link #decimal}. */
    private static final long C_TINY = 3;

    /** Decimal exponents {@code e} of the table of {@code 10^e} ({@code e = -k}). */
    private static final int E_MIN = -292;
    private static final int E_MAX = 325;
    /** {@code g = floor(10^e 2^-r) + 1} in {@code [2^125, 2^126)}, as {@code g1 2^63 + g0}. */
    private static final long[] G1 = new long[E_MAX - E_MIN + 1];
    private static final long[] G0 = new long[E_MAX - E_MIN + 1];

    private static final VarHandle LONGS_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long[] POW10 = new long[19];
    private static final byte[] PAIRS = new byte[200];
    private static final byte[] NAN = "NaN".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFINITY = "Infinity".getBytes(StandardCharsets.US_ASCII);

    static {
        BigInteger mask63 = BigInteger.ONE.shiftLeft(63).subtract(BigInteger.ONE);
        for (int e = E_MIN; e <= E_MAX; e++) {
            int r = floorLog2Pow10(e) - 125;
            BigInteger g;
            if (e >= 0) {
                BigInteger p = BigInteger.TEN.pow(e);
                g = r >= 0 ? p.shiftRight(r) : p.shiftLeft(-r);
            } else {
                g = BigInteger.ONE.shiftLeft(-r).divide(BigInteger.TEN.pow(-e));
            }
            g = g.add(BigInteger.ONE);
            if (g.bitLength() != 126) {
                throw new AssertionError("10^" + e + " approximation has " + g.bitLength() + " bits");
            }
            G1[e - E_MIN] = g.shiftRight(63).longValueExact();
            G0[e - E_MIN] = g.and(mask63).longValueExact();
        }
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = POW10[i - 1] * 10;
        }
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
    }

    private ShortestDecimal() {
    }

    /**
     * Writes {@code v} into {@code dst} from {@code at}; returns the index after the last byte written. The
     * caller guarantees {@link #MAX_LENGTH} free bytes from {@code at}.
     */
    public static int write(double v, byte[] dst, int at) {
        long bits = Double.doubleToRawLongBits(v);
        int biased = (int) (bits >>> SIGNIFICAND_BITS) & 0x7FF;
        long fraction = bits & FRACTION_MASK;
        if (biased == 0x7FF) {
            if (fraction != 0) {
                return copy(NAN, dst, at);
            }
            if (bits < 0) {
                dst[at++] = '-';
            }
            return copy(INFINITY, dst, at);
        }
        if (bits < 0) {
            dst[at++] = '-';
        }
        if (biased == 0) {
            if (fraction == 0) {
                dst[at] = '0';
                dst[at + 1] = '.';
                dst[at + 2] = '0';
                return at + 3;
            }
            return decimal(fraction, Q_MIN, false, dst, at);
        }
        // The lower neighbour of a power of two is half as far as the upper one, except at the smallest
        // normal exponent, where the subnormals below keep the spacing.
        return decimal(fraction | HIDDEN_BIT, biased - EXPONENT_BIAS, fraction == 0 && biased > 1, dst, at);
    }

    /** {@link #write} to a new String, for callers off the hot path (and tests). */
    public static String toString(double v) {
        byte[] b = new byte[MAX_LENGTH];
        return new String(b, 0, write(v, b, 0), StandardCharsets.US_ASCII);
    }

    /**
     * The decimal for {@code c 2^q > 0}. All values below are scaled by {@code 4 10^-k}: {@code vb} is v,
     * {@code vbl} and {@code vbr} the ends of the interval of reals that round to v (half-way to the
     * neighbours; closed when c is even, as parsing rounds ties to even), each rounded to odd.
     */
    private static int decimal(long c, int q, boolean asymmetric, byte[] dst, int at) {
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (asymmetric) {
            cbl = cb - 1;
            k = floorLog10ThreeQuartersPow2(q);
        } else {
            cbl = cb - 2;
            k = floorLog10Pow2(q);
        }
        if (c < C_TINY) {
            // The two smallest subnormals: with one more digit, their candidates are the two-digit
            // decimals, of which the closest is the one to write (one digit would do, but is farther).
            k--;
        }
        int h = q + floorLog2Pow10(-k) + 2; // in [2, 5] (and 7 for the tiny ones): the products fit
        long g1 = G1[-k - E_MIN];
        long g0 = G0[-k - E_MIN];
        long vb = scaleToOdd(g1, g0, cb << h);
        long vbl = scaleToOdd(g1, g0, cbl << h);
        long vbr = scaleToOdd(g1, g0, cbr << h);
        long s = vb >> 2;
        long open = c & 1; // an open interval excludes its ends: one more quarter-unit of margin
        if (s >= 100) {
            // One digit fewer: the interval is narrower than 10^(k+1), so at most one of these is inside,
            // and if one is, it is the shortest decimal.
            long shorter = s / 10 * 10;
            long longer = shorter + 10;
            boolean lowerIn = vbl + open <= shorter << 2;
            boolean upperIn = (longer << 2) + open <= vbr;
            if (lowerIn != upperIn) {
                return format(lowerIn ? shorter : longer, k, dst, at);
            }
        }
        long t = s + 1;
        boolean sIn = vbl + open <= s << 2;
        boolean tIn = (t << 2) + open <= vbr;
        if (sIn != tIn) {
            return format(sIn ? s : t, k, dst, at);
        }
        // Both are inside (the interval is at least 10^k wide): the closer one, the even one on a tie.
        long vsMid = vb - ((s + t) << 1);
        return format(vsMid < 0 || vsMid == 0 && (s & 1) == 0 ? s : t, k, dst, at);
    }

    /**
     * {@code g cp / 2^127} rounded to odd: its floor, with the lowest bit set when it is not an integer.
     * The exact 189-bit product is formed; as {@code g} exceeds {@code 10^-k 2^-r} by at most 1, the product
     * exceeds the exact one by at most {@code cp}, so a remainder up to {@code cp} means an integer. That no
     * exact quotient lies nearer than that to an integer without being one is what Schubfach's choice of a
     * 126-bit {@code g} guarantees (its own product drops more bits than this one); the tests compare
     * millions of values with an independent implementation.
     */
    private static long scaleToOdd(long g1, long g0, long cp) {
        long hi1 = Math.multiplyHigh(g1, cp);
        long lo1 = g1 * cp;
        long hi0 = Math.multiplyHigh(g0, cp);
        long lo0 = g0 * cp;
        // g cp = a2 2^126 + (a1 + b1) 2^63 + b0 with every part below 2^63.
        long a2 = hi1 << 1 | lo1 >>> 63;
        long middle = (lo1 & MASK_63) + (hi0 << 1 | lo0 >>> 63);
        long b0 = lo0 & MASK_63;
        long top = a2 + (middle >>> 63);
        boolean fractional = (top & 1) != 0 || (middle & MASK_63) != 0 || b0 > cp;
        return top >>> 1 | (fractional ? 1 : 0);
    }

    /**
     * Writes {@code f 10^e} (f > 0) in {@code Double.toString}'s layout. The digits are written once, then
     * the leading ones moved left by one for the point (cheaper than dividing by a variable power of ten).
     */
    private static int format(long f, int e, byte[] dst, int at) {
        while (f % 10 == 0) {
            f /= 10;
            e++;
        }
        int len = digitCount(f);
        int point = e + len - 1; // the exponent of the leading digit
        if (point >= 7 || point < -3) {
            digits(f, len, dst, at + 1);
            dst[at] = dst[at + 1];
            dst[at + 1] = '.';
            at += len + 1;
            if (len == 1) {
                dst[at++] = '0';
            }
            dst[at++] = 'E';
            if (point < 0) {
                dst[at++] = '-';
                point = -point;
            }
            return digits(point, digitCount(point), dst, at);
        }
        if (point < 0) {
            dst[at++] = '0';
            dst[at++] = '.';
            for (int i = -1; i > point; i--) {
                dst[at++] = '0';
            }
            return digits(f, len, dst, at);
        }
        int whole = point + 1;
        if (len <= whole) {
            at = digits(f, len, dst, at);
            for (int i = len; i < whole; i++) {
                dst[at++] = '0';
            }
            dst[at++] = '.';
            dst[at++] = '0';
            return at;
        }
        digits(f, len, dst, at + 1);
        for (int i = 0; i < whole; i++) {
            dst[at + i] = dst[at + i + 1];
        }
        dst[at + whole] = '.';
        return at + len + 1;
    }

    /**
     * Writes exactly {@code n <= 18} digits of {@code x} (leading zeros included): blocks of 8 digits in one
     * store each ({@link #eight}), the leading rest two digits at a time.
     */
    private static int digits(long x, int n, byte[] dst, int at) {
        int end = at + n;
        while (n > 8) {
            long high = x / 100_000_000;
            eight((int) (x - high * 100_000_000), dst, at + n - 8);
            x = high;
            n -= 8;
        }
        if (n == 8) {
            eight((int) x, dst, at);
        } else {
            pairs((int) x, n, dst, at + n);
        }
        return end;
    }

    /**
     * Writes the 8 digits of {@code 0 <= x < 10^8} with one 8-byte store: the digits are split in lanes of
     * one long (4+4, then 2+2+2+2, then 1 each), each split a multiply-shift instead of a division.
     */
    private static void eight(int x, byte[] dst, int at) {
        int high = x / 10_000;
        long v = high | (long) (x - high * 10_000) << 32; // the first digits in the low lane: stored first
        long hundreds = (v * 5243 >>> 19) & 0x0000_007F_0000_007FL; // lane / 100 for lanes < 43699
        v = hundreds | (v - hundreds * 100) << 16;
        long tens = (v * 103 >>> 10) & 0x000F_000F_000F_000FL; // lane / 10 for lanes < 179
        v = tens | (v - tens * 10) << 8;
        LONGS_LE.set(dst, at, v + 0x3030_3030_3030_3030L);
    }

    /** Writes exactly {@code n} digits of {@code x} ending before {@code end}. */
    private static void pairs(int x, int n, byte[] dst, int end) {
        int i = end;
        int stop = end - n;
        while (i - stop >= 2) {
            int q = x / 100;
            int pair = (x - q * 100) << 1;
            dst[--i] = PAIRS[pair + 1];
            dst[--i] = PAIRS[pair];
            x = q;
        }
        if (i > stop) {
            dst[stop] = (byte) ('0' + x);
        }
    }

    /** The number of decimal digits of {@code 0 < x < 10^18}, from its bit length. */
    private static int digitCount(long x) {
        int t = (64 - Long.numberOfLeadingZeros(x)) * 1233 >>> 12; // floor(bits log10(2)): digits or one less
        return x >= POW10[t] ? t + 1 : t;
    }

    private static int copy(byte[] src, byte[] dst, int at) {
        System.arraycopy(src, 0, dst, at, src.length);
        return at + src.length;
    }

    /** {@code floor(q log10(2))} for {@code |q| <= 1100} (checked exhaustively by the tests). */
    static int floorLog10Pow2(int q) {
        return (int) (q * 1_292_913_986L >> 32);
    }

    /** {@code floor(q log10(2) + log10(3/4))} for {@code |q| <= 1100}: the width of an asymmetric interval. */
    static int floorLog10ThreeQuartersPow2(int q) {
        return (int) (q * 1_292_913_986L - 536_607_788L >> 32);
    }

    /** {@code floor(e log2(10))} for {@code |e| <= 400}. */
    static int floorLog2Pow10(int e) {
        return (int) (e * 14_267_572_527L >> 32);
    }
}
