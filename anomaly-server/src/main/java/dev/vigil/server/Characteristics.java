package dev.vigil.server;

import dev.vigil.core.decomposition.Gaps;
import dev.vigil.core.seasonality.PeriodDetector;
import dev.vigil.core.seasonality.SeasonalPeriods;
import dev.vigil.core.series.Series;
import dev.vigil.core.stats.RobustStats;
import dev.vigil.core.time.Durations;
import dev.vigil.vm.HttpSettings;
import dev.vigil.vm.QueryConfig;
import dev.vigil.vm.QueryResult;
import dev.vigil.vm.ReaderConfig;
import dev.vigil.vm.VmListener;
import dev.vigil.vm.VmReader;
import dev.vigil.vm.VmRequestException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code GET /api/v1/timeseries/characteristics}: per series of a query, what helps choose a model:
 * gaps (missing steps), trend (least-squares slope and the share of variance it explains), seasonal
 * periods (anomaly-core's {@link PeriodDetector}, with daily and weekly flags), spikiness (share of
 * points beyond 3.5 robust standard deviations, by median absolute deviation) and the flat share
 * (steps with no change). Thread-safe; O(series · points) plus the period detector's cost.
 */
final class Characteristics {

    /** Robust z beyond which a point is a spike (Iglewicz and Hoaglin's usual cut). */
    private static final double SPIKE_Z = 3.5;
    private static final int MAX_POINTS = 100_000;

    private final ServerContext ctx;
    private final Datasources datasources;

    Characteristics(ServerContext ctx, Datasources datasources) {
        this.ctx = ctx;
        this.datasources = datasources;
    }

    void register(Router r) {
        r.add("GET", "/api/v1/timeseries/characteristics", this::handle);
    }

    private void handle(Exchange ex) {
        String query = ex.required("query");
        var params = Exchange.JSON.createObjectNode();
        for (String k : new String[] {"step"}) {
            if (ex.param(k) != null) {
                params.put(k, ex.param(k));
            }
        }
        Duration step = TaskRequest.duration(params, "step", Duration.ofMinutes(5));
        Instant end = seconds(ex, "end", ctx.clock().instant());
        Instant start = seconds(ex, "start", end.minus(Duration.ofDays(7)));
        if (!start.isBefore(end)) {
            throw ApiException.invalid("start", "'start' must be before 'end'");
        }
        if (Duration.between(start, end).toMillis() / step.toMillis() > MAX_POINTS) {
            throw ApiException.invalid("step", "more than " + MAX_POINTS + " points per series: use a larger step");
        }
        int limit = integer(ex, "limit", 100);
        HttpSettings ds = datasources.settings(ex.param("datasource_url"), ex.param("tenant_id"), "datasource_url");
        QueryResult data;
        try (VmReader reader = VmReader.create(ReaderConfig.builder(ds).samplingPeriod(step).build(), VmListener.NONE,
                ctx.clock(), new Random(0))) {
            data = reader.read(QueryConfig.builder("characteristics", query).step(step).build(), start, end);
        } catch (VmRequestException e) {
            throw new ApiException(502, "query", "the datasource refused the query: " + e.getMessage());
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Series s : data.series().values()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(describe(s, step.toMillis()));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("step", Durations.format(step));
        body.put("start", start.getEpochSecond());
        body.put("end", end.getEpochSecond());
        body.put("series_total", data.series().size());
        body.put("series", out);
        ex.json(200, body);
    }

    /** The characteristics of one series read at {@code stepMs}. */
    static Map<String, Object> describe(Series s, long stepMs) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("labels", DetectionRun.labels(s.labels()));
        double[] grid = grid(s, stepMs);
        int n = grid.length;
        int missing = 0;
        int longest = 0;
        int run = 0;
        for (double v : grid) {
            if (Double.isFinite(v)) {
                run = 0;
            } else {
                missing++;
                longest = Math.max(longest, ++run);
            }
        }
        m.put("points", n - missing);
        Map<String, Object> gaps = new LinkedHashMap<>();
        gaps.put("missing_steps", missing);
        gaps.put("missing_share", n == 0 ? 0.0 : (double) missing / n);
        gaps.put("longest_gap_steps", longest);
        m.put("gaps", gaps);
        double[] x = n == 0 ? null : Gaps.fillLinear(grid);
        if (x == null || n < 3) {
            m.put("note", "too few points to describe");
            return m;
        }
        m.put("trend", trend(x, stepMs));
        SeasonalPeriods sp = PeriodDetector.defaults().detect(grid);
        List<Map<String, Object>> periods = new ArrayList<>();
        for (int i = 0; i < sp.size(); i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            long ms = sp.periods()[i] * stepMs;
            p.put("period_steps", sp.periods()[i]);
            p.put("period", Durations.format(Duration.ofMillis(ms)));
            p.put("strength", sp.strengths()[i]);
            periods.add(p);
        }
        Map<String, Object> seas = new LinkedHashMap<>();
        seas.put("periods", periods);
        seas.put("daily", near(sp, stepMs, Duration.ofDays(1)));
        seas.put("weekly", near(sp, stepMs, Duration.ofDays(7)));
        m.put("seasonality", seas);
        double[] finite = RobustStats.withoutNaN(grid);
        double med = RobustStats.median(finite);
        double mad = RobustStats.mad(finite);
        int spikes = 0;
        for (double v : finite) {
            if (mad > 0 && Math.abs(v - med) / (1.4826 * mad) > SPIKE_Z) {
                spikes++;
            }
        }
        m.put("spiky_share", (double) spikes / finite.length);
        int flat = 0;
        for (int i = 1; i < n; i++) {
            flat += x[i] == x[i - 1] ? 1 : 0;
        }
        m.put("flat_share", (double) flat / (n - 1));
        return m;
    }

