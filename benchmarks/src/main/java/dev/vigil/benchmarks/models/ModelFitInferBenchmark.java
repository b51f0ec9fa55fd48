package dev.vigil.benchmarks.models;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelRegistry;
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
 * <p>{@link #fit}/{@link #infer}: the statistical models at 10 k and 1 M points. {@link #fitSlow}/
 * {@link #inferSlow}: {@code holtwinters} (additive daily season, m = 1440, estimated initial states)
 * and {@code prophet} (auto seasonalities, 25 changepoints, 1 000 uncertainty samples) at 10 k points
 * only: their fit is an optimisation over the whole window (prophet's design matrix alone would take
 * about 0.5 GB at 1 M points), far outside what these models are used for. Their own benchmarks
 * ({@code seasonal.SeasonalBenchmarks}, {@code prophet.ProphetBenchmark}) cover typical sizes.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ModelFitInferBenchmark -f 1 -wi 2 -w 1s -i 3 -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ModelFitInferBenchmark {

    @Param({"zscore", "zscore_online", "mad", "mad_online", "quantile_online", "rolling_quantile", "std"})
    public String alias;

    @Param({"10000", "1000000"})
    public int n;

    private ModelSpec spec;
    private Series data;
    private FittedModel fitted;

    @Setup
    public void setup() {
        spec = ModelRegistry.standard().create(alias, ModelData.args(alias));
        data = ModelData.series(n);
        fitted = spec.fit(data);
    }

    @Benchmark
    public FittedModel fit() {
        return spec.fit(data);
    }

    @Benchmark
    public Prediction infer() {
        return fitted.infer(data);
    }

    /** The optimisation-based models, 10 k points only (see the class comment). */
    @State(Scope.Benchmark)
    public static class Slow {
        @Param({"holtwinters", "prophet"})
        public String slowAlias;

        @Param({"10000"})
        public int slowN;

        ModelSpec spec;
        Series data;
        FittedModel fitted;

        @Setup
        public void setup() {
            spec = ModelRegistry.standard().create(slowAlias, ModelData.args(slowAlias));
            data = ModelData.series(slowN);
            fitted = spec.fit(data);
        }
    }

    @Benchmark
    public FittedModel fitSlow(Slow s) {
        return s.spec.fit(s.data);
    }

    @Benchmark
    public Prediction inferSlow(Slow s) {
        return s.fitted.infer(s.data);
    }
}
