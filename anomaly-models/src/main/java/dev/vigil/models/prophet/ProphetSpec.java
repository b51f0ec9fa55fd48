package dev.vigil.models.prophet;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.core.time.Durations;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelArgs;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.internal.BaseModelSpec;
import dev.vigil.models.prophet.ProphetOptions.Holiday;
import dev.vigil.models.prophet.ProphetOptions.Seasonality;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Spec of {@code prophet}: validated arguments. Immutable, thread-safe. */
final class ProphetSpec extends BaseModelSpec {

    private static final List<String> BASE_OUTPUTS = List.of(Columns.YHAT, Columns.YHAT_LOWER, Columns.YHAT_UPPER, "trend",
            "trend_lower", "trend_upper");
    private static final List<String> COMPONENTS = List.of("additive_terms", "multiplicative_terms", "yearly",
            "weekly", "daily", "holidays");

    private final ProphetOptions options;
    private final List<String> outputs;
    private final List<Horizon> forecastAt;
    private final Compression compression;

    /** One {@code forecast_at} offset: its text as written (used in the output names) and its length. */
    record Horizon(String label, long ms) {
    }

    /**
     * {@code compression}: fit on {@code window} aggregates (mean or median) instead of the raw points.
     * With {@code adjustBoundaries}, σ is re-estimated from the raw points' residuals so that the band
     * covers per-point noise, not the smaller noise of the aggregates.
     */
    record Compression(long windowMs, boolean median, boolean adjustBoundaries) {
    }

    private ProphetSpec(ModelArgs args, ProphetOptions options, List<String> outputs, List<Horizon> forecastAt,
            Compression compression) {
        super(args, outputs);
        this.options = options;
        this.outputs = outputs;
        this.forecastAt = forecastAt;
        this.compression = compression;
    }

    static ProphetSpec create(ModelArgs args) {
        List<Seasonality> custom = new ArrayList<>();
        Map<String, Object> pa = args.map("args");
        ModelArgs inner = new ModelArgs(args.model() + " (args)", pa);
        String mode = inner.choice("seasonality_mode", "additive", "additive", "multiplicative");
        boolean mult = mode.equals("multiplicative");
        double sps = inner.positive("seasonality_prior_scale", 10.0);
        Object seas = args.raw("seasonalities");
        if (seas != null) {
            if (!(seas instanceof List)) {
                throw args.error("seasonalities", "must be a list of {name, period, fourier_order, prior_scale, mode}"
                        + " mappings, got " + seas);
            }
            int i = 0;
            for (Object o : (List<?>) seas) {
                custom.add(seasonality(args, "seasonalities[" + i++ + "]", o, sps, mult));
            }
        }
        ZoneId zone = zone(args);
        custom.addAll(tzSeasonalities(args, zone != null, sps, mult));
        List<Horizon> horizons = forecastAt(args);
        Compression compression = compression(args);
        String growth = inner.choice("growth", "linear", "linear", "flat", "logistic");
        if (growth.equals("logistic")) {
            throw inner.error("growth", "\"logistic\" is not supported (needs cap/floor columns); use linear or flat");
        }
        long[] cps = null;
        if (inner.has("changepoints")) {
            List<String> list = inner.strings("changepoints", List.of());
            cps = new long[list.size()];
            for (int i = 0; i < cps.length; i++) {
                cps[i] = parseTime(inner, "changepoints", list.get(i));
            }
        }
        int ncp = inner.integerAtLeast("n_changepoints", 25, 0);
        double cpr = inner.inRange("changepoint_range", 0.8, 0, false, 1, false);
        double cpps = inner.positive("changepoint_prior_scale", 0.05);
        int yearly = seasonalityArg(inner, "yearly_seasonality");
        int weekly = seasonalityArg(inner, "weekly_seasonality");
        int daily = seasonalityArg(inner, "daily_seasonality");
        double hps = inner.positive("holidays_prior_scale", 10.0);
        String hmode = inner.choice("holidays_mode", mode, "additive", "multiplicative");
        List<Holiday> holidays = holidays(inner, hps, hmode.equals("multiplicative"));
        if (inner.has("country_holidays")) {
            inner.raw("country_holidays");
            throw inner.error("country_holidays", "is not supported: country calendars are not bundled; list the days"
                    + " under args.holidays ({holiday, ds, lower_window, upper_window, prior_scale})");
        }
        int mcmc = inner.integerAtLeast("mcmc_samples", 0, 0);
        if (mcmc > 0) {
            throw inner.error("mcmc_samples", "must be 0: only the MAP fit is supported, got " + mcmc);
        }
        double iw = inner.inRange("interval_width", 0.8, 0, true, 1, true);
        int us = inner.integerAtLeast("uncertainty_samples", 1000, 0);
        if (us == 1) {
            throw inner.error("uncertainty_samples", "must be 0 (no intervals) or at least 2, got 1");
        }
        inner.choice("scaling", "absmax", "absmax");
        inner.string("stan_backend", null);
        long seed = (long) inner.number("seed", 0);
        inner.finish();
        for (Seasonality s : custom) {
            if (s.name().equals("holidays") || s.name().equals("trend") || s.name().endsWith("_terms")) {
                throw args.error("seasonalities", "name \"" + s.name() + "\" is reserved");
            }
        }
        ProphetOptions o = new ProphetOptions(growth.equals("flat"), cps, ncp, cpr, cpps, yearly, weekly, daily,
                List.copyOf(custom), mult, sps, holidays, iw, us, seed, zone == null ? ZoneOffset.UTC : zone);
        Set<String> outs = new LinkedHashSet<>(BASE_OUTPUTS);
        List<String> comps = new ArrayList<>(COMPONENTS);
        custom.forEach(s -> comps.add(s.name()));
        holidays.forEach(h -> comps.add(h.name()));
        for (String c : comps) {
            outs.add(c);
            outs.add(c + "_lower");
            outs.add(c + "_upper");
        }
        for (Horizon h : horizons) {
            outs.add("yhat_" + h.label());
            outs.add("yhat_lower_" + h.label());
            outs.add("yhat_upper_" + h.label());
        }
        return new ProphetSpec(args, o, List.copyOf(outs), horizons, compression);
    }

