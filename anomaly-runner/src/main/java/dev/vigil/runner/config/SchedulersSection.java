package dev.vigil.runner.config;

import static dev.vigil.runner.config.ConfigKeys.BACKTESTING_FIT_EVERY;
import static dev.vigil.runner.config.ConfigKeys.BACKTESTING_FIT_WINDOW;
import static dev.vigil.runner.config.ConfigKeys.BACKTESTING_INFER_EVERY;
import static dev.vigil.runner.config.ConfigKeys.EXACT;
import static dev.vigil.runner.config.ConfigKeys.FIT_END;
import static dev.vigil.runner.config.ConfigKeys.FIT_START;
import static dev.vigil.runner.config.ConfigKeys.FROM;
import static dev.vigil.runner.config.ConfigKeys.INFERENCE_ONLY;
import static dev.vigil.runner.config.ConfigKeys.INFER_END;
import static dev.vigil.runner.config.ConfigKeys.INFER_START;
import static dev.vigil.runner.config.ConfigKeys.N_JOBS;
import static dev.vigil.runner.config.ConfigKeys.PERIODIC_CLASS;
import static dev.vigil.runner.config.ConfigKeys.PERIODIC_FIT_EVERY;
import static dev.vigil.runner.config.ConfigKeys.PERIODIC_FIT_WINDOW;
import static dev.vigil.runner.config.ConfigKeys.PERIODIC_INFER_EVERY;
import static dev.vigil.runner.config.ConfigKeys.PERIODIC_SCATTER;
import static dev.vigil.runner.config.ConfigKeys.PERIODIC_START_FROM;
import static dev.vigil.runner.config.ConfigKeys.PERIODIC_TZ;
import static dev.vigil.runner.config.ConfigKeys.TO;

