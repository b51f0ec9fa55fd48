package dev.vigil.benchmarks.seasonal;

import dev.vigil.core.series.Series;
import dev.vigil.models.ModelRegistry;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints the in-sample SSE of the Holt-Winters fit that {@link SeasonalBenchmarks#holtWintersFit}
 * times, for the side-by-side script: {@code java -cp benchmarks.jar dev.vigil.benchmarks.seasonal.DescribeFit n m}.
 */
public final class DescribeFit {

    private DescribeFit() {
    }

    /** Arguments: points and season length. */
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int m = Integer.parseInt(args[1]);
        String d = ModelRegistry.standard().create("holtwinters", Map.of("args", Map.of("seasonal_periods", m)))
                .fit(Series.of(SeasonalSeries.timestamps(n), SeasonalSeries.generate(n, m))).describe();
        Matcher sse = Pattern.compile("sse=([^,]+)").matcher(d);
        System.out.println(sse.find() ? sse.group(1) : d);
    }
}