    /**
     * {@code tz_aware} with {@code tz} (the reader query's IANA zone, which the runner passes in; UTC
     * by default): the zone of the seasonal and holiday features, or null when not tz-aware.
     */
    private static ZoneId zone(ModelArgs args) {
        boolean aware = args.bool("tz_aware", false);
        String tz = args.string("tz", "UTC");
        if (!aware) {
            return null;
        }
        try {
            return ZoneId.of(tz.trim());
        } catch (java.time.DateTimeException e) {
            throw args.error("tz", "must be an IANA time zone such as Europe/Berlin, got \"" + tz + "\"");
        }
    }

    /** Period (days) and default Fourier order of vmanomaly's tz_seasonalities. */
    private static final Map<String, double[]> TZ_SEASONALITIES = Map.of(
            "minute", new double[] {1.0 / 24, 2}, // minute of the hour
            "hod", new double[] {1, 4}, // hour of the day
            "dow", new double[] {7, 3}, // day of the week
            "month", new double[] {365.25, 10}); // month of the year

    /**
     * {@code tz_seasonalities}: names ({@code minute}, {@code hod}, {@code dow}, {@code month}) or
     * mappings {name, fourier_order, prior_scale, mode}; local-time Fourier seasonalities. With
     * {@code tz_use_cyclical_encoding} the default order is 1 (one sin/cos pair: the cyclical encoding).
     */
    @SuppressWarnings("unchecked")
    private static List<Seasonality> tzSeasonalities(ModelArgs args, boolean aware, double sps, boolean mult) {
        boolean cyclical = args.bool("tz_use_cyclical_encoding", false);
        Object v = args.raw("tz_seasonalities");
        if (v == null || v instanceof List && ((List<?>) v).isEmpty()) {
            return List.of();
        }
        if (!aware) {
            throw args.error("tz_seasonalities", "needs tz_aware: true, got " + v);
        }
        if (!(v instanceof List)) {
            throw args.error("tz_seasonalities", "must be a list of minute, hod, dow, month or {name, fourier_order,"
                    + " prior_scale, mode} mappings, got " + v);
        }
        List<Seasonality> out = new ArrayList<>();
        int i = 0;
        for (Object o : (List<?>) v) {
            String where = "tz_seasonalities[" + i++ + "]";
            ModelArgs e = o instanceof Map ? new ModelArgs(args.model() + " " + where, (Map<String, ?>) o)
                    : new ModelArgs(args.model() + " " + where, Map.of("name", String.valueOf(o)));
            String name = e.string("name", "").trim();
            double[] def = TZ_SEASONALITIES.get(name);
            if (def == null) {
                throw e.error("name", "must be one of minute, hod, dow, month, got \"" + name + "\"");
            }
            int order = e.integerAtLeast("fourier_order", cyclical ? 1 : (int) def[1], 1);
            double ps = e.positive("prior_scale", sps);
            String mode = e.choice("mode", mult ? "multiplicative" : "additive", "additive", "multiplicative");
            e.finish();
            out.add(new Seasonality(name, def[0], order, ps, mode.equals("multiplicative")));
        }
        return out;
    }

