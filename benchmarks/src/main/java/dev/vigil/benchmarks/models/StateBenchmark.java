package dev.vigil.benchmarks.models;

import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.registry.ModelStates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
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
 * Saving and restoring one series' model state through {@link ModelStates}: the time to write one
 * compact state (arguments fingerprinted, {@link ModelStates#writeCompact}) and to read it back with
 * its spec ({@link ModelStates#read(java.io.InputStream, ModelSpec, ModelRegistry)}), for each model
 * family in the typical configurations of {@link StateSizes#configs()}, each fitted on 14 days of
 * 1-minute points of the seeded series {@link ModelData#series} (20 160 points). The setup prints the
 * state's size in bytes. JMH state objects are per benchmark; the
 * benchmark methods only read them, so they are safe under JMH's threads.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar StateBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StateBenchmark {

    private static final int FIT = 14 * 1440;

    /** One fitted model and its compact state. */
    @State(Scope.Benchmark)
    public static class Fitted {
        /** A label of {@link StateSizes#configs()}. */
        @Param({"zscore", "zscore_online", "mad", "mad_online", "mad_online decay 0.999", "quantile_online",
                "quantile_online 1d / 1h (24 buckets)", "rolling_quantile window 1440", "std period 1440",
                "holtwinters seasonality 1h", "prophet", "isolation_forest_univariate"})
        public String config;

        ModelSpec spec;
        FittedModel model;
        byte[] state;

        @Setup
        public void setup() throws IOException {
            Object[] c = StateSizes.configs().get(config);
            if (c == null) {
                throw new IllegalArgumentException("unknown configuration '" + config + "', known: "
                        + StateSizes.configs().keySet());
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> args = (Map<String, Object>) c[1];
            spec = ModelRegistry.standard().create((String) c[0], args);
            model = spec.fit(ModelData.series(FIT));
            state = write(model).toByteArray();
            System.out.println("state of '" + config + "': " + state.length + " bytes (compact), "
                    + ModelStates.toBytes(model).length + " bytes (self-contained)");
        }
    }

    static ByteArrayOutputStream write(FittedModel m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        ModelStates.writeCompact(m, out, ModelRegistry.standard());
        return out;
    }

    @Benchmark
    public ByteArrayOutputStream writeState(Fitted f) throws IOException {
        return write(f.model);
    }

    @Benchmark
    public FittedModel readState(Fitted f) throws IOException {
        return ModelStates.read(new ByteArrayInputStream(f.state), f.spec, ModelRegistry.standard());
    }
}
