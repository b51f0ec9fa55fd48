package dev.vigil.benchmarks.prophet;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * A contention-tolerant companion to {@link ProphetBenchmark}'s scale shape: runs {@code scaleFit},
 * {@code scaleInfer}, {@code scaleInferLate} and {@code scaleInferLateOwnWindow} on this thread and reports the thread's CPU time per call (not wall time), so that
 * a machine shared with other jobs still gives a usable one-core figure. GC threads' time is not
 * counted. Five rounds of N calls each (default 1 000 fits and 5 000 inferences of each kind) after a warm-up
 * round; prints every round and the median round.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.vigil.benchmarks.prophet.ProphetScaleCpuTime [N]}.
 */
public final class ProphetScaleCpuTime {

    private ProphetScaleCpuTime() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        ProphetBenchmark.ScaleShape s = new ProphetBenchmark.ScaleShape();
        s.setup();
        ProphetBenchmark b = new ProphetBenchmark();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int rounds = 5;
        double[] fit = new double[rounds];
        double[] infer = new double[rounds];
        double[] late = new double[rounds];
        double[] own = new double[rounds];
        Object sink = null;
        for (int r = -1; r < rounds; r++) {
            long c0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                sink = b.scaleFit(s);
            }
            long c1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 5 * n; i++) {
                sink = b.scaleInfer(s);
            }
            long c2 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 5 * n; i++) {
                sink = b.scaleInferLate(s);
            }
            long c3 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < 5 * n; i++) {
                sink = b.scaleInferLateOwnWindow(s);
            }
            long c4 = mx.getCurrentThreadCpuTime();
            if (r >= 0) {
                fit[r] = (c1 - c0) / 1e3 / n;
                infer[r] = (c2 - c1) / 1e3 / (5.0 * n);
                late[r] = (c3 - c2) / 1e3 / (5.0 * n);
                own[r] = (c4 - c3) / 1e3 / (5.0 * n);
                System.out.printf(Locale.ROOT, "round %d: fit %.1f µs CPU, infer of 10 points %.1f µs CPU, 100 minutes"
                        + " after the fit %.1f (fit windows of their own: %.1f)%n", r + 1, fit[r], infer[r], late[r],
                        own[r]);
            }
        }
        java.util.Arrays.sort(fit);
        java.util.Arrays.sort(infer);
        java.util.Arrays.sort(late);
        java.util.Arrays.sort(own);
        System.out.printf(Locale.ROOT, "median: fit %.1f µs CPU, infer of 10 points %.1f µs CPU (100 minutes after the"
                + " fit: %.1f; fit windows of their own: %.1f) per series (%s)%n", fit[rounds / 2], infer[rounds / 2],
                late[rounds / 2], own[rounds / 2], sink == null ? "" : "done");
    }
}