    private static List<Horizon> forecastAt(ModelArgs args) {
        List<Horizon> out = new ArrayList<>();
        for (String h : args.strings("forecast_at", List.of())) {
            long ms;
            try {
                ms = Durations.parse(h).toMillis();
            } catch (IllegalArgumentException e) {
                throw args.error("forecast_at", "entry \"" + h + "\" is not a duration: " + e.getMessage());
            }
            if (ms <= 0) {
                throw args.error("forecast_at", "entries must be positive durations, got \"" + h + "\"");
            }
            out.add(new Horizon(h.strip(), ms));
        }
        return List.copyOf(out);
    }

    @SuppressWarnings("unchecked")
    private static Compression compression(ModelArgs args) {
        if (!args.has("compression") || args.raw("compression") == null) {
            return null;
        }
        Object v = args.raw("compression");
        if (!(v instanceof Map)) {
            throw args.error("compression", "must be a mapping {window, agg_method, adjust_boundaries}, got " + v);
        }
        ModelArgs c = new ModelArgs(args.model() + " compression", (Map<String, ?>) v);
        String w = c.string("window", null);
        if (w == null) {
            throw c.error("window", "is required (e.g. 15m)");
        }
        long ms;
        try {
            ms = Durations.parse(w).toMillis();
        } catch (IllegalArgumentException e) {
            throw c.error("window", "is not a duration: " + e.getMessage());
        }
        if (ms <= 0) {
            throw c.error("window", "must be a positive duration, got \"" + w + "\"");
        }
        boolean median = c.choice("agg_method", "mean", "mean", "median").equals("median");
        boolean adjust = c.bool("adjust_boundaries", true);
        c.finish();
        return new Compression(ms, median, adjust);
    }

    /** AUTO, ON, 0 or an order, from "auto", true/false or a number. */
    private static int seasonalityArg(ModelArgs a, String name) {
        Object v = a.raw(name);
        if (v == null || v instanceof String && ((String) v).trim().equalsIgnoreCase("auto")) {
            a.string(name, "auto");
            return ProphetOptions.AUTO;
        }
        if (v instanceof Boolean || v instanceof String
                && Set.of("true", "false").contains(((String) v).trim().toLowerCase(Locale.ROOT))) {
            return a.bool(name, false) ? ProphetOptions.ON : 0;
        }
        return a.integerAtLeast(name, 0, 0);
    }

    @SuppressWarnings("unchecked")
    private static Seasonality seasonality(ModelArgs args, String where, Object o, double sps, boolean mult) {
        if (!(o instanceof Map)) {
            throw args.error("seasonalities", "entry " + where + " must be a mapping, got " + o);
        }
        ModelArgs s = new ModelArgs(args.model() + " " + where, (Map<String, ?>) o);
        String name = s.string("name", null);
        if (name == null || name.isBlank()) {
            throw s.error("name", "is required");
        }
        if (!s.has("period")) {
            throw s.error("period", "(in days) is required");
        }
        double period = s.positive("period", 1);
        int order = s.integerAtLeast("fourier_order", 0, 1);
        double ps = s.positive("prior_scale", sps);
        String mode = s.choice("mode", mult ? "multiplicative" : "additive", "additive", "multiplicative");
        if (s.has("condition_name")) {
            s.raw("condition_name");
            throw s.error("condition_name", "is not supported (conditional seasonalities need a condition column)");
        }
        s.finish();
        return new Seasonality(name.trim(), period, order, ps, mode.equals("multiplicative"));
    }

