package dev.vigil.benchmarks.models;

import dev.vigil.models.OnlineMultivariateModel;
import dev.vigil.models.registry.ModelRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code temporal_envelope_multivariate} online throughput: {@code scoreAndUpdate} over batches of
 * 10 000 rows of 10 or 100 channels (one common factor plus noise, hourly, default profiles),
 * steady state (the model keeps learning across invocations), with the default
 * {@code dependency_rank} 8 and with 0 (the channels' envelopes alone). Throughput in rows per
 * second; per channel-row multiply by the channel count.
 *
 * <p>{@link #main} runs the same work timed in thread CPU time (median of 3 one-second rounds after 2
 * warm-up rounds), for shared, overloaded machines: {@code java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp
 * benchmarks/target/benchmarks.jar dev.vigil.benchmarks.models.MultivariateEnvelopeBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MultivariateEnvelopeBenchmark {

    private static final int BATCH = 10_000;
    private static final long HOUR = 3_600_000L;

    @Param({"10", "100"})
    public int channels;

    @Param({"8", "0"})
    public int rank;

    private OnlineMultivariateModel model;
    private long[] times;
    private double[][] rows;
    private long next;

    @Setup
    public void setup() {
        int fit = 2_000;
        long[] t = new long[fit];
        double[][] r = rows(fit, 0, t);
        model = (OnlineMultivariateModel) ((dev.vigil.models.MultivariateSpec) ModelRegistry.standard()
                .create("temporal_envelope_multivariate", Map.of("dependency_rank", rank))).fit(t, r);
        times = new long[BATCH];
        rows = rows(BATCH, fit, times);
        next = fit;
    }

    private double[][] rows(int n, int from, long[] t) {
        SplittableRandom rnd = new SplittableRandom(7 + from);
        double[][] out = new double[n][channels];
        for (int i = 0; i < n; i++) {
            t[i] = 1_704_067_200_000L + (from + i) * HOUR;
            double u = rnd.nextGaussian();
            for (int c = 0; c < channels; c++) {
                out[i][c] = 10 + 3 * Math.sin(2 * Math.PI * (from + i) / 24) + 2 * u + 0.1 * rnd.nextGaussian();
            }
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public double[] scoreAndUpdate() {
        // later timestamps each invocation, so that the model sees time move on
        for (int i = 0; i < BATCH; i++) {
            times[i] = 1_704_067_200_000L + (next + i) * HOUR;
        }
        next += BATCH;
        return model.scoreAndUpdate(times, rows);
    }

    /** Rows per CPU second for 10 and 100 channels, ranks 8 and 0. */
    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int channels : new int[] {10, 100}) {
            for (int rank : new int[] {8, 0}) {
                MultivariateEnvelopeBenchmark b = new MultivariateEnvelopeBenchmark();
                b.channels = channels;
                b.rank = rank;
                b.setup();
                double[] rates = new double[5];
                double sum = 0;
                for (int round = 0; round < rates.length; round++) {
                    long start = mx.getCurrentThreadCpuTime();
                    long rows = 0;
                    while (mx.getCurrentThreadCpuTime() - start < 1_000_000_000L) {
                        sum += b.scoreAndUpdate()[BATCH - 1];
                        rows += BATCH;
                    }
                    rates[round] = rows / ((mx.getCurrentThreadCpuTime() - start) / 1e9);
                }
                double[] measured = Arrays.copyOfRange(rates, 2, 5);
                Arrays.sort(measured);
                System.out.printf(Locale.ROOT, "channels=%d rank=%d: %.0f rows/CPU-s (%.2f M channel-rows/s)%n", channels,
                        rank, measured[1], measured[1] * channels / 1e6);
            }
        }
    }
}
