package dev.vigil.benchmarks.core;

import com.fasterxml.jackson.core.io.NumberOutput;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.core.text.ShortestDecimal;
import dev.vigil.vm.VmCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writing doubles as their shortest round-trip decimals into a byte buffer, in nanoseconds per value (one
 * op = one value): {@link ShortestDecimal#write} against the former path of the import encoder, Jackson's
 * {@code NumberOutput.toString(v, true)} (a String per value) copied into the buffer; and the whole import
 * encoding of a model's five outputs ({@code VmCodec.encodeImport}, per value). With {@code -prof gc},
 * {@code gc.alloc.rate.norm} is the bytes allocated per value.
 *
 * <p>{@code outputs}: values the size and precision of model outputs ({@code yhat}, bounds, scores: computed
 * doubles, never short decimals); {@code bits}: random finite bit patterns (every exponent).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ShortestDecimalBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ShortestDecimalBenchmark {

    static final int N = 10_000;
    private static final int POINTS = N / 5;

    /** The kind of values: {@code outputs} or {@code bits}. */
    @Param({"outputs", "bits"})
    public String kind;

    private double[] values;
    private final byte[] buf = new byte[N * ShortestDecimal.MAX_LENGTH];
    private List<Series> outputs;

    /** Seeded values, and five output series of {@code N / 5} points made of them. */
    @Setup
    public void setup() {
        SplittableRandom rnd = new SplittableRandom(42);
        values = new double[N];
        for (int i = 0; i < N; i++) {
            if (kind.equals("bits")) {
                double v;
                do {
                    v = Double.longBitsToDouble(rnd.nextLong());
                } while (!Double.isFinite(v));
                values[i] = v;
            } else {
                // A mean and a standard deviation learnt from 3-decimal data: yhat, yhat -+ 3 sd, a z-score.
                double mean = 100 + rnd.nextInt(1_000_000) / 1000.0 / 7;
                double sd = 1 + rnd.nextDouble();
                values[i] = switch (i % 4) {
                    case 0 -> mean;
                    case 1 -> mean - 3 * sd;
                    case 2 -> mean + 3 * sd;
                    default -> Math.abs(rnd.nextGaussian()) / sd;
                };
            }
        }
        outputs = new ArrayList<>();
        String[] names = {"anomaly_score", "y", "yhat", "yhat_lower", "yhat_upper"};
        for (int o = 0; o < names.length; o++) {
            long[] ts = new long[POINTS];
            double[] vs = new double[POINTS];
            for (int i = 0; i < POINTS; i++) {
                ts[i] = 1_700_000_000_000L + 60_000L * i;
                // y is the input: 3-decimal data, which the encoder writes in fixed point.
                vs[i] = o == 1 ? Math.rint(values[o * POINTS + i] * 1000) / 1000 : values[o * POINTS + i];
            }
            Labels labels = Labels.of("__name__", names[o], "host", "web-1", "job", "node");
            outputs.add(Series.of(labels, ts, vs));
        }
    }

    /** Vigil's writer, straight into the buffer. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int shortest() {
        int at = 0;
        for (double v : values) {
            at = ShortestDecimal.write(v, buf, at);
        }
        return at;
    }

    /** Baseline, the encoder's former path: Jackson's Schubfach String, copied into the buffer. */
    @Benchmark
    @OperationsPerInvocation(N)
    public int jackson() {
        int at = 0;
        for (double v : values) {
            String s = NumberOutput.toString(v, true);
            for (int i = 0; i < s.length(); i++) {
                buf[at++] = (byte) s.charAt(i);
            }
        }
        return at;
    }

    /** The whole import encoding (labels, values, timestamps) of five output series, per value. */
    @Benchmark
    @OperationsPerInvocation(N)
    public byte[] encodeImport() {
        return VmCodec.encodeImport(outputs);
    }
}
