package dev.vigil.benchmarks.runner;

import dev.vigil.core.series.Series;
import dev.vigil.models.OnlineModel;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.registry.ModelStates;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The model's own share of an infer cycle, without reading or writing: {@code S} online models
 * (default 5 000) fitted on {@code F} one-minute points of seeded random walks (default 1 441), then
 * {@code C} cycles (default 20) of {@code P} new points each (default 10) through
 * {@code inferAndUpdate}, as the runner's infer cycles call it, one series after the other. Prints per
 * model class: the fit and the mean cycle in CPU-µs per series (this JVM's CPU time, so JIT and GC
 * threads included, and this thread's alone) and in bytes allocated per series (this thread's allocation: the garbage a cycle
 * leaves), and the slowest cycle. The mean over enough cycles covers the periodic quantile refreshes
 * of the t-digest models (every 46 points after a day of history). A first, unmeasured round on other
 * series warms the JIT up. Single-threaded; seeded.
 *
 * <p>{@code -Ddigest.persist=save} also encodes each model's state after each of its inferences (what
 * {@code restore_state} does after an infer cycle; the model stays in the heap), {@code reload} encodes it
 * and goes on with the model decoded from it (on-disk mode: each cycle loads the dump and saves it
 * again); the default {@code none} keeps the models in the heap.
 *
 * <p>Run: {@code java -Xmx2g -cp benchmarks-runner/target/benchmarks-runner.jar
 * dev.vigil.benchmarks.runner.DigestInferCost [series] [fitPoints] [cycles] [points] [model classes...]}.
 */
public final class DigestInferCost {

    private static final long MINUTE = 60_000L;
    private static final String PERSIST = System.getProperty("digest.persist", "none");

    private DigestInferCost() {
    }

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int fit = args.length > 1 ? Integer.parseInt(args[1]) : 1_441;
        int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int points = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        String[] models = args.length > 4 ? java.util.Arrays.copyOfRange(args, 4, args.length)
                : new String[] {"mad_online", "quantile_online"};
        System.out.printf(Locale.ROOT, "series=%d fit=%d cycles=%d points=%d persist=%s java=%s%n", series, fit, cycles,
                points, PERSIST, System.getProperty("java.version"));
        for (String model : models) {
            run(model, Math.max(1, series / 5), fit, cycles, points, 1, true);
            run(model, series, fit, cycles, points, 2, false);
        }
    }

    private static void run(String model, int series, int fit, int cycles, int points, long seedBase, boolean warmUp)
            throws java.io.IOException {
        int n = fit + cycles * points;
        Series[] data = new Series[series];
        for (int s = 0; s < series; s++) {
            SplittableRandom r = new SplittableRandom(seedBase * 1_000_003L + s);
            long[] t = new long[n];
            double[] y = new double[n];
            double level = 100;
            for (int i = 0; i < n; i++) {
                t[i] = 1_700_000_000_000L + MINUTE * i;
                level += r.nextGaussian();
                y[i] = Math.rint(level * 1000) / 1000;
            }
            data[s] = Series.of(t, y);
        }
        ModelRegistry registry = ModelRegistry.standard();
        OnlineModel[] fitted = new OnlineModel[series];
        long cpu0 = cpu();
        long thread0 = threadCpu();
        long alloc0 = allocated();
        for (int s = 0; s < series; s++) {
            fitted[s] = (OnlineModel) registry.create(model, Map.of()).fit(data[s].slice(0, fit));
        }
        double fitCpu = (cpu() - cpu0) / 1e3 / series;
        double fitThread = (threadCpu() - thread0) / 1e3 / series;
        double fitAlloc = (double) (allocated() - alloc0) / series;
        double sumCpu = 0;
        double sumAlloc = 0;
        double maxCpu = 0;
        long cyclesThread0 = threadCpu();
        for (int c = 0; c < cycles; c++) {
            int from = fit + c * points;
            long c0 = cpu();
            long a0 = allocated();
            for (int s = 0; s < series; s++) {
                fitted[s].inferAndUpdate(data[s].slice(from, from + points));
                if (!"none".equals(PERSIST)) {
                    byte[] state = ModelStates.toBytes(fitted[s]);
                    if ("reload".equals(PERSIST)) {
                        fitted[s] = (OnlineModel) ModelStates.fromBytes(state);
                    }
                }
            }
            double cycleCpu = (cpu() - c0) / 1e3 / series;
            sumCpu += cycleCpu;
            sumAlloc += (double) (allocated() - a0) / series;
            maxCpu = Math.max(maxCpu, cycleCpu);
        }
        double cyclesThread = (threadCpu() - cyclesThread0) / 1e3 / series / cycles;
        if (!warmUp) {
            System.out.printf(Locale.ROOT, "%s: fit %.1f CPU-µs (this thread %.1f), %.0f B allocated per series; infer"
                    + " cycle mean %.2f CPU-µs (this thread %.2f), %.0f B allocated per series (slowest cycle %.2f"
                    + " CPU-µs)%n", model, fitCpu, fitThread, fitAlloc, sumCpu / cycles, cyclesThread,
                    sumAlloc / cycles, maxCpu);
        }
    }

    /** This JVM's CPU time, ns (all threads). */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** This thread's CPU time, ns (the models' own work: no JIT, no GC). */
    private static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** Bytes allocated by this thread so far. */
    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
