package dev.vigil.eval.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AsciiNumbersTest {

    /** The fast path either declines or gives exactly Double.parseDouble's bits. */
    private static int check(String s) {
        byte[] b = ("x" + s + "y").getBytes(StandardCharsets.US_ASCII);
        double v = AsciiNumbers.parse(b, 1, b.length - 1);
        if (AsciiNumbers.unparsed(v)) {
            return 0;
        }
        assertThat(Double.doubleToRawLongBits(v)).as(s).isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(s)));
        return 1;
    }

    @Test
    void parse_randomDoublesInEveryFormat_matchParseDoubleBitForBit() {
        SplittableRandom rnd = new SplittableRandom(20261206L);
        int parsed = 0;
        int total = 0;
        for (int i = 0; i < 200_000; i++) {
            double d = switch (i % 4) {
                case 0 -> rnd.nextGaussian();
                case 1 -> Double.longBitsToDouble(rnd.nextLong() & 0x7fffffffffffffffL);
                case 2 -> rnd.nextDouble(-1e6, 1e6);
                default -> Math.scalb(rnd.nextDouble(), rnd.nextInt(-1000, 1000));
            };
            if (!Double.isFinite(d)) {
                continue;
            }
            for (String s : new String[] {Double.toString(d), String.format(Locale.ROOT, "%.17g", d),
                String.format(Locale.ROOT, "%.6g", d), String.format(Locale.ROOT, "%.15e", d),
                String.format(Locale.ROOT, "%.3f", d)}) {
                parsed += check(s);
                total++;
            }
        }
        // the fast path must take nearly all ordinary numbers, or it speeds nothing up
        assertThat((double) parsed / total).isGreaterThan(0.9);
    }

    @Test
    void parse_randomDigitStrings_matchParseDoubleBitForBit() {
        SplittableRandom rnd = new SplittableRandom(7L);
        for (int i = 0; i < 300_000; i++) {
            StringBuilder sb = new StringBuilder();
            if (rnd.nextBoolean()) {
                sb.append('-');
            }
            int n = rnd.nextInt(1, 21);
            int dot = rnd.nextInt(-1, n + 1);
            for (int k = 0; k < n; k++) {
                if (k == dot) {
                    sb.append('.');
                }
                sb.append((char) ('0' + rnd.nextInt(10)));
            }
            if (rnd.nextInt(3) == 0) {
                sb.append('e').append(rnd.nextInt(-330, 310));
            }
            check(sb.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "-0.0", "0.0e5", "1", "9007199254740993", "9007199254740992.5",
        "4.9e-324", "2.2250738585072011e-308", "1.7976931348623157e308", "1.7976931348623159e308",
        "123456789012345678", "9999999999999999999", "0.1", "1e23", "8.41e21", "5e-324", "1e-400", "1e400",
        "2.5", "0.30471707975443135", "1.", ".5", "+3", "1E5", "1e+5"})
    void parse_edgeCases_matchOrDecline(String s) {
        check(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+", ".", "e5", "1e", "1e+", "1.5d", "0x10", "inf", "NaN", " 1", "1 ", "1..2",
        "12345678901234567890", "1-2", "1e5.5"})
    void parse_otherForms_declined(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        assertThat(AsciiNumbers.unparsed(AsciiNumbers.parse(b, 0, b.length))).as(s).isTrue();
    }
}