    /** The series on its step grid from its first to its last point, NaN where a step has no point. */
    private static double[] grid(Series s, long stepMs) {
        if (s.isEmpty()) {
            return new double[0];
        }
        long t0 = s.firstTimestamp();
        int n = (int) ((s.lastTimestamp() - t0) / stepMs) + 1;
        double[] g = new double[n];
        java.util.Arrays.fill(g, Double.NaN);
        for (int i = 0; i < s.size(); i++) {
            int k = (int) Math.round((double) (s.timestamp(i) - t0) / stepMs);
            if (k >= 0 && k < n) {
                g[k] = s.value(i);
            }
        }
        return g;
    }

    /** Least-squares slope per hour and R² of the line. */
    private static Map<String, Object> trend(double[] x, long stepMs) {
        int n = x.length;
        double mt = (n - 1) / 2.0;
        double my = 0;
        for (double v : x) {
            my += v;
        }
        my /= n;
        double sty = 0;
        double stt = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sty += (i - mt) * (x[i] - my);
            stt += (i - mt) * (i - mt);
            syy += (x[i] - my) * (x[i] - my);
        }
        double slope = sty / stt;
        double r2 = syy == 0 ? 0 : sty * sty / (stt * syy);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("slope_per_hour", slope * 3_600_000.0 / stepMs);
        t.put("r2", r2);
        t.put("present", r2 >= 0.5);
        return t;
    }

    private static boolean near(SeasonalPeriods sp, long stepMs, Duration d) {
        for (int p : sp.periods()) {
            if (Math.abs(p * stepMs - d.toMillis()) <= Math.max(stepMs, d.toMillis() / 20)) {
                return true;
            }
        }
        return false;
    }

    private static Instant seconds(Exchange ex, String name, Instant def) {
        String v = ex.param(name);
        if (v == null) {
            return def;
        }
        try {
            return Instant.ofEpochMilli((long) (Double.parseDouble(v) * 1000));
        } catch (NumberFormatException e) {
            throw ApiException.invalid(name, "'" + name + "' must be a Unix time in seconds, got \"" + v + "\"");
        }
    }

    private static int integer(Exchange ex, String name, int def) {
        String v = ex.param(name);
        if (v == null) {
            return def;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i >= 1) {
                return i;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.invalid(name, "'" + name + "' must be a whole number >= 1, got \"" + v + "\"");
    }
}
