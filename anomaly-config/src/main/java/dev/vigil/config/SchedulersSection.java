package dev.vigil.config;

import dev.vigil.core.time.Durations;
import dev.vigil.core.time.Timestamps;
import dev.vigil.config.ConfigKey.Section;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Validates the {@code schedulers} section: each alias into a {@link SchedulerConfig} of its class
 * ({@code periodic}, {@code oneoff}, {@code backtesting}; vmanomaly docs, Schedulers, v1.30). Times are
 * kept to the millisecond, as everywhere in the runner. Stateless and thread-safe.
 */
final class SchedulersSection {

    /** Every accepted spelling of a scheduler's {@code class} to its canonical class. */
    static final Map<String, String> CLASSES = Map.of(
            "periodic", "periodic", "scheduler.periodic.PeriodicScheduler", "periodic",
            "oneoff", "oneoff", "scheduler.oneoff.OneoffScheduler", "oneoff",
            "backtesting", "backtesting", "scheduler.backtesting.BacktestingScheduler", "backtesting");

    /** The times vmanomaly (pandas, nanoseconds since 1970 in a long) can represent. */
    private static final Instant EARLIEST = Instant.ofEpochSecond(-9_223_372_036L);
    private static final Instant LATEST = Instant.ofEpochSecond(9_223_372_036L);

    private SchedulersSection() {
    }

    /** The valid schedulers of the section at {@code node} (present), by alias; errors are recorded. */
    static Map<String, SchedulerConfig> validate(Diagnostics diag, Node node) {
        Fields all = Fields.of(diag, "schedulers", node, null);
        return all == null ? Map.of() : all.entries("scheduler", Section.PERIODIC, SchedulersSection::scheduler);
    }

    /** The scheduler of the class {@code f} names (its default, the table's, is {@code periodic}). */
    private static SchedulerConfig scheduler(String alias, Fields f) {
        String kind = f.classOf(CLASSES);
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case "periodic" -> periodic(alias, f);
            case "oneoff" -> oneoff(alias, f.as(Section.ONEOFF));
            default -> backtesting(alias, f.as(Section.BACKTESTING));
        };
    }

    private static SchedulerConfig periodic(String alias, Fields f) {
        f.checkKeys();
        f.refuseIf("scatter_infer_jobs", Boolean.TRUE::equals, "scatter_infer_jobs: true");
        Duration infer = f.duration("infer_every", true);
        Duration fitWindow = f.duration("fit_window", true);
        f.require("infer_every", " (e.g. 1m)");
        f.require("fit_window", " (e.g. 14d)");
        Duration fit = f.duration("fit_every", infer, true);
        f.atLeastSecond("infer_every", infer);
        f.atLeastSecond("fit_window", fitWindow);
        f.atLeastSecond("fit_every", fit);
        if (fit != null && infer != null && fit.compareTo(infer) < 0) {
            f.warn(f.pathOf("fit_every") + " (" + Durations.format(fit) + ") is shorter than infer_every ("
                    + Durations.format(infer) + "): the models are refit more often than they infer, and a refit"
                    + " only takes effect at the next inference; set fit_every >= infer_every");
        }
        ZoneId tz = f.zone("tz");
        String start = f.string("start_from");
        if (start != null && !start.matches("\\d{1,2}:\\d{2}")) {
            try {
                Timestamps.parse(start, tz);
            } catch (IllegalArgumentException e) {
                f.error("start_from", "must be HH:MM or an ISO-8601 time: " + e.getMessage());
            }
        }
        return infer == null || fitWindow == null ? null
                : new SchedulerConfig.Periodic(alias, infer, fit, fitWindow, start, tz);
    }

    private static SchedulerConfig oneoff(String alias, Fields f) {
        f.checkKeys();
        Instant fs = instant(f, "fit_start", false);
        Instant fe = instant(f, "fit_end", false);
        Instant is = instant(f, "infer_start", false);
        Instant ie = instant(f, "infer_end", false);
        order(f, "fit_start", fs, "fit_end", fe);
        order(f, "infer_start", is, "infer_end", ie);
        return fs == null || fe == null || is == null || ie == null ? null
                : new SchedulerConfig.Oneoff(alias, fs, fe, is, ie);
    }

    private static SchedulerConfig backtesting(String alias, Fields f) {
        f.checkKeys();
        Instant from = instant(f, "from", true);
        Instant to = instant(f, "to", true);
        order(f, "from", from, "to", to);
        Duration fw = f.duration("fit_window", true);
        Duration fe = f.duration("fit_every", true);
        f.require("fit_window", " (e.g. PT1H or 1h)");
        f.require("fit_every", " (e.g. PT1H or 1h)");
        f.atLeastSecond("fit_window", fw);
        f.atLeastSecond("fit_every", fe);
        int jobs = f.count("n_jobs", 1);
        boolean inferenceOnly = f.bool("inference_only");
        boolean exact = f.bool("exact");
        Duration ie = f.duration("infer_every", true);
        f.atLeastSecond("infer_every", ie);
        if (ie != null && !exact) {
            f.warn(f.pathOf("infer_every") + " has no effect without exact: true");
        }
        return from == null || to == null || fw == null || fe == null ? null
                : new SchedulerConfig.Backtesting(alias, from, to, fw, fe, inferenceOnly, jobs, exact, ie);
    }

    /**
     * The time given by exactly one of the keys {@code base_iso}, {@code base_s} and, when {@code plain},
     * {@code base}; {@code null} after an error.
     */
    private static Instant instant(Fields f, String base, boolean plain) {
        List<String> keys = plain ? List.of(base, base + "_iso", base + "_s") : List.of(base + "_iso", base + "_s");
        String used = null;
        for (String k : keys) {
            if (f.isSet(k)) {
                if (used != null) {
                    f.error(k, "give only one of " + String.join(", ", keys));
                }
                used = k;
            }
        }
        if (used == null) {
            f.error(base + "_iso", null, "is required (" + base + "_iso: ISO-8601 time, or " + base
                    + "_s: Unix seconds)");
            return null;
        }
        Object v = f.get(used).value();
        if (used.equals(base + "_s") && !(v instanceof Number) && !String.valueOf(v).trim().matches("-?[0-9.eE+-]+")) {
            f.error(used, "must be Unix seconds (a number), got \"" + v + "\"");
            return null;
        }
        Instant t;
        try {
            t = timestamp(v);
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            f.error(used, e.getMessage());
            return null;
        }
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            f.error(used, "is out of range: a time must lie between " + EARLIEST + " and " + LATEST
                    + " (the range of vmanomaly's nanosecond timestamps), got \"" + v + "\"");
            return null;
        }
        return t;
    }

    /** A YAML number is Unix seconds; text is ISO-8601 (naive = UTC) or Unix seconds. Millisecond precision. */
    private static Instant timestamp(Object value) {
        if (value instanceof Number) {
            return Instant.ofEpochMilli(Math.round(((Number) value).doubleValue() * 1000));
        }
        return Timestamps.parse(String.valueOf(value), ZoneId.of("UTC")).truncatedTo(ChronoUnit.MILLIS);
    }

    /** Records an error at {@code end} unless its time is after {@code start}'s. */
    private static void order(Fields f, String start, Instant s, String end, Instant e) {
        if (s != null && e != null && !e.isAfter(s)) {
            f.error(end, null, end + " (" + e + ") must be after " + start + " (" + s + ")");
        }
    }
}
