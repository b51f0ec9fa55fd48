package dev.vigil.benchmarks.seasonal;

import dev.vigil.core.decomposition.Decomposition;
import dev.vigil.core.decomposition.Stl;
import dev.vigil.core.seasonality.PeriodDetector;
import dev.vigil.core.seasonality.SeasonalPeriods;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
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
 * Fit cost of the seasonal machinery on {@link SeasonalSeries}: Holt-Winters ({@code holtwinters},
 * additive season, no trend, estimated initial states: statsmodels' defaults), STL (statsmodels'
 * default widths, non-robust) and automatic period detection. Single-threaded, average time per
 * call. Run e.g. {@code java -jar benchmarks/target/benchmarks.jar 'seasonal.*' -f 1 -wi 2 -w 1s -i 3 -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SeasonalBenchmarks {

    /** Points in the fit window: a week of 5-minute or of 1-minute samples. */
    @Param({"2016", "10080"})
    public int n;

    /** Samples per season (24: hourly data with a daily season; 288: 5-minute data, daily season). */
    @Param({"24", "288"})
    public int period;

    private Series series;
    private double[] values;
    private ModelSpec holtWinters;
    private Stl stl;
    private PeriodDetector detector;

    /** Builds the series and the specs once per trial. */
    @Setup
    public void setUp() {
        values = SeasonalSeries.generate(n, period);
        series = Series.of(SeasonalSeries.timestamps(n), values);
        holtWinters = ModelRegistry.standard().create("holtwinters", Map.of("args", Map.of("seasonal_periods", period)));
        stl = Stl.of(period, false);
        detector = PeriodDetector.defaults();
    }

    /** Holt-Winters fit (grid, then bounded L-BFGS over α, γ and the m + 1 initial states). */
    @Benchmark
    public FittedModel holtWintersFit() {
        return holtWinters.fit(series);
    }

    /** STL decomposition of the whole window. */
    @Benchmark
    public Decomposition stlDecompose() {
        return stl.decompose(values);
    }

    /** Period detection (ACF by FFT, candidates, refinement) on the whole window. */
    @Benchmark
    public SeasonalPeriods detectPeriod() {
        return detector.detect(values);
    }
}