    @SuppressWarnings("unchecked")
    private static List<Holiday> holidays(ModelArgs a, double hps, boolean mult) {
        Object v = a.raw("holidays");
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List)) {
            throw a.error("holidays", "must be a list of {holiday, ds, lower_window, upper_window, prior_scale}, got "
                    + v);
        }
        List<Holiday> out = new ArrayList<>();
        int i = 0;
        for (Object o : (List<?>) v) {
            String where = "holidays[" + i++ + "]";
            if (!(o instanceof Map)) {
                throw a.error("holidays", "entry " + where + " must be a mapping, got " + o);
            }
            ModelArgs h = new ModelArgs(a.model() + " " + where, (Map<String, ?>) o);
            String name = h.string("holiday", null);
            if (name == null || name.isBlank()) {
                throw h.error("holiday", "(the name) is required");
            }
            List<String> ds = h.strings("ds", List.of());
            if (ds.isEmpty()) {
                throw h.error("ds", "must list at least one date");
            }
            long[] days = new long[ds.size()];
            for (int d = 0; d < days.length; d++) {
                days[d] = Math.floorDiv(parseTime(h, "ds", ds.get(d)), 86_400_000L);
            }
            int lw = h.integer("lower_window", 0);
            int uw = h.integer("upper_window", 0);
            if (lw > 0 || uw < 0) {
                throw h.error("lower_window", "must be <= 0 and upper_window >= 0, got " + lw + " and " + uw);
            }
            double ps = h.positive("prior_scale", hps);
            h.finish();
            out.add(new Holiday(name.trim(), days, lw, uw, ps, mult));
        }
        return List.copyOf(out);
    }

    /** A date or date-time (UTC): {@code 2024-01-31}, {@code 2024-01-31 12:00:00}, ISO-8601 instants. */
    static long parseTime(ModelArgs a, String name, String s) {
        String v = s.trim();
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (v.endsWith("Z") || v.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return Instant.parse(v.replace(' ', 'T')).toEpochMilli();
            }
            return LocalDateTime.parse(v.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw a.error(name, "must hold dates like 2024-01-31 or 2024-01-31 12:00:00 (UTC), got \"" + s + "\"");
        }
    }

    ProphetOptions options() {
        return options;
    }

    @Override
    public boolean isOnline() {
        return false;
    }

    @Override
    public List<String> availableOutputs() {
        return outputs;
    }

    @Override
    public FittedModel fit(Series train) {
        long[] ms = train.timestamps();
        double[] y = train.values();
        try {
            if (compression == null) {
                return new Fitted(this, ProphetFit.fit(ms, y, options));
            }
            Series agg = compress(train, compression);
            ProphetFit f = ProphetFit.fit(agg.timestamps(), agg.values(), options);
            if (compression.adjustBoundaries()) {
                f = f.withSigma(f.residualSigma(ms, y));
            }
            return new Fitted(this, f);
        } catch (IllegalArgumentException e) {
            throw new ModelConfigException(e.getMessage());
        }
    }

    /**
     * One point per {@code window} (aligned on the first timestamp) holding the mean or median of
     * its finite values, stamped at the mean timestamp of those values; empty windows are dropped.
     * O(n log w).
     */
    static Series compress(Series s, Compression c) {
        long[] ms = s.timestamps();
        double[] y = s.values();
        long[] outT = new long[ms.length];
        double[] outY = new double[ms.length];
        double[] vals = new double[ms.length];
        int out = 0;
        int i = 0;
        while (i < ms.length) {
            long bucket = Math.floorDiv(ms[i] - ms[0], c.windowMs());
            int j = i;
            double sum = 0;
            double tSum = 0;
            int k = 0;
            while (j < ms.length && Math.floorDiv(ms[j] - ms[0], c.windowMs()) == bucket) {
                if (Double.isFinite(y[j])) {
                    sum += y[j];
                    tSum += ms[j] - ms[0];
                    vals[k++] = y[j];
                }
                j++;
            }
            if (k > 0) {
                double v = sum / k;
                if (c.median()) {
                    java.util.Arrays.sort(vals, 0, k);
                    v = k % 2 == 1 ? vals[k / 2] : 0.5 * (vals[k / 2 - 1] + vals[k / 2]);
                }
                outT[out] = ms[0] + Math.round(tSum / k);
                outY[out++] = v;
            }
            i = j;
        }
        return Series.of(s.labels(), java.util.Arrays.copyOf(outT, out), java.util.Arrays.copyOf(outY, out));
    }

    /** A fitted Prophet model. Immutable, thread-safe. */
    static final class Fitted implements FittedModel {
        private final ProphetSpec spec;
        private final ProphetFit fit;

        Fitted(ProphetSpec spec, ProphetFit fit) {
            this.spec = spec;
            this.fit = fit;
        }

        @Override
        public ModelSpec spec() {
            return spec;
        }

        ProphetFit state() {
            return fit;
        }

        @Override
        public Prediction infer(Series data) {
            long[] ms = data.timestamps();
            List<String> provide = spec.provideSeries();
            boolean needBand = provide.contains(Columns.ANOMALY_SCORE) || provide.contains(Columns.YHAT_LOWER)
                    || provide.contains(Columns.YHAT_UPPER);
            boolean trendBand = provide.contains("trend_lower") || provide.contains("trend_upper");
            ProphetFit.Forecast fc = fit.predict(ms, needBand, trendBand);
            Prediction.Builder b = Prediction.builder(data.labels(), ms);
            for (int i = 0; i < ms.length; i++) {
                b.set(i, data.value(i), fc.yhat()[i], fc.lower()[i], fc.upper()[i]);
            }
            List<String> horizonNames = new ArrayList<>();
            for (Horizon h : spec.forecastAt) {
                // Stamped at the inference time, holding the forecast for time + h (vmanomaly's forecast_at).
                String yh = "yhat_" + h.label();
                String lo = "yhat_lower_" + h.label();
                String up = "yhat_upper_" + h.label();
                boolean wantY = provide.contains(Columns.YHAT) || provide.contains(yh);
                boolean wantLo = provide.contains(Columns.YHAT_LOWER) || provide.contains(lo);
                boolean wantUp = provide.contains(Columns.YHAT_UPPER) || provide.contains(up);
                horizonNames.addAll(List.of(yh, lo, up));
                if (!(wantY || wantLo || wantUp)) {
                    continue;
                }
                long[] shifted = new long[ms.length];
                for (int i = 0; i < ms.length; i++) {
                    shifted[i] = ms[i] + h.ms();
                }
                ProphetFit.Forecast ahead = fit.predict(shifted, wantLo || wantUp, false);
                if (wantY) {
                    System.arraycopy(ahead.yhat(), 0, b.extra(yh), 0, ms.length);
                }
                if (wantLo) {
                    System.arraycopy(ahead.lower(), 0, b.extra(lo), 0, ms.length);
                }
                if (wantUp) {
                    System.arraycopy(ahead.upper(), 0, b.extra(up), 0, ms.length);
                }
            }
            for (String name : provide) {
                double[] col = horizonNames.contains(name) ? null : extra(fc, name);
                if (col != null) {
                    System.arraycopy(col, 0, b.extra(name), 0, ms.length);
                }
            }
            spec.pipeline().apply(b);
            return b.build();
        }

        private static double[] extra(ProphetFit.Forecast fc, String name) {
            switch (name) {
                case Columns.ANOMALY_SCORE: case Columns.Y: case Columns.YHAT: case Columns.YHAT_LOWER: case Columns.YHAT_UPPER:
                    return null;
                case "trend": return fc.trend();
                case "trend_lower": return fc.trendLower();
                case "trend_upper": return fc.trendUpper();
                default:
                    String base = name.endsWith("_lower") ? name.substring(0, name.length() - 6)
                            : name.endsWith("_upper") ? name.substring(0, name.length() - 6) : name;
                    double[] c = fc.components().get(base);
                    // A component not in effect for this fit (e.g. daily on daily data) contributes 0.
                    return c != null ? c : new double[fc.yhat().length];
            }
        }

        @Override
        public String describe() {
            return fit.describe();
        }
    }
}
