package dev.vigil.core.decomposition;

import com.github.servicenow.ds.stats.stl.SeasonalTrendLoess;
import java.util.Objects;

/**
 * STL, Seasonal-Trend decomposition using LOESS (R. B. Cleveland, W. S. Cleveland, J. E. McRae and
 * I. Terpenning, 1990, "STL: A Seasonal-Trend Decomposition Procedure Based on Loess", Journal of
 * Official Statistics 6(1)), computed by stl-decomp-4j with the settings of {@link StlConfig}.
 *
 * <p>An inner loop alternates (1) detrending, (2) smoothing each cycle-subseries with LOESS of width
 * {@code seasonal}, (3) removing its low-pass part (moving averages of lengths period, period, 3,
 * then LOESS of width {@code lowPass}) to get the seasonal component, (4) deseasonalising and
 * smoothing with LOESS of width {@code trend} to get the trend. The robust variant repeats the
 * inner loop with bisquare weights {@code B(|r| / (6 median|r|))} of the remainder.
 *
 * <p>Missing values ({@code NaN} or infinite) are filled by linear interpolation before the
 * decomposition (nearest value at the ends), the gaps are then refilled with the first pass's
 * {@code trend + seasonal} and the series decomposed once more (so a gap does not flatten the season);
 * gaps are reported as {@code NaN} in the remainder.
 *
 * <p>Immutable and thread-safe. Cost: O(n · (seasonal + trend + lowPass) · innerIter · (1 + outerIter)).
 */
public final class Stl implements Decomposer {

    private final StlConfig config;

    private Stl(StlConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** An STL decomposer with the given settings. */
    public static Stl of(StlConfig config) {
        return new Stl(config);
    }

    /** An STL decomposer with statsmodels' defaults for {@code period}. */
    public static Stl of(int period, boolean robust) {
        return new Stl(StlConfig.of(period, robust));
    }

    /** The settings. */
    public StlConfig config() {
        return config;
    }

    @Override
    public int period() {
        return config.period();
    }

    @Override
    public Decomposition decompose(double[] values) {
        Objects.requireNonNull(values, "values");
        int p = config.period();
        if (values.length < 2 * p) {
            throw new IllegalArgumentException("STL needs at least two full periods (" + 2 * p + " samples for period "
                    + p + "), got " + values.length);
        }
        double[] filled = Gaps.fillLinear(values);
        if (filled == null) {
            throw new IllegalArgumentException("STL needs at least one finite value, got none in " + values.length
                    + " samples");
        }
        boolean gaps = false;
        for (double v : values) {
            gaps |= !Double.isFinite(v);
        }
        SeasonalTrendLoess.Decomposition d = run(filled);
        if (gaps) {
            // A straight line across a gap flattens the season there; refill the gaps with the first
            // pass's trend + seasonal and decompose once more.
            double[] t = d.getTrend();
            double[] s = d.getSeasonal();
            for (int i = 0; i < filled.length; i++) {
                if (!Double.isFinite(values[i])) {
                    filled[i] = t[i] + s[i];
                }
            }
            d = run(filled);
        }
        double[] trend = d.getTrend();
        double[] seasonal = d.getSeasonal();
        double[] resid = d.getResidual();
        double[] observed = values.clone();
        for (int i = 0; i < observed.length; i++) {
            if (!Double.isFinite(observed[i])) {
                observed[i] = Double.NaN;
                resid[i] = Double.NaN;
            }
        }
        return new Decomposition(p, observed, trend, seasonal, resid);
    }

    private SeasonalTrendLoess.Decomposition run(double[] filled) {
        int p = config.period();
        return new SeasonalTrendLoess.Builder()
                .setPeriodLength(p)
                .setSeasonalWidth(config.seasonal())
                .setSeasonalDegree(config.seasonalDeg())
                .setSeasonalJump(1)
                .setTrendWidth(config.trend())
                .setTrendDegree(config.trendDeg())
                .setTrendJump(1)
                .setLowpassWidth(config.lowPass())
                .setLowpassDegree(config.lowPassDeg())
                .setLowpassJump(1)
                .setInnerIterations(config.innerIter())
                .setRobustnessIterations(config.outerIter()) // robust iff outerIter > 0
                .buildSmoother(filled)
                .decompose();
    }

    @Override
    public String toString() {
        return "Stl" + config;
    }
}
