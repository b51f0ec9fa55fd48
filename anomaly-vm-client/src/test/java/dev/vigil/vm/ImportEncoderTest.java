package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.NumberOutput;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/** {@link ImportEncoder}: lines that reuse the previous line's label bytes are the lines encoded afresh. */
class ImportEncoderTest {

    private static final long T0 = 1_704_067_200_000L;

    private static byte[] alone(Labels labels, Series s) {
        ImportEncoder enc = new ImportEncoder(64);
        enc.append(labels, s);
        return Arrays.copyOf(enc.buf, enc.size);
    }

    @Test
    void append_linesSharingOrChangingLabels_sameBytesAsEachLineEncodedAlone() {
        SplittableRandom rnd = new SplittableRandom(3);
        ImportEncoder enc = new ImportEncoder(64);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Labels previous = Labels.of("host", "a");
        for (int line = 0; line < 3_000; line++) {
            Labels labels;
            switch (rnd.nextInt(5)) {
                case 0 -> labels = previous.withName("out" + rnd.nextInt(3)); // the same pairs, another name
                case 1 -> labels = previous.withName(""); // the same pairs, no name
                case 2 -> { // equal strings, other instances
                    Map<String, String> copy = new LinkedHashMap<>();
                    previous.asMap().forEach((k, v) -> copy.put(new String(k), new String(v)));
                    labels = Labels.of(copy);
                }
                default -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    if (rnd.nextBoolean()) {
                        m.put(Labels.NAME, "n" + rnd.nextInt(3));
                    }
                    for (String k : new String[] {"a", "b", "c\u00e9", "for"}) {
                        if (rnd.nextBoolean()) {
                            m.put(k, rnd.nextInt(4) == 0 ? "q\"\\\n" + rnd.nextInt(2) : "v" + rnd.nextInt(3));
                        }
                    }
                    labels = Labels.of(m);
                }
            }
            double[] values = {rnd.nextInt(3) == 0 ? Double.NaN : rnd.nextDouble(), 1.5};
            Series s = Series.of(labels, new long[] {T0, T0 + 60_000}, values);
            enc.append(labels, s);
            byte[] one = alone(labels, s);
            expected.write(one, 0, one.length);
            previous = labels;
        }

        assertThat(new String(Arrays.copyOf(enc.buf, enc.size), StandardCharsets.UTF_8))
                .isEqualTo(expected.toString(StandardCharsets.UTF_8));
    }

    @Test
    void append_nameOnlyThenLabels_noStrayComma() {
        ImportEncoder enc = new ImportEncoder(64);
        Series s = Series.of(new long[] {T0}, new double[] {2});

        enc.append(Labels.of("__name__", "x"), s);
        enc.append(Labels.of("__name__", "x", "a", "1"), s);
        enc.append(Labels.of("a", "1"), s);
        enc.append(Labels.empty(), s);

        assertThat(new String(Arrays.copyOf(enc.buf, enc.size), StandardCharsets.UTF_8)).isEqualTo(
                "{\"metric\":{\"__name__\":\"x\"},\"values\":[2],\"timestamps\":[" + T0 + "]}\n"
                        + "{\"metric\":{\"__name__\":\"x\",\"a\":\"1\"},\"values\":[2],\"timestamps\":[" + T0 + "]}\n"
                        + "{\"metric\":{\"a\":\"1\"},\"values\":[2],\"timestamps\":[" + T0 + "]}\n"
                        + "{\"metric\":{},\"values\":[2],\"timestamps\":[" + T0 + "]}\n");
    }
    @Test
    void append_valuesOfEveryKind_sameBytesAsTheStringPath() {
        SplittableRandom rnd = new SplittableRandom(5);
        int n = 200_000;
        double[] values = new double[n];
        long[] timestamps = new long[n];
        StringJoiner expected = new StringJoiner(",");
        for (int i = 0; i < n; i++) {
            double v = switch (rnd.nextInt(6)) {
                case 0 -> Double.longBitsToDouble(rnd.nextLong()); // any exponent
                case 1 -> rnd.nextInt(-1_000_000, 1_000_000) / Math.pow(10, rnd.nextInt(10)); // short decimals
                case 2 -> (rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(-8, 20)); // model-output sizes
                case 3 -> rnd.nextLong(-(1L << 60), 1L << 60); // integers, some past 2^53
                case 4 -> Double.longBitsToDouble(rnd.nextLong(1L << 53)); // subnormals, small normals
                default -> rnd.nextBoolean() ? -0.0 : Double.NaN;
            };
            values[i] = v;
            timestamps[i] = T0 + 60_000L * i;
            if (Double.isFinite(v)) {
                expected.add(stringPath(v));
            }
        }
        ImportEncoder enc = new ImportEncoder(64);
        enc.append(Labels.of("__name__", "x"), Series.of(timestamps, values));

        String line = new String(Arrays.copyOf(enc.buf, enc.size), StandardCharsets.US_ASCII);
        String written = line.substring(line.indexOf("\"values\":[") + 10, line.indexOf("],\"timestamps\""));
        assertThat(written).isEqualTo(expected.toString());
    }

    /**
     * The encoder's numbers as they were written through Strings: integers, fixed-point decimals up to 6
     * places, then Jackson's shortest decimal.
     */
    private static String stringPath(double v) {
        long l = (long) v;
        if (l == v && Math.abs(l) < (1L << 53) && !(v == 0 && 1 / v < 0)) {
            return Long.toString(l);
        }
        if (v != 0 && Math.abs(v) < 1e9) {
            for (int d = 1; d <= 6; d++) {
                double p = Math.pow(10, d);
                double m = Math.rint(v * p);
                if (Math.abs(m) < 1e15 && m / p == v) {
                    long whole = Math.abs((long) m) / (long) p;
                    long frac = Math.abs((long) m) % (long) p;
                    return (m < 0 ? "-" : "") + whole + "." + String.format("%0" + d + "d", frac);
                }
            }
        }
        return NumberOutput.toString(v, true);
    }
}
