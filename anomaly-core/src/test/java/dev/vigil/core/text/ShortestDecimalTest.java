package dev.vigil.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ShortestDecimal}: the bytes of Jackson's {@code NumberOutput.toString(v, true)} (Schubfach, the
 * reference) for every kind of double, and a decimal that parses back to the same double.
 */
class ShortestDecimalTest {

    @ParameterizedTest
    @CsvSource({
        "0.0, 0.0",
        "-0.0, -0.0",
        "1.0, 1.0",
        "-1.5, -1.5",
        "100.0, 100.0",
        "1234567.0, 1234567.0",
        "1.0E7, 1.0E7",
        "9999999.999999998, 9999999.999999998",
        "0.001, 0.001",
        "9.999999999999998E-4, 9.999999999999998E-4",
        "0.1, 0.1",
        "0.30000000000000004, 0.30000000000000004",
        "1.0E23, 1.0E23",
        "2.0E23, 2.0E23",
        "4.9E-324, 4.9E-324",
        "9.9E-324, 9.9E-324",
        "1.7976931348623157E308, 1.7976931348623157E308",
        "2.2250738585072014E-308, 2.2250738585072014E-308",
        "-1.25E-5, -1.25E-5",
        "1.2345E10, 1.2345E10",
        "123456.789, 123456.789",
        "NaN, NaN",
        "Infinity, Infinity",
        "-Infinity, -Infinity",
    })
    void toString_knownValues_givesJavaLayout(double v, String expected) {
        assertThat(ShortestDecimal.toString(v)).isEqualTo(expected);
    }

    @Test
    void write_atOffset_writesOnlyItsBytesAndReturnsTheEnd() {
        byte[] buf = new byte[40];
        Arrays.fill(buf, (byte) '#');
        int end = ShortestDecimal.write(-2.2250738585072014E-308, buf, 5);

        assertThat(end - 5).isEqualTo(ShortestDecimal.MAX_LENGTH);
        assertThat(new String(buf, StandardCharsets.US_ASCII))
                .isEqualTo("#####-2.2250738585072014E-308###########");
    }

    @Test
    void write_boundaries_matchJacksonAndRoundTrip() {
        double[] special = {Double.MIN_VALUE, 2 * Double.MIN_VALUE, 3 * Double.MIN_VALUE, 20 * Double.MIN_VALUE,
            21 * Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Math.nextUp(Double.MIN_NORMAL),
            Double.MAX_VALUE, Math.nextDown(Double.MAX_VALUE), 1e-3, Math.nextDown(1e-3), Math.nextUp(1e-3), 1e7,
            Math.nextDown(1e7), Math.nextUp(1e7), 9_007_199_254_740_991.0, 9_007_199_254_740_992.0, 1e22, 1e23,
            5e-324, 1.0 / 3, 2.0 / 3, Math.PI, Math.E};
        for (double v : special) {
            assertSame(v);
            assertSame(-v);
        }
    }

    @Test
    void write_powersOfTenAndTwoAndTheirNeighbours_matchJackson() {
        for (int e = -325; e <= 309; e++) {
            double p = Double.parseDouble("1e" + e);
            assertSame(p);
            assertSame(Math.nextUp(p));
            assertSame(Math.nextDown(p));
        }
        for (int e = -1074; e <= 1023; e++) {
            double p = Math.scalb(1.0, e);
            assertSame(p);
            assertSame(Math.nextUp(p));
            assertSame(Math.nextDown(p));
        }
    }

    @Test
    void write_everySmallSubnormal_matchesJackson() {
        for (long bits = 1; bits <= 20_000; bits++) {
            assertSame(Double.longBitsToDouble(bits));
        }
    }

    @Test
    void write_randomBitPatternsSample_matchJackson() {
        assertManySame(200_000, 7, bits -> Double.longBitsToDouble(bits));
    }

