package dev.vigil.benchmarks.core;

import dev.vigil.core.score.DetectionDirection;
import dev.vigil.core.score.ScorePipeline;
import dev.vigil.core.score.ScoreSpec;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of {@link ScorePipeline#apply(double[], double[], double[], double[], double[], int, int)}
 * in points per second, for a default spec and for one with every business argument set.
 *
 * <p>The input columns are restored from pristine copies before each invocation (apply rewrites the
 * bounds in place); the copy is part of the measured time, so the figures are a lower bound. Reported
 * "ops/s" are points/s thanks to {@code @OperationsPerInvocation(n)}: {@link #points10k} and
 * {@link #points1m} are separate methods because the annotation needs a constant.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ScorePipelineBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScorePipelineBenchmark {

    private static final int N_10K = 10_000;
    private static final int N_1M = 1_000_000;

    /** {@code default}: vmanomaly defaults; {@code business}: scale, range with clip, direction, min devs. */
    @Param({"default", "business"})
    public String spec;

    private ScorePipeline pipeline;
    private double[] y;
    private double[] yhat;
    private double[] lower;
    private double[] upper;
    private double[] yhat0;
    private double[] lower0;
    private double[] upper0;
    private double[] score;

    /** Seeded data: a noisy sine with a band of +-3 and about 1 % spikes and 0.1 % NaN. */
    @Setup(Level.Trial)
    public void setUp() {
        ScoreSpec s = "business".equals(spec)
                ? ScoreSpec.DEFAULT.withScale(1.2, 0.75).withDataRange(0, 200, true)
                        .withDirection(DetectionDirection.ABOVE_EXPECTED).withMinDev(0.5, 0.5).withMinRelDev(1, 1)
                : ScoreSpec.DEFAULT;
        pipeline = new ScorePipeline(s);
        SplittableRandom rnd = new SplittableRandom(42L);
        y = new double[N_1M];
        yhat0 = new double[N_1M];
        lower0 = new double[N_1M];
        upper0 = new double[N_1M];
        for (int i = 0; i < N_1M; i++) {
            double base = 100 + 50 * Math.sin(i * 2 * Math.PI / 1440);
            yhat0[i] = base;
            lower0[i] = base - 3;
            upper0[i] = base + 3;
            double noise = rnd.nextDouble(-4, 4);
            y[i] = rnd.nextInt(100) == 0 ? base + 40 * noise : base + noise;
            if (rnd.nextInt(1000) == 0) {
                y[i] = Double.NaN;
            }
        }
        yhat = yhat0.clone();
        lower = lower0.clone();
        upper = upper0.clone();
        score = new double[N_1M];
    }

    private void run(int n, Blackhole bh) {
        System.arraycopy(yhat0, 0, yhat, 0, n);
        System.arraycopy(lower0, 0, lower, 0, n);
        System.arraycopy(upper0, 0, upper, 0, n);
        pipeline.apply(y, yhat, lower, upper, score, 0, n);
        bh.consume(score[n - 1]);
    }

    /** apply over 10 000 points (fits in L2 cache). */
    @Benchmark
    @OperationsPerInvocation(N_10K)
    public void points10k(Blackhole bh) {
        run(N_10K, bh);
    }

    /** apply over 1 000 000 points (memory-bound: 5 columns of 8 MB). */
    @Benchmark
    @OperationsPerInvocation(N_1M)
    public void points1m(Blackhole bh) {
        run(N_1M, bh);
    }
}
