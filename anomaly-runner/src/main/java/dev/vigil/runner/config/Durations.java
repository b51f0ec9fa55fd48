package dev.vigil.runner.config;

import dev.vigil.core.time.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The config's durations and timestamps (spec 1.3), on top of the core parsers
 * {@link dev.vigil.core.time.Durations} (Prometheus style {@code 50s}, {@code 1h30m}, {@code -60s}, a
 * bare number of seconds, ISO-8601 {@code PT1M}/{@code P14D}) and {@link Timestamps} (ISO-8601 with or
 * without offset, naive ones in a given zone, Unix seconds). This class only adds what YAML brings: a
 * timestamp may arrive as a number. Stateless and thread-safe.
 */
public final class Durations {

    private Durations() {
    }

    /**
     * A duration.
     *
     * @throws IllegalArgumentException quoting {@code text} when it is not a duration
     */
    public static Duration parse(String text) {
        return dev.vigil.core.time.Durations.parse(text);
    }

    /**
     * A timestamp: a YAML number is Unix seconds; text is read by {@link Timestamps#parse(String, ZoneId)},
     * naive values in {@code zone}. Millisecond precision, as the rest of the runner.
     *
     * @throws IllegalArgumentException quoting the value when it is not a timestamp
     */
    public static Instant parseInstant(Object value, ZoneId zone) {
        if (value instanceof Number) {
            return Instant.ofEpochMilli(Math.round(((Number) value).doubleValue() * 1000));
        }
        Instant t = Timestamps.parse(String.valueOf(value), zone);
        return Instant.ofEpochMilli(t.toEpochMilli());
    }

    /** Prometheus' canonical form ({@code 1h30m}, {@code 45s}, {@code 250ms}, {@code 2w}). */
    public static String format(Duration d) {
        return dev.vigil.core.time.Durations.format(d);
    }
}
