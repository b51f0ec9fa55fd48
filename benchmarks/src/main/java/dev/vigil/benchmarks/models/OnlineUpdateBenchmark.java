package dev.vigil.benchmarks.models;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.OnlineModel;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Online throughput: {@code inferAndUpdate} (score each point, then learn it) and {@code update}
 * (learn only) over batches of 100 000 points, steady state (the model keeps learning across
 * invocations). Throughput in points per second. Models without {@code decay} ({@code rolling_quantile},
 * {@code std}, {@code temporal_envelope}) run the same configuration under both values of that parameter.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class OnlineUpdateBenchmark {

    private static final int BATCH = 100_000;

    @Param({"zscore_online", "mad_online", "quantile_online", "rolling_quantile", "std", "vigil_online",
            "temporal_envelope"})
    public String alias;

    @Param({"1", "0.999"})
    public double decay;

    private OnlineModel model;
    private Series batch;

    @Setup
    public void setup() {
        Map<String, Object> args = new HashMap<>(ModelData.args(alias));
        // rolling_quantile, std, vigil_online and temporal_envelope take no decay (vigil_online's memory is its
        // long_window, temporal_envelope's its alpha)
        if (!alias.equals("rolling_quantile") && !alias.equals("std") && !alias.equals("vigil_online")
                && !alias.equals("temporal_envelope")) {
            args.put("decay", decay);
        }
        Series all = ModelData.series(10_000 + BATCH);
        model = (OnlineModel) ModelRegistry.standard().create(alias, args).fit(all.slice(0, 10_000));
        batch = all.slice(10_000, 10_000 + BATCH);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Prediction inferAndUpdate() {
        return model.inferAndUpdate(batch);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long update() {
        model.update(batch);
        return model.samplesSeen();
    }
}
