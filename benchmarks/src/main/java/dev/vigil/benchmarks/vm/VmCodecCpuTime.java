package dev.vigil.benchmarks.vm;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Method;
import java.util.Locale;

/**
 * A contention-tolerant companion to {@link VmCodecBenchmark}: runs each benchmark method on this thread
 * and divides 1 M points by the THREAD's CPU time (not wall time), so that a machine shared with other
 * jobs still gives a usable one-core figure. GC threads' time is not counted, which flatters the
 * allocating baselines a little. Best and mean of 10 runs after 15 warm-up runs.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -cp benchmarks/target/benchmarks.jar dev.vigil.benchmarks.vm.VmCodecCpuTime}.
 */
public final class VmCodecCpuTime {

    private VmCodecCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        VmCodecBenchmark b = new VmCodecBenchmark();
        b.setup();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] names = args.length > 0 ? args
                : new String[] {"parse", "parseTreeBaseline", "encode", "encodeGzip", "encodeTreeBaseline"};
        for (String n : names) {
            Method m = VmCodecBenchmark.class.getMethod(n);
            for (int w = 0; w < 15; w++) {
                m.invoke(b);
            }
            long best = Long.MAX_VALUE;
            long sum = 0;
            int reps = 10;
            for (int r = 0; r < reps; r++) {
                long t0 = mx.getCurrentThreadCpuTime();
                m.invoke(b);
                long d = mx.getCurrentThreadCpuTime() - t0;
                best = Math.min(best, d);
                sum += d;
            }
            System.out.printf(Locale.ROOT, "%-20s best %5.1f M points/s, mean %5.1f M points/s (thread CPU time)%n", n,
                    VmCodecBenchmark.TOTAL / (best / 1e9) / 1e6, VmCodecBenchmark.TOTAL / (sum / (double) reps / 1e9) / 1e6);
        }
    }
}
