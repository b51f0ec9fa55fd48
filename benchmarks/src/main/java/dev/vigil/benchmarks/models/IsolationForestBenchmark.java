package dev.vigil.benchmarks.models;

import dev.vigil.models.MultivariateModel;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.isolationforest.IsolationForestModels;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code isolation_forest_multivariate} through its library API ({@link MultivariateSpec}): fit, score,
 * and both, on {@link #rows} seeded rows of 8 channels (Gaussian, with 1 % uniform outliers), 100 trees,
 * {@code max_samples: auto} (256), one thread. The scikit-learn side of the same work is timed by
 * {@code benchmarks/scripts/isolation-forest-vs-sklearn.py} (with {@link IsolationForestSpeed} as the
 * Java side on the very same data). JMH state objects are per benchmark and only read by the methods.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar IsolationForestBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IsolationForestBenchmark {

    /** The rows, the spec and a fitted model. */
    @State(Scope.Benchmark)
    public static class Data {
        /** Rows to fit on and to score. */
        @Param({"200000"})
        public int rows;

        long[] t;
        double[][] x;
        MultivariateSpec spec;
        MultivariateModel model;

        @Setup
        public void setup() {
            x = rows(rows, 8, 42);
            t = new long[rows];
            for (int i = 0; i < rows; i++) {
                t[i] = 1_704_067_200_000L + 60_000L * i;
            }
            spec = IsolationForestModels.builder().trees(100).buildMultivariate();
            model = spec.fit(t, x);
        }
    }

    /** {@code n} rows of {@code d} channels: N(0, 1), except 1 % uniform in [-6, 6]; seeded. */
    static double[][] rows(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            boolean outlier = r.nextInt(100) == 0;
            for (int j = 0; j < d; j++) {
                x[i][j] = outlier ? r.nextDouble(-6, 6) : r.nextGaussian();
            }
        }
        return x;
    }

    @Benchmark
    public MultivariateModel fit(Data d) {
        return d.spec.fit(d.t, d.x);
    }

    @Benchmark
    public double[] score(Data d) {
        return d.model.score(d.t, d.x);
    }

    @Benchmark
    public double[] fitAndScore(Data d) {
        return d.spec.fit(d.t, d.x).score(d.t, d.x);
    }
}
