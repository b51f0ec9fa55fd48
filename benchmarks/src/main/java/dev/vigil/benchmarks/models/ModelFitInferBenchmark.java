package dev.vigil.benchmarks.models;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
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
 * Fit on n points and infer n points (no update) for every built model of the registry. Time per
 * call; divide n by it for points per second.
 *
 * <p>{@link #fit}/{@link #infer} ({@link Statistical} state): the statistical models at 10 k and 1 M
 * points. {@link #fitSlow}/{@link #inferSlow} ({@link Optimised} state): {@code holtwinters} (additive daily season, m = 1440, estimated initial states)
 * and {@code prophet} (auto seasonalities, 25 changepoints, 1 000 uncertainty samples) at 10 k points
 * only: their fit is an optimisation over the whole window (prophet's design matrix alone would take
 * about 0.5 GB at 1 M points), far outside what these models are used for. Their own benchmarks
 * ({@code seasonal.SeasonalBenchmarks}, {@code prophet.ProphetBenchmark}) cover typical sizes.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ModelFitInferBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ModelFitInferBenchmark {

    /** The fitted inputs of one benchmark. */
    abstract static class Inputs {
        ModelSpec spec;
        Series data;
        FittedModel fitted;

        void init(String alias, int n) {
            spec = ModelRegistry.standard().create(alias, ModelData.args(alias));
            data = ModelData.series(n);
            fitted = spec.fit(data);
        }
    }

    /** The statistical models, 10 k and 1 M points. */
    @State(Scope.Benchmark)
    public static class Statistical extends Inputs {
        @Param({"zscore", "zscore_online", "mad", "mad_online", "quantile_online", "rolling_quantile", "std"})
        public String alias;

        @Param({"10000", "1000000"})
        public int n;

        @Setup
        public void setup() {
            init(alias, n);
        }
    }

    /** The optimisation-based models, 10 k points only (see the class comment). */
    @State(Scope.Benchmark)
    public static class Optimised extends Inputs {
        @Param({"holtwinters", "prophet"})
        public String alias;

        @Param({"10000"})
        public int n;

        @Setup
        public void setup() {
            init(alias, n);
        }
    }

    @Benchmark
    public FittedModel fit(Statistical s) {
        return s.spec.fit(s.data);
    }

    @Benchmark
    public Prediction infer(Statistical s) {
        return s.fitted.infer(s.data);
    }

    @Benchmark
    public FittedModel fitSlow(Optimised s) {
        return s.spec.fit(s.data);
    }

    @Benchmark
    public Prediction inferSlow(Optimised s) {
        return s.fitted.infer(s.data);
    }
}
