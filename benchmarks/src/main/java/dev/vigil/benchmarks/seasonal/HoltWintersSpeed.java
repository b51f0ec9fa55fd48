package dev.vigil.benchmarks.seasonal;

import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelRegistry;
import dev.vigil.models.ModelSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Vigil half of the side-by-side Holt-Winters timing ({@code benchmarks/scripts/seasonal/hw_speed.py}):
 * fits the model {@link SeasonalBenchmarks#holtWintersFit} times, warms up, then prints the thread CPU
 * time per fit in ms (the minimum over batches; CPU time rather than wall time because the machines
 * this runs on are shared) and the in-sample SSE. Usage:
 * {@code java -cp benchmarks.jar dev.vigil.benchmarks.seasonal.HoltWintersSpeed n m}.
 */
public final class HoltWintersSpeed {

    private HoltWintersSpeed() {
    }

    /** Arguments: points and season length. */
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int m = Integer.parseInt(args[1]);
        Series s = Series.of(SeasonalSeries.timestamps(n), SeasonalSeries.generate(n, m));
        ModelSpec spec = ModelRegistry.standard().create("holtwinters", Map.of("args", Map.of("seasonal_periods", m)));
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        FittedModel f = null;
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        int warm = 0;
        while (System.nanoTime() < warmEnd || warm < 20) {
            f = spec.fit(s);
            warm++;
        }
        int perBatch = Math.max(1, Math.min(50, warm / 10));
        double best = Double.POSITIVE_INFINITY;
        for (int b = 0; b < 5; b++) {
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < perBatch; i++) {
                f = spec.fit(s);
            }
            best = Math.min(best, (bean.getCurrentThreadCpuTime() - t0) / 1e6 / perBatch);
        }
        Matcher sse = Pattern.compile("sse=([^,]+)").matcher(f.describe());
        Matcher ev = Pattern.compile("evaluations=(\\d+)").matcher(f.describe());
        System.out.println(String.format(Locale.ROOT, "%.3f", best) + " " + (sse.find() ? sse.group(1) : "?") + " "
                + (ev.find() ? ev.group(1) : "?"));
    }
}
