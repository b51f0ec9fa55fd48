package dev.vigil.models;

import dev.vigil.core.series.Series;
import dev.vigil.core.time.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * When {@link Replay} refits a model during a replay, and on which rows: the replay analogue of a
 * vmanomaly {@code periodic} scheduler's {@code fit_every} and {@code fit_window} (vmanomaly docs
 * (v1.30), "Schedulers").
 *
 * <p>Refit ticks fall every {@code every} after the first inferred row (a row count, or a duration
 * measured on the timestamps). At a tick the model is fitted from scratch on the trailing
 * {@code window} that ends just before the tick (a row count, or the rows whose timestamps lie in
 * {@code [tick - window, tick)}), so a refit never sees the row it is about to score or any later
 * one. Online models are refitted too: in vmanomaly each fit resets an online model's state.
 *
 * @param every  the refit cadence
 * @param window the trailing training window of each refit
 */
public record Refit(Span every, Span window) {

    /**
     * A length in rows or in time.
     *
     * @param amount rows, or milliseconds; positive
     * @param rows   whether {@code amount} counts rows
     */
    public record Span(long amount, boolean rows) {

        /** Validates the amount. */
        public Span {
            if (amount < 1) {
                throw new IllegalArgumentException("a refit span must be positive, got " + amount + (rows ? " rows" : " ms"));
            }
        }

        /** {@code n} rows. */
        public static Span ofRows(long n) {
            return new Span(n, true);
        }

        /** A duration, at least one millisecond. */
        public static Span of(Duration d) {
            return new Span(d.toMillis(), false);
        }

        /**
         * Parses a row count ({@code 288}) or a duration in any form {@link Durations#parse} accepts
         * ({@code 2h}, {@code 14d}, {@code PT2H}). A bare number is a row count here, not seconds.
         *
         * @throws IllegalArgumentException with a message quoting the text
         */
        public static Span parse(String text) {
            String s = Objects.requireNonNull(text, "text").trim();
            if (s.matches("\\d+")) {
                long n;
                try {
                    n = Long.parseLong(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("row count too large: \"" + text + "\"", e);
                }
                if (n < 1) {
                    throw new IllegalArgumentException("a row count must be at least 1, got \"" + text + "\"");
                }
                return ofRows(n);
            }
            Duration d = Durations.parse(s);
            if (d.toMillis() < 1) {
                throw new IllegalArgumentException("a duration must be at least 1ms, got \"" + text + "\"");
            }
            return of(d);
        }

        @Override
        public String toString() {
            return rows ? amount + " rows" : Durations.format(Duration.ofMillis(amount));
        }
    }

    /** Validates that both spans are given. */
    public Refit {
        Objects.requireNonNull(every, "every");
        Objects.requireNonNull(window, "window");
    }

    /** Parses both spans with {@link Span#parse}. */
    public static Refit parse(String every, String window) {
        return new Refit(Span.parse(every), Span.parse(window));
    }

    /**
     * The first row of the trailing window of a refit that happens just before row {@code at}, at
     * time {@code tick}: rows {@code [result, at)} are fitted on.
     */
    int windowStart(Series series, int at, long tick) {
        if (window.rows()) {
            return (int) Math.max(0, at - window.amount());
        }
        long from = tick >= Long.MIN_VALUE + window.amount() ? tick - window.amount() : Long.MIN_VALUE;
        return Math.min(at, series.indexAtOrAfter(from));
    }

    @Override
    public String toString() {
        return "every " + every + " on the last " + window;
    }
}