import dev.vigil.core.time.Timestamps;
import dev.vigil.runner.config.ConfigKey.Section;
import dev.vigil.runner.config.ConfigKeys.TimeKeys;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
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

    private SchedulersSection() {
    }

    /** The valid schedulers of the section at {@code node} (present), by alias; errors are recorded. */
    static Map<String, SchedulerConfig> validate(Diagnostics diag, Node node) {
        Map<String, SchedulerConfig> out = new LinkedHashMap<>();
        Fields all = Fields.of(diag, "schedulers", node);
        if (all == null) {
            return out;
        }
        if (all.map().isEmpty()) {
            diag.error("schedulers", node, "needs at least one scheduler");
        }
        all.map().forEach((alias, n) -> {
            Fields f = Fields.of(diag, all.pathOf(alias), n);
            SchedulerConfig s = f == null ? null : scheduler(alias, f);
            if (s != null) {
                out.put(alias, s);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    private static SchedulerConfig scheduler(String alias, Fields f) {
        String kind = f.classOf(PERIODIC_CLASS, CLASSES);
        if (kind == null) {
            return null;
        }
        switch (kind) {
            case "periodic":
                return periodic(alias, f);
            case "oneoff":
                return oneoff(alias, f);
            default:
                return backtesting(alias, f);
        }
    }

    private static SchedulerConfig periodic(String alias, Fields f) {
        f.checkKeys(Section.PERIODIC);
        f.refuseIf(PERIODIC_SCATTER, Boolean.TRUE::equals, "scatter_infer_jobs: true");
        Duration infer = f.duration(PERIODIC_INFER_EVERY, true);
        Duration fitWindow = f.duration(PERIODIC_FIT_WINDOW, true);
        f.require(PERIODIC_INFER_EVERY, " (e.g. 1m)");
        f.require(PERIODIC_FIT_WINDOW, " (e.g. 14d)");
        Duration fit = f.duration(PERIODIC_FIT_EVERY, infer, true);
        f.atLeastSecond(PERIODIC_INFER_EVERY, infer);
        f.atLeastSecond(PERIODIC_FIT_WINDOW, fitWindow);
        f.atLeastSecond(PERIODIC_FIT_EVERY, fit);
        ZoneId tz = f.zone(PERIODIC_TZ);
        String start = f.string(PERIODIC_START_FROM);
        if (start != null && !start.matches("\\d{1,2}:\\d{2}")) {
            try {
                Timestamps.parse(start, tz);
            } catch (IllegalArgumentException e) {
                f.error(PERIODIC_START_FROM, "must be HH:MM or an ISO-8601 time: " + e.getMessage());
            }
        }
        return infer == null || fitWindow == null ? null
                : new SchedulerConfig.Periodic(alias, infer, fit, fitWindow, start, tz);
    }

    private static SchedulerConfig oneoff(String alias, Fields f) {
        f.checkKeys(Section.ONEOFF);
        Instant fs = instant(f, FIT_START);
        Instant fe = instant(f, FIT_END);
        Instant is = instant(f, INFER_START);
        Instant ie = instant(f, INFER_END);
        order(f, FIT_START, fs, FIT_END, fe);
        order(f, INFER_START, is, INFER_END, ie);
        return fs == null || fe == null || is == null || ie == null ? null
                : new SchedulerConfig.Oneoff(alias, fs, fe, is, ie);
    }

    private static SchedulerConfig backtesting(String alias, Fields f) {
        f.checkKeys(Section.BACKTESTING);
        Instant from = instant(f, FROM);
        Instant to = instant(f, TO);
        order(f, FROM, from, TO, to);
        Duration fw = f.duration(BACKTESTING_FIT_WINDOW, true);
        Duration fe = f.duration(BACKTESTING_FIT_EVERY, true);
        f.require(BACKTESTING_FIT_WINDOW, " (e.g. PT1H or 1h)");
        f.require(BACKTESTING_FIT_EVERY, " (e.g. PT1H or 1h)");
        f.atLeastSecond(BACKTESTING_FIT_WINDOW, fw);
        f.atLeastSecond(BACKTESTING_FIT_EVERY, fe);
        long jobs = f.integer(N_JOBS);
        if (jobs < 1) {
            f.error(N_JOBS, "must be >= 1, got " + jobs);
        }
        Boolean inferenceOnly = f.bool(INFERENCE_ONLY);
        Boolean exact = f.bool(EXACT);
        Duration ie = f.duration(BACKTESTING_INFER_EVERY, true);
        f.atLeastSecond(BACKTESTING_INFER_EVERY, ie);
        if (ie != null && !Boolean.TRUE.equals(exact)) {
            f.warn(f.pathOf(BACKTESTING_INFER_EVERY) + " has no effect without " + EXACT.name() + ": true");
        }
        return from == null || to == null || fw == null || fe == null ? null
                : new SchedulerConfig.Backtesting(alias, from, to, fw, fe, Boolean.TRUE.equals(inferenceOnly),
                (int) jobs, Boolean.TRUE.equals(exact), ie);
    }

    /** The time given by exactly one of the keys of {@code t}; {@code null} after an error. */
    private static Instant instant(Fields f, TimeKeys t) {
        ConfigKey used = null;
        for (ConfigKey k : t.keys()) {
            if (f.isSet(k)) {
                if (used != null) {
                    f.error(k, "give only one of " + String.join(", ", t.keys().stream().map(ConfigKey::name)
                            .toList()));
                }
                used = k;
            }
        }
        if (used == null) {
            f.error(t.iso().name(), f.node(), "is required (" + t.iso().name() + ": ISO-8601 time, or "
                    + t.seconds().name() + ": Unix seconds)");
            return null;
        }
        Object v = f.get(used).value();
        if (used == t.seconds() && !(v instanceof Number) && !String.valueOf(v).trim().matches("-?[0-9.eE+-]+")) {
            f.error(used, "must be Unix seconds (a number), got \"" + v + "\"");
            return null;
        }
        try {
            return timestamp(v);
        } catch (IllegalArgumentException e) {
            f.error(used, e.getMessage());
            return null;
        }
    }

    /** A YAML number is Unix seconds; text is ISO-8601 (naive = UTC) or Unix seconds. Millisecond precision. */
    private static Instant timestamp(Object value) {
        if (value instanceof Number) {
            return Instant.ofEpochMilli(Math.round(((Number) value).doubleValue() * 1000));
        }
        return Timestamps.parse(String.valueOf(value), ZoneId.of("UTC")).truncatedTo(ChronoUnit.MILLIS);
    }

    private static void order(Fields f, TimeKeys a, Instant ia, TimeKeys b, Instant ib) {
        if (ia != null && ib != null && !ib.isAfter(ia)) {
            f.error(b.base(), f.node(), b.base() + " (" + ib + ") must be after " + a.base() + " (" + ia + ")");
        }
    }
}
