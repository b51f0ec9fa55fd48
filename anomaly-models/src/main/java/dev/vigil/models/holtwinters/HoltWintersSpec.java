package dev.vigil.models.holtwinters;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.AbstractFittedModel;
import dev.vigil.models.AutoPeriod;
import dev.vigil.models.FittedModel;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.internal.BaseModelSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Spec of {@code holtwinters}. Immutable and thread-safe.
 *
 * <p><b>Fit</b>: the finite points of the fit window are put on a regular grid of step
 * {@code frequency} (default: the median interval of the fit data) from the first to the last
 * point, by linear interpolation between neighbouring points (vmanomaly resamples and interpolates
 * too). The season length m is {@code args.seasonal_periods}, else {@code seasonality / step}, else
 * detected ({@code auto}). The series is then standardised ({@code (y - mean) / sd} for additive
 * forms, {@code y / mean} for multiplicative ones, untouched with Box-Cox) so that the fit is
 * exactly invariant to shifts and scalings where the maths is, and fitted by {@link EsFitter}
 * (statsmodels' procedure). O(n) per objective evaluation, a few thousand evaluations.
 *
 * <p><b>Inference</b>: for a timestamp t, {@code k = (t - t_0) / step}; inside the fit grid
 * ({@code round(k) <= n - 1}) yhat is the in-sample one-step forecast of grid point
 * {@code round(k)} (NaN before the first point); after it yhat is the {@code h = round(k - (n - 1))}
 * steps ahead forecast from the end of the fit window. The band is {@code yhat ± z_threshold · σ_h}:
 * σ is the population standard deviation of the in-sample one-step errors (original scale), and
 * {@code σ_h = σ · sqrt(v_h)} widens it with the horizon by the exponential-smoothing forecast
 * variance ({@link EsFit#horizonVarianceFactor}; {@code v_h = 1} inside the fit window and one step
 * after it). vmanomaly only documents "forecast + z-based band"; a band that stays one-step wide flags
 * every point of a harmless drift until the next fit (NAB standard score 33.5 instead of 42.2 under the
 * 2-hour refit schedule, {@code docs/quality.md}).
 */
final class HoltWintersSpec extends BaseModelSpec {

    private static final List<String> OUTPUTS = Columns.BAND;

    /** Grids longer than this are refused (a frequency far below the sampling interval). */
    static final int MAX_GRID = 5_000_000;

    private final double z;
    private final long frequencyMs;
    private final long seasonalityMs;
    private final boolean autoSeason;
    private final int seasonalPeriods;
    private final int trend;
    private final boolean damped;
    private final int seasonal;
    private final EsConfig.Init init;
    private final double boxCox;
    private final double alpha;
    private final double beta;
    private final double gamma;
    private final double phi;
    private final double knownLevel;
    private final double knownTrend;
    private final double[] knownSeasonal;

    HoltWintersSpec(ModelArgs args) {
        super(args, OUTPUTS);
        this.z = args.positive("z_threshold", HoltWintersModels.DEFAULT_Z_THRESHOLD);
        String freq = args.string("frequency", null);
        this.frequencyMs = freq == null ? 0 : args.positiveMillis("frequency", freq);
        String seas = args.string("seasonality", null);
        boolean auto = AutoPeriod.isAuto(seas);
        this.seasonalityMs = seas == null || auto ? 0 : args.positiveMillis("seasonality", seas);

        Map<String, Object> inner = args.map("args");
        Map<String, Object> prefixed = new LinkedHashMap<>();
        inner.forEach((k, v) -> prefixed.put("args." + k, v));
        ModelArgs a = new ModelArgs(args.model(), prefixed);
        this.trend = component(a, prefixed, "args.trend", "none");
        this.damped = a.bool("args.damped_trend", false);
        if (damped && trend == Smoother.NONE) {
            throw a.error("args.damped_trend", "needs a trend (args.trend: add or mul)");
        }
        this.seasonal = component(a, prefixed, "args.seasonal", "add");
        Object sp = a.has("args.seasonal_periods") ? prefixed.get("args.seasonal_periods") : null;
        if (AutoPeriod.isAuto(sp)) {
            a.string("args.seasonal_periods", null);
            auto = true;
            this.seasonalPeriods = 0;
        } else {
            this.seasonalPeriods = a.has("args.seasonal_periods") ? a.integerAtLeast("args.seasonal_periods", 0, 2) : 0;
        }
        if (seasonal != Smoother.NONE && seasonalPeriods == 0 && seasonalityMs == 0 && !auto) {
            // No season given: detect it (HoltWintersModels.DEFAULT_SEASONALITY), recorded as resolved.
            args.string("seasonality", HoltWintersModels.DEFAULT_SEASONALITY);
            auto = true;
        }
        this.autoSeason = auto;
        if (frequencyMs > 0 && seasonalityMs > 0 && seasonalPeriods == 0) {
            if (seasonalityMs % frequencyMs != 0 || seasonalityMs / frequencyMs < 2) {
                throw args.error("seasonality", "must be a whole multiple (at least 2) of frequency, got \"" + seas
                        + "\" for frequency \"" + freq + "\"");
            }
        }
        String im = a.choice("args.initialization_method", "estimated", "estimated", "heuristic", "known");
        this.init = EsConfig.Init.valueOf(im.toUpperCase(Locale.ROOT));
        Object bc = prefixed.get("args.use_boxcox");
        if (bc instanceof Number) {
            this.boxCox = a.number("args.use_boxcox", Double.NaN);
        } else if (bc instanceof String s && s.trim().equalsIgnoreCase("log")) {
            a.string("args.use_boxcox", null);
            this.boxCox = 0.0;
        } else {
            this.boxCox = a.bool("args.use_boxcox", false) ? EsConfig.BOXCOX_ESTIMATE : Double.NaN;
        }
        this.alpha = unit(a, "args.smoothing_level");
        this.beta = unit(a, "args.smoothing_trend");
        this.gamma = unit(a, "args.smoothing_seasonal");
        this.phi = unit(a, "args.damping_trend");
        if (init == EsConfig.Init.KNOWN) {
            if (!a.has("args.initial_level")) {
                throw a.error("args.initial_level", "is required with initialization_method: known");
            }
            this.knownLevel = a.number("args.initial_level", Double.NaN);
            if (trend != Smoother.NONE && !a.has("args.initial_trend")) {
                throw a.error("args.initial_trend", "is required with initialization_method: known and a trend");
            }
            this.knownTrend = trend == Smoother.NONE ? 0.0 : a.number("args.initial_trend", Double.NaN);
            if (seasonal != Smoother.NONE && !a.has("args.initial_seasonal")) {
                throw a.error("args.initial_seasonal", "is required with initialization_method: known and a season");
            }
            this.knownSeasonal = seasonal == Smoother.NONE ? new double[0] : a.numbers("args.initial_seasonal", null);
        } else {
            this.knownLevel = Double.NaN;
            this.knownTrend = Double.NaN;
            this.knownSeasonal = null;
        }
        a.finish();
    }

    /** add, mul (or their long names) or none; an explicit null (YAML {@code ~}) is none, as Python's None. */
    private static int component(ModelArgs a, Map<String, Object> raw, String name, String def) {
        if (raw.containsKey(name) && raw.get(name) == null) {
            a.raw(name);
            return Smoother.NONE;
        }
        String s = a.choice(name, def, "add", "mul", "additive", "multiplicative", "none");
        switch (s) {
            case "add": case "additive": return Smoother.ADD;
            case "mul": case "multiplicative": return Smoother.MUL;
            default: return Smoother.NONE;
        }
    }

    private static double unit(ModelArgs a, String name) {
        return a.has(name) ? a.inRange(name, Double.NaN, 0.0, false, 1.0, false) : Double.NaN;
    }

    @Override
    public boolean isOnline() {
        return false;
    }

    @Override
    public List<String> availableOutputs() {
        return OUTPUTS;
    }

    @Override
    public FittedModel fit(Series train) {
        int count = train.finiteCount();
        Workspace ws = Workspace.forSamples(count);
        long[] ts = ws.longs(count);
        double[] vs = ws.doubles(Workspace.VALUES, count);
        int k = 0;
        for (int i = 0; i < train.size(); i++) {
            double v = train.value(i);
            if (Double.isFinite(v)) {
                ts[k] = train.timestamp(i);
                vs[k++] = v;
            }
        }
        int minPoints = seasonalPeriods > 0 ? 2 * seasonalPeriods : 2;
        if (count < minPoints) {
            throw new InsufficientDataException("model 'holtwinters' needs at least " + minPoints
                    + " finite points to fit" + (seasonalPeriods > 0 ? " (two seasons of " + seasonalPeriods + ")" : "")
                    + ", got " + count);
        }
        long step = frequencyMs > 0 ? frequencyMs : AutoPeriod.medianStep(ts, count);
        long span = ts[count - 1] - ts[0];
        if (span / step + 1 > MAX_GRID) {
            throw new ModelConfigException("model 'holtwinters': the fit window spans " + (span / step + 1)
                    + " steps of " + step + " ms (argument 'frequency'); at most " + MAX_GRID + " are allowed");
        }
        int n = (int) (span / step) + 1;
        // scratch, exactly n long (standardised in place below)
        double[] y = resample(ts, vs, count, step, n, n <= Workspace.MAX_REUSED ? ws.exactly(Workspace.GRID, n) : new double[n]);
        int m = seasonal == Smoother.NONE ? 0 : seasonalPeriods;
        if (seasonal != Smoother.NONE && m == 0) {
            if (autoSeason) {
                m = AutoPeriod.detect(y);
            } else {
                long q = Math.round((double) seasonalityMs / step);
                if (q < 2) {
                    throw new ModelConfigException("model 'holtwinters': argument 'seasonality' (" + seasonalityMs
                            + " ms) must span at least 2 sampling steps of " + step + " ms");
                }
                m = (int) Math.min(q, Integer.MAX_VALUE);
            }
        }
        int seasonalUsed = m == 0 ? Smoother.NONE : seasonal;
        int need = m > 0 ? 2 * m : 2;
        if (m > 0 && init == EsConfig.Init.HEURISTIC) {
            need = Math.max(need, 10 + 2 * (m / 2));
        } else if (m == 0 && init == EsConfig.Init.HEURISTIC) {
            need = Math.max(need, 10);
        }
        if (n < need) {
            throw new InsufficientDataException("model 'holtwinters' needs at least " + need + " grid points to fit"
                    + (m > 0 ? " (two seasons of " + m + " points)" : "") + ", got " + n + " (step " + step + " ms)");
        }
        if (init == EsConfig.Init.KNOWN && seasonalUsed != Smoother.NONE && knownSeasonal.length != m) {
            throw new ModelConfigException("model 'holtwinters': argument 'args.initial_seasonal' must hold one value per"
                    + " point of the season (" + m + "), got " + knownSeasonal.length);
        }
        boolean mulAny = trend == Smoother.MUL || seasonalUsed == Smoother.MUL;
        if (mulAny || !Double.isNaN(boxCox)) {
            for (int i = 0; i < count; i++) {
                if (!(vs[i] > 0)) {
                    throw new ModelConfigException("model 'holtwinters': " + (mulAny
                            ? "multiplicative components (args.trend/args.seasonal: mul)" : "args.use_boxcox")
                            + " need strictly positive data, but the fit window holds " + vs[i] + " at timestamp "
                            + ts[i] + " ms; use additive components instead");
                }
            }
        }
        // Standardise (see the class comment); Box-Cox forms are fitted as given.
        double center = 0;
        double scale = 1;
        if (Double.isNaN(boxCox)) {
            // Values near the double maximum: the sums below would overflow, so they are taken on the
            // values times an exact power of two (1 for ordinary data, whose arithmetic is unchanged).
            double unit = Math.scalb(1.0, -largeExponent(y, n));
            double mean = 0;
            for (double v : y) {
                mean += v * unit;
            }
            mean /= n;
            if (mulAny) {
                scale = mean / unit;
                for (int i = 0; i < n; i++) {
                    y[i] = y[i] * unit / mean;
                }
            } else {
                double var = 0;
                for (double v : y) {
                    double d = v * unit - mean;
                    var += d * d;
                }
                double sd = Math.sqrt(var / n);
                center = mean / unit;
                scale = sd > 0 ? sd / unit : 1.0;
                double sdu = sd > 0 ? sd : unit;
                for (int i = 0; i < n; i++) {
                    y[i] = (y[i] * unit - mean) / sdu;
                }
            }
        }
        double[] yz = y;
        double kl = Double.NaN;
        double kt = Double.NaN;
        double[] ks = null;
        if (init == EsConfig.Init.KNOWN) {
            kl = (knownLevel - center) / scale;
            kt = trend == Smoother.ADD ? knownTrend / scale : knownTrend;
            if (seasonalUsed != Smoother.NONE) {
                ks = knownSeasonal.clone();
                if (seasonalUsed == Smoother.ADD) {
                    for (int j = 0; j < ks.length; j++) {
                        ks[j] /= scale;
                    }
                }
            }
        }
        EsConfig c = new EsConfig(trend, damped, seasonalUsed, m, init, boxCox, alpha, beta, gamma, phi, kl, kt, ks);
        EsFit fit;
        try {
            fit = EsFitter.fit(yz, c);
        } catch (IllegalArgumentException e) {
            throw new ModelConfigException("model 'holtwinters': " + e.getMessage());
        }
        return new Fitted(this, fit, center, scale, ts[0], step, autoSeason);
    }

    /**
     * The power of two (as an exponent, 0 for ordinary data) by which values are divided before
     * their sums are taken, so that sums of up to {@link #MAX_GRID} squared deviations cannot
     * overflow: the largest magnitude is brought to about 2^480.
     */
    static int largeExponent(double[] y, int n) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(y[i]));
        }
        return Math.max(0, Math.getExponent(max) - 480);
    }

    /** Linear interpolation of the points (ts, vs) at {@code t_0 + i · step}, i in [0, n). O(count + n). */
    static double[] resample(long[] ts, double[] vs, int count, long step, int n) {
        return resample(ts, vs, count, step, n, new double[n]);
    }

    /** {@link #resample(long[], double[], int, long, int)} into {@code y} (at least n long), which is returned. */
    static double[] resample(long[] ts, double[] vs, int count, long step, int n, double[] y) {
        int j = 0;
        long t0 = ts[0];
        for (int i = 0; i < n; i++) {
            long t = t0 + i * step;
            while (j + 1 < count && ts[j + 1] <= t) {
                j++;
            }
            if (ts[j] == t || j + 1 >= count) {
                y[i] = vs[j];
            } else {
                double w = (double) (t - ts[j]) / (ts[j + 1] - ts[j]);
                double d = vs[j + 1] - vs[j];
                // neighbours of opposite sign near the double maximum: a difference that overflows
                y[i] = Double.isInfinite(d) ? vs[j] * (1 - w) + vs[j + 1] * w : vs[j] + w * d;
            }
        }
        return y;
    }

    /** A fitted Holt-Winters model. Immutable, thread-safe. */
    static final class Fitted extends AbstractFittedModel<HoltWintersSpec> implements FittedHoltWinters {
        private final EsFit fit;
        private final double center;
        private final double scale;
        private final long t0;
        private final long step;
        private final boolean autoSeason;
        private final double sigma;

        Fitted(HoltWintersSpec spec, EsFit fit, double center, double scale, long t0, long step, boolean autoSeason) {
            super(spec, spec.pipeline());
            this.fit = fit;
            this.center = center;
            this.scale = scale;
            this.t0 = t0;
            this.step = step;
            this.autoSeason = autoSeason;
            this.sigma = fit.residStd() * scale;
        }

        /** yhat at grid index {@code idx} (original scale): in-sample inside the fit grid, NaN before it. */
        double yhat(long idx) {
            int n = fit.size();
            double v;
            if (idx < 0) {
                return Double.NaN;
            } else if (idx <= n - 1) {
                v = fit.fittedAt((int) idx);
            } else {
                v = fit.forecastAt(idx - (n - 1));
            }
            double r = center + scale * v;
            if (Double.isInfinite(r)) {
                // an intermediate overflow near the double maximum; a forecast beyond it saturates
                r = saturate(2 * (0.5 * center + (0.5 * scale) * v));
            }
            return r;
        }

        /** {@code v} limited to the finite doubles ({@code NaN} stays {@code NaN}). */
        static double saturate(double v) {
            return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, v));
        }

        @Override
        protected void predict(Prediction.Builder out, int i, long t, double y, double[][] extras) {
            long idx = Math.round((double) (t - t0) / step);
            double yh = yhat(idx);
            // The h-steps-ahead error spreads more than the one-step error the fit measured.
            long h = idx - (fit.size() - 1);
            double half1 = spec().z * sigma;
            double half = h <= 1 ? half1 : half1 * Math.sqrt(fit.horizonVarianceFactor(h));
            out.set(i, y, yh, saturate(yh - half), saturate(yh + half));
        }

        @Override
        public int seasonalPeriods() {
            return fit.config().seasonal() == Smoother.NONE ? 0 : fit.config().m();
        }

        EsFit esFit() {
            return fit;
        }

        HoltWintersState state() {
            return new HoltWintersState(fit, center, scale, t0, step, autoSeason);
        }

        @Override
        public double sse() {
            return fit.sse() * scale * scale;
        }

        @Override
        public double alpha() {
            return fit.alpha();
        }

        @Override
        public double beta() {
            return fit.config().trend() == Smoother.NONE ? Double.NaN : fit.beta();
        }

        @Override
        public double gamma() {
            return fit.config().seasonal() == Smoother.NONE ? Double.NaN : fit.gamma();
        }

        @Override
        public double phi() {
            return fit.phi();
        }

        @Override
        public double boxCoxLambda() {
            return fit.lambda();
        }

        @Override
        public double residStd() {
            return sigma;
        }

        @Override
        public long stepMillis() {
            return step;
        }

        @Override
        public int gridSize() {
            return fit.size();
        }

        @Override
        public int evaluations() {
            return fit.evaluations();
        }

        @Override
        public String describe() {
            EsConfig c = fit.config();
            StringBuilder s = new StringBuilder("holtwinters(trend=").append(EsConfig.name(c.trend()))
                    .append(c.damped() ? " damped" : "").append(", seasonal=").append(EsConfig.name(c.seasonal()));
            if (spec().seasonal != Smoother.NONE) {
                s.append(", ").append(AutoPeriod.describe("seasonal_periods", seasonalPeriods(), autoSeason));
            }
            s.append(String.format(Locale.ROOT, ", alpha=%.4g", fit.alpha()));
            if (c.trend() != Smoother.NONE) {
                s.append(String.format(Locale.ROOT, ", beta=%.4g", fit.beta()));
            }
            if (c.seasonal() != Smoother.NONE) {
                s.append(String.format(Locale.ROOT, ", gamma=%.4g", fit.gamma()));
            }
            if (c.damped()) {
                s.append(String.format(Locale.ROOT, ", phi=%.4g", fit.phi()));
            }
            if (!Double.isNaN(fit.lambda())) {
                s.append(String.format(Locale.ROOT, ", boxcox_lambda=%.4g", fit.lambda()));
            }
            s.append(String.format(Locale.ROOT, ", sse=%.6g, resid_std=%.6g, step=%d ms, n=%d, evaluations=%d)",
                    sse(), sigma, step, fit.size(), fit.evaluations()));
            return s.toString();
        }
    }
}
