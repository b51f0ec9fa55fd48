package dev.vigil.benchmarks.seasonal;

import dev.vigil.core.series.Series;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.holtwinters.FittedHoltWinters;
import dev.vigil.models.holtwinters.HoltWintersModels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * The Vigil half of the side-by-side Holt-Winters timing ({@code benchmarks/scripts/seasonal/hw_speed.py}):
 * fits the model {@link SeasonalBenchmarks#holtWintersFit} times, warms up, then times {@code batches}
 * batches of fits and prints the thread CPU time per fit in ms, median and minimum over the batches (CPU
 * time rather than wall time because the machines this runs on are shared), the in-sample SSE and the
 * number of SSE evaluations of the fit. Usage:
 * {@code java -cp benchmarks.jar dev.vigil.benchmarks.seasonal.HoltWintersSpeed n m [batches]}.
 */
public final class HoltWintersSpeed {

    private HoltWintersSpeed() {
    }

    /** Arguments: points and season length. */
    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int m = Integer.parseInt(args[1]);
        int batches = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        Series s = Series.of(SeasonalSeries.timestamps(n), SeasonalSeries.generate(n, m));
        ModelSpec spec = HoltWintersModels.builder().seasonalPeriods(m).build();
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        FittedHoltWinters f = null;
        long warmEnd = System.nanoTime() + 3_000_000_000L;
        int warm = 0;
        while (System.nanoTime() < warmEnd || warm < 20) {
            f = (FittedHoltWinters) spec.fit(s);
            warm++;
        }
        int perBatch = Math.max(1, Math.min(50, warm / 10));
        double[] perFit = new double[batches];
        for (int b = 0; b < batches; b++) {
            long t0 = bean.getCurrentThreadCpuTime();
            for (int i = 0; i < perBatch; i++) {
                f = (FittedHoltWinters) spec.fit(s);
            }
            perFit[b] = (bean.getCurrentThreadCpuTime() - t0) / 1e6 / perBatch;
        }
        Arrays.sort(perFit);
        double median = batches % 2 == 1 ? perFit[batches / 2] : (perFit[batches / 2 - 1] + perFit[batches / 2]) / 2;
        System.out.println(String.format(Locale.ROOT, "%.4f %.4f %.6g %d", median, perFit[0], f.sse(), f.evaluations()));
    }
}