    @Tag("functional")
    @Test
    void write_millionsOfRandomDoubles_matchJacksonAndRoundTrip() {
        // Any finite bit pattern: every exponent equally likely.
        assertManySame(4_000_000, 11, bits -> Double.longBitsToDouble(bits));
        // Short decimals (metric-like values and their sums), where ties and trailing zeros are common.
        assertManySame(2_000_000, 12, bits -> {
            long digits = (bits >>> 1) % 10_000_000_000L >>> (int) (bits & 31);
            return digits / Math.pow(10, (int) ((bits >>> 40) % 25) - 6);
        });
        // Subnormals and the smallest normals.
        assertManySame(1_000_000, 13, bits -> Double.longBitsToDouble(bits & ((1L << 53) - 1)));
        // Values of the size of model outputs: the fixed-point path of the encoder misses these.
        assertManySame(1_000_000, 14, bits -> (bits >> 11) * 0x1.0p-53 * 1e4);
    }

    @Test
    void floorLogs_overTheirRanges_areExact() {
        for (int q = -1100; q <= 1100; q++) {
            int k = ShortestDecimal.floorLog10Pow2(q);
            assertThat(compare(1, 0, k, q)).as("10^%d <= 2^%d", k, q).isLessThanOrEqualTo(0);
            assertThat(compare(1, 0, k + 1, q)).as("2^%d < 10^%d", q, k + 1).isPositive();
            int k34 = ShortestDecimal.floorLog10ThreeQuartersPow2(q);
            assertThat(compare(4, 0, k34, q)).as("10^%d <= 3/4 2^%d", k34, q).isLessThanOrEqualTo(0);
            assertThat(compare(4, 0, k34 + 1, q)).as("3/4 2^%d < 10^%d", q, k34 + 1).isPositive();
        }
        for (int e = -400; e <= 400; e++) {
            int f = ShortestDecimal.floorLog2Pow10(e);
            assertThat(compare(1, f, -e, 0)).as("2^%d <= 10^%d", f, e).isLessThanOrEqualTo(0);
            assertThat(compare(1, f + 1, -e, 0)).as("10^%d < 2^%d", e, f + 1).isPositive();
        }
    }

    /**
     * Sign of {@code m 2^a 10^b - n 2^q} where {@code n} is 3 when {@code m} is 4 (three quarters), else 1;
     * exact, with both sides scaled to integers.
     */
    private static int compare(int m, int a, int b, int q) {
        int shift = 1600;
        int tens = 500;
        BigInteger left = BigInteger.valueOf(m).shiftLeft(a + shift).multiply(BigInteger.TEN.pow(b + tens));
        BigInteger right = BigInteger.valueOf(m == 4 ? 3 : 1).shiftLeft(q + shift)
                .multiply(BigInteger.TEN.pow(tens));
        return left.compareTo(right);
    }

    private static void assertManySame(int n, long seed, LongToDoubleFunction draw) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buf = new byte[ShortestDecimal.MAX_LENGTH];
        int checked = 0;
        while (checked < n) {
            double v = draw.applyAsDouble(random.nextLong());
            if (!Double.isFinite(v)) {
                continue;
            }
            String expected = NumberOutput.toString(v, true);
            int len = ShortestDecimal.write(v, buf, 0);
            if (!equalBytes(expected, buf, len)) {
                assertThat(new String(buf, 0, len, StandardCharsets.US_ASCII))
                        .as("bits %x", Double.doubleToRawLongBits(v)).isEqualTo(expected);
            }
            if (Double.doubleToRawLongBits(Double.parseDouble(expected)) != Double.doubleToRawLongBits(v)) {
                assertThat(Double.parseDouble(expected)).as("round trip of %s", expected).isEqualTo(v);
            }
            checked++;
        }
    }

    private static boolean equalBytes(String expected, byte[] buf, int len) {
        if (expected.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (expected.charAt(i) != buf[i]) {
                return false;
            }
        }
        return true;
    }

    private static void assertSame(double v) {
        String got = ShortestDecimal.toString(v);
        assertThat(got).as("bits %x", Double.doubleToRawLongBits(v)).isEqualTo(NumberOutput.toString(v, true));
        assertThat(Double.doubleToRawLongBits(Double.parseDouble(got)))
                .as("round trip of %s", got).isEqualTo(Double.doubleToRawLongBits(v));
    }
}
