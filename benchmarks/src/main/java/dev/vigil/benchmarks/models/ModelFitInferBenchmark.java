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
 * Fit on n points and infer n points (no update) for every model of this family. Time per call;
 * divide n by it for points per second.
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
}
