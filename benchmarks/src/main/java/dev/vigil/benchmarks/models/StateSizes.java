package dev.vigil.benchmarks.models;

import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.OnlineModel;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.registry.ModelStates;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The size of a saved model state per series ({@link ModelStates}) for typical configurations: each
 * model fitted on 14 days of 1-minute points ({@link ModelData#series}, 20 160 points), and online
 * models again after one more day of {@code inferAndUpdate} (their state may grow, e.g. the buffer of a
 * t-digest). Both layouts: the self-contained state (arguments included) and the compact one (their
 * fingerprint only). Also the time to write and to read one compact state with its spec (median of
 * 21, after warm-up). Prints a Markdown table (the one in {@code docs/model-state.md}).
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.vigil.benchmarks.models.StateSizes}.
 * Not a JMH benchmark: the times are orders of magnitude.
 */
public final class StateSizes {

    private static final int DAY = 1440;
    private static final int FIT = 14 * DAY;

    private StateSizes() {
    }

    /** Configurations: label, alias, arguments. */
    static Map<String, Object[]> configs() {
        Map<String, Object[]> c = new LinkedHashMap<>();
        c.put("zscore", new Object[] {"zscore", Map.of()});
        c.put("zscore_online", new Object[] {"zscore_online", Map.of()});
        c.put("mad", new Object[] {"mad", Map.of()});
        c.put("mad_online", new Object[] {"mad_online", Map.of()});
        c.put("mad_online decay 0.999", new Object[] {"mad_online", Map.of("decay", 0.999)});
        c.put("quantile_online", new Object[] {"quantile_online", Map.of()});
        c.put("quantile_online decay 0.999", new Object[] {"quantile_online", Map.of("decay", 0.999)});
        c.put("quantile_online 1d / 1h (24 buckets)", new Object[] {"quantile_online", ModelData.args("quantile_online")});
        c.put("rolling_quantile window 240", new Object[] {"rolling_quantile", ModelData.args("rolling_quantile")});
        c.put("rolling_quantile window 1440", new Object[] {"rolling_quantile",
                Map.of("quantile", 0.99, "window_steps", 1440)});
        c.put("std period 1440", new Object[] {"std", ModelData.args("std")});
        c.put("holtwinters trend add, no season", new Object[] {"holtwinters",
                Map.of("args", Map.of("trend", "add", "seasonal", "none"))});
        c.put("holtwinters seasonality 1h", new Object[] {"holtwinters", Map.of("seasonality", "1h")});
        c.put("prophet", new Object[] {"prophet", Map.of()});
        c.put("isolation_forest_univariate", new Object[] {"isolation_forest_univariate", Map.of()});
        c.put("isolation_forest_univariate hod, dow", new Object[] {"isolation_forest_univariate",
                Map.of("seasonal_features", List.of("hod", "dow"))});
        c.put("vigil_online", new Object[] {"vigil_online", Map.of()});
        c.put("temporal_envelope", new Object[] {"temporal_envelope", Map.of()});
        return c;
    }

    /** Prints the table; arguments restrict it to labels containing any of them. */
    public static void main(String[] argv) throws IOException {
        Series s = ModelData.series(FIT + DAY);
        Series train = s.slice(0, FIT);
        Series next = s.slice(FIT, FIT + DAY);
        System.out.println("| model | state (bytes) | compact state (bytes) | compact, after 1 more day online (bytes)"
                + " | write | read |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, Object[]> e : configs().entrySet()) {
            if (argv.length > 0 && List.of(argv).stream().noneMatch(a -> e.getKey().contains(a))) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> args = (Map<String, Object>) e.getValue()[1];
            ModelSpec spec = ModelRegistry.standard().create((String) e.getValue()[0], args);
            FittedModel m = spec.fit(train);
            int full = ModelStates.toBytes(m).length;
            byte[] compact = compact(m);
            double[] times = time(m, compact);
            String after = "";
            if (m instanceof OnlineModel o) {
                o.inferAndUpdate(next);
                after = String.format(Locale.ROOT, "%,d", compact(o).length);
            }
            System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %s | %s | %s |%n", e.getKey(), full, compact.length, after,
                    micros(times[0]), micros(times[1]));
        }
    }

    private static byte[] compact(FittedModel m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelStates.writeCompact(m, out, ModelRegistry.standard());
        return out.toByteArray();
    }

    /** Median nanoseconds to write and to read (with its spec) one compact state, after 0.3 s of warm-up. */
    private static double[] time(FittedModel m, byte[] state) throws IOException {
        ModelSpec spec = m.spec();
        for (long end = System.nanoTime() + 300_000_000L; System.nanoTime() < end; ) {
            ModelStates.read(new ByteArrayInputStream(compact(m)), spec, ModelRegistry.standard());
        }
        int rounds = 21;
        long[] w = new long[rounds];
        long[] r = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            compact(m);
            long t1 = System.nanoTime();
            ModelStates.read(new ByteArrayInputStream(state), spec, ModelRegistry.standard());
            w[i] = t1 - t0;
            r[i] = System.nanoTime() - t1;
        }
        Arrays.sort(w);
        Arrays.sort(r);
        return new double[] {w[rounds / 2], r[rounds / 2]};
    }

    private static String micros(double nanos) {
        return nanos >= 1e6 ? String.format(Locale.ROOT, "%.1f ms", nanos / 1e6)
                : String.format(Locale.ROOT, "%.0f µs", nanos / 1e3);
    }
}
