package dev.vigil.benchmarks.core;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * A contention-tolerant companion to {@link ShortestDecimalBenchmark}: alternates its {@code shortest},
 * {@code jackson} and {@code encodeImport} methods on this thread and reports nanoseconds of THREAD CPU time
 * per value (best and mean of 30 alternating rounds after a warm-up), so that a machine shared with other
 * jobs still gives a usable comparison. GC threads' time is not counted, which flatters the allocating Jackson path a little.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.vigil.benchmarks.core.ShortestDecimalCpuTime}.
 */
public final class ShortestDecimalCpuTime {

    private static final int REPEATS = 20; // invocations per timing: 200 000 values

    private ShortestDecimalCpuTime() {
    }

    public static void main(String[] args) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (String kind : new String[] {"outputs", "bits"}) {
            ShortestDecimalBenchmark b = new ShortestDecimalBenchmark();
            b.kind = kind;
            b.setup();
            IntSupplier[] paths = {b::shortest, b::jackson, () -> b.encodeImport().length};
            String[] names = {"shortest", "jackson", "encodeImport"};
            long sink = 0;
            for (int w = 0; w < 200; w++) {
                for (IntSupplier p : paths) {
                    sink += p.getAsInt();
                }
            }
            long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
            long[] sum = new long[paths.length];
            int rounds = 30;
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < paths.length; i++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int k = 0; k < REPEATS; k++) {
                        sink += paths[i].getAsInt();
                    }
                    long d = mx.getCurrentThreadCpuTime() - t0;
                    best[i] = Math.min(best[i], d);
                    sum[i] += d;
                }
            }
            double values = (double) REPEATS * ShortestDecimalBenchmark.N;
            for (int i = 0; i < paths.length; i++) {
                System.out.printf(Locale.ROOT, "%-8s %-12s best %6.1f ns/value, mean %6.1f ns/value (thread CPU time)%n",
                        kind, names[i], best[i] / values, sum[i] / rounds / values);
            }
            if (sink == 42) {
                System.out.println();
            }
        }
    }
}
