package dev.vigil.models;

import dev.vigil.core.seasonality.PeriodDetector;
import dev.vigil.core.seasonality.SeasonalPeriods;
import dev.vigil.core.stats.RobustStats;
import java.util.Locale;

/**
 * Support for {@code period: auto} / {@code seasonality: auto} (a Vigil extension to vmanomaly's
 * arguments): the season length is estimated from the fit data by
 * {@link PeriodDetector#defaults()} instead of being configured. The shortest period found is used
 * (the base season: a daily cycle rather than the weekly one it nests in), because a model that
 * needs two full seasons of data to fit can then fit on the shorter windows.
 *
 * <p>Stateless and thread-safe. Detection is O(n log n) on the fit window.
 */
public final class AutoPeriod {

    /** The argument value asking for detection. */
    public static final String AUTO = "auto";

    private AutoPeriod() {
    }

    /** Whether a raw argument value is {@code auto} (case-insensitive, blanks ignored). */
    public static boolean isAuto(Object raw) {
        return raw instanceof String s && s.trim().toLowerCase(Locale.ROOT).equals(AUTO);
    }

    /**
     * The shortest seasonal period of {@code values} (one per grid step, {@code NaN} when missing),
     * in samples, or {@code 0} when the series shows no significant season.
     */
    public static int detect(double[] values) {
        SeasonalPeriods p = PeriodDetector.defaults().detect(values);
        return p.isEmpty() ? 0 : p.shortest().getAsInt();
    }

    /**
     * The median interval between consecutive timestamps, in ms, at least 1; {@code 1} for fewer
     * than two timestamps. O(n) expected; regularly sampled timestamps (every interval the same) are
     * recognised in one pass without allocating.
     */
    public static long medianStep(long[] ts, int count) {
        if (count < 2) {
            return 1;
        }
        long first = ts[1] - ts[0];
        int i = 2;
        while (i < count && ts[i] - ts[i - 1] == first) {
            i++;
        }
        if (i == count) {
            return Math.max(1, first);
        }
        double[] gaps = new double[count - 1];
        for (int k = 1; k < count; k++) {
            gaps[k - 1] = ts[k] - ts[k - 1];
        }
        return Math.max(1, Math.round(RobustStats.quantileInPlace(gaps, gaps.length, 0.5)));
    }

    /** How a detected period reads in a model's description, e.g. {@code period=24 (auto)}. */
    public static String describe(String name, int period, boolean auto) {
        if (!auto) {
            return name + "=" + period;
        }
        return period == 0 ? name + "=none (auto: no season detected)" : name + "=" + period + " (auto)";
    }
}
