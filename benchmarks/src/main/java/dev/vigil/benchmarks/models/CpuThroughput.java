package dev.vigil.benchmarks.models;

import dev.vigil.benchmarks.core.ScorePipelineBenchmark;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.OnlineModel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A cross-check of {@link ModelFitInferBenchmark} and {@link OnlineUpdateBenchmark} for shared,
 * overloaded machines: the same work on the same data, timed in <em>thread CPU time</em> instead of
 * wall-clock time, so that time spent waiting for a core does not count (work done by GC threads does
 * not count either, which flatters allocation-heavy paths). Each line is the median of 3 one-second
 * rounds after 2 warm-up rounds, in points per CPU second. Not a JMH benchmark (no forking, no
 * blackholes beyond a checksum): use it for orders of magnitude, JMH on an idle machine for figures of
 * record.
 *
 * <p>Run: {@code java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar
 * dev.vigil.benchmarks.models.CpuThroughput [online|fitinfer|score] [alias ...]}. Pre-touch the heap: without it the
 * first pass through the young generation pays the kernel's page faults in this thread's CPU time, which made
 * the first allocating figures of a run (e.g. {@code infer zscore n=10000}) 20x too low on the shared VM.
 * ({@code score}: {@link ScorePipelineBenchmark}'s two methods, column restore included, as there).
 */
public final class CpuThroughput {

    private static final List<String> ALL = List.of("zscore", "zscore_online", "mad", "mad_online", "quantile_online",
            "rolling_quantile", "std", "holtwinters", "prophet");
    /** Optimisation-based models: fit and infer at 10 k points only (see {@link ModelFitInferBenchmark}). */
    private static final List<String> SLOW = List.of("holtwinters", "prophet");
    private static final List<String> ONLINE = List.of("zscore_online:1", "zscore_online:0.999", "mad_online:1",
            "mad_online:0.999", "quantile_online:1", "quantile_online:0.999", "rolling_quantile:1", "std:1", "vigil_online:1",
            "temporal_envelope:1", "temporal_envelope@Europe/Berlin:1");
    private static final int BATCH = 100_000;
    private static final long ROUND_NANOS = 1_000_000_000L;
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static long checksum;
    /** Aliases to run (all when empty). */
    private static List<String> only = List.of();

    private CpuThroughput() {
    }

    /** Argument: {@code online} (update and inferAndUpdate), {@code fitinfer}, {@code score}, or nothing for all. */
    public static void main(String[] argv) {
        String what = argv.length > 0 ? argv[0] : "both";
        if (what.equals("score")) {
            score();
            System.out.println("(checksum " + checksum + ")");
            return;
        }
        if (!what.equals("online") && !what.equals("fitinfer") && !what.equals("both")) {
            throw new IllegalArgumentException("argument must be online, fitinfer, score or nothing, got \"" + what + "\"");
        }
        only = List.of(argv).subList(Math.min(1, argv.length), argv.length);
        if (!what.equals("fitinfer")) {
            online();
        }
        if (!what.equals("online")) {
            fitInfer();
        }
        System.out.println("(checksum " + checksum + ")");
    }

    private static void online() {
        for (String run : ONLINE) {
            String[] kv = run.split(":", 2);
            // alias@zone: the model's tz (civil-time models)
            String[] az = kv[0].split("@", 2);
            String alias = az[0];
            if (!only.isEmpty() && !only.contains(alias)) {
                continue;
            }
            double decay = Double.parseDouble(kv[1]);
            Map<String, Object> args = new HashMap<>(ModelData.args(alias));
            if (az.length == 2) {
                args.put("tz", az[1]);
            }
            if (decay != 1.0) {
                args.put("decay", decay);
            }
            Series all = ModelData.series(10_000 + BATCH);
            ModelSpec spec = ModelRegistry.standard().create(alias, args);
            Series batch = all.slice(10_000, 10_000 + BATCH);
            OnlineModel a = (OnlineModel) spec.fit(all.slice(0, 10_000));
            String param = az.length == 2 ? "tz=" + az[1] : "decay=" + decay;
            report("update", alias, param, BATCH, () -> {
                a.update(batch);
                return a.samplesSeen();
            });
            OnlineModel b = (OnlineModel) spec.fit(all.slice(0, 10_000));
            report("inferAndUpdate", alias, param, BATCH,
                    () -> Double.doubleToRawLongBits(b.inferAndUpdate(batch).anomalyScore(BATCH - 1)));
        }
    }

    private static void score() {
        Blackhole bh = new Blackhole("Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
        for (String spec : List.of("default", "business")) {
            ScorePipelineBenchmark b = new ScorePipelineBenchmark();
            b.spec = spec;
            b.setUp();
            report("score.points10k", spec, "n=10000", 10_000, () -> {
                b.points10k(bh);
                return 1;
            });
            report("score.points1m", spec, "n=1000000", 1_000_000, () -> {
                b.points1m(bh);
                return 1;
            });
        }
        bh.evaporate("Yes, I am Stephen Hawking, and know a thing or two about black holes.");
    }

    private static void fitInfer() {
        for (String alias : ALL) {
            if (!only.isEmpty() && !only.contains(alias)) {
                continue;
            }
            for (int n : SLOW.contains(alias) ? new int[] {10_000} : new int[] {10_000, 1_000_000}) {
                ModelSpec spec = ModelRegistry.standard().create(alias, ModelData.args(alias));
                Series data = ModelData.series(n);
                FittedModel fitted = spec.fit(data);
                report("fit", alias, "n=" + n, n, () -> spec.fit(data).hashCode());
                report("infer", alias, "n=" + n, n, () -> Double.doubleToRawLongBits(fitted.infer(data).anomalyScore(n - 1)));
            }
        }
    }

    private static void report(String op, String alias, String param, int pointsPerCall, LongSupplier call) {
        double[] rates = new double[5];
        for (int r = 0; r < rates.length; r++) {
            long c0 = MX.getCurrentThreadCpuTime();
            long points = 0;
            long c1;
            do {
                checksum += call.getAsLong();
                points += pointsPerCall;
                c1 = MX.getCurrentThreadCpuTime();
            } while (c1 - c0 < ROUND_NANOS);
            rates[r] = points / ((c1 - c0) / 1e9);
        }
        double[] measured = Arrays.copyOfRange(rates, 2, rates.length);
        Arrays.sort(measured);
        System.out.printf(Locale.ROOT, "%-15s %-17s %-12s %9.2f M points/CPU-s (min %.2f, max %.2f)%n", op, alias, param,
                measured[1] / 1e6, measured[0] / 1e6, measured[2] / 1e6);
    }
}
