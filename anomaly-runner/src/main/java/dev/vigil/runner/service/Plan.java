package dev.vigil.runner.service;

import dev.vigil.config.ModelConfig;
import dev.vigil.config.QueryConfig;
import dev.vigil.config.ReaderConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.SchedulerConfig;
import dev.vigil.runner.scheduler.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a validated configuration asks of the service, worked out once: for each scheduler, the
 * queries it reads and the models attached to each (scheduler, query) pair (a model is attached to
 * both by its {@code schedulers} and {@code queries}), the smallest step of its queries, the
 * micro-batch of an {@code exact} backtesting scheduler, and how far inferences catch up
 * ({@code query_from_last_seen_timestamp}, {@code query_last_seen_max_lookback}).
 *
 * <p>Immutable and thread-safe.
 */
final class Plan {

    private final RunnerConfig config;
    private final Map<String, List<String>> queriesBySchedule = new LinkedHashMap<>();
    private final Map<String, Map<String, List<ModelConfig>>> models = new LinkedHashMap<>();
    private final int entities;

    Plan(RunnerConfig config) {
        this.config = config;
        int n = 0;
        for (String s : config.schedulers().keySet()) {
            Set<String> qs = new LinkedHashSet<>();
            Map<String, List<ModelConfig>> byQuery = new LinkedHashMap<>();
            for (String q : config.reader().queries().keySet()) {
                for (ModelConfig m : config.models().values()) {
                    if (m.attached(s, q)) {
                        qs.add(q);
                        byQuery.computeIfAbsent(q, k -> new ArrayList<>()).add(m);
                        n++;
                    }
                }
            }
            queriesBySchedule.put(s, List.copyOf(qs));
            models.put(s, byQuery);
        }
        this.entities = n;
    }

    /** The configuration planned. */
    RunnerConfig config() {
        return config;
    }

    /** The queries {@code scheduler} reads, in the reader's order. */
    List<String> queries(String scheduler) {
        return queriesBySchedule.getOrDefault(scheduler, List.of());
    }

    /** The models attached to both {@code scheduler} and {@code query}, in the config's order. */
    List<ModelConfig> models(String scheduler, String query) {
        return models.getOrDefault(scheduler, Map.of()).getOrDefault(query, List.of());
    }

    /** The number of (scheduler, model, query) triples: the model entities the service runs. */
    int entities() {
        return entities;
    }

    /** Whether {@code scheduler} is a backtesting one (its windows keep no state between them). */
    boolean backtesting(String scheduler) {
        return config.schedulers().get(scheduler) instanceof SchedulerConfig.Backtesting;
    }

    /** The smallest step of the queries {@code scheduler} reads; zero when it reads none. */
    Duration minStep(String scheduler) {
        Duration min = null;
        for (String q : queries(scheduler)) {
            Duration s = config.reader().queries().get(q).step();
            if (min == null || s.compareTo(min) < 0) {
                min = s;
            }
        }
        return min == null ? Duration.ZERO : min;
    }

    /**
     * The micro-batch of an {@code exact} backtesting scheduler in ms ({@code infer_every}, else the
     * smallest step of its queries, at most {@code fit_every}); 0 for any other scheduler.
     */
    long exactEveryMs(String scheduler) {
        if (!(config.schedulers().get(scheduler) instanceof SchedulerConfig.Backtesting b) || !b.exact()) {
            return 0;
        }
        Duration every = b.inferEvery();
        if (every == null) {
            Duration step = minStep(scheduler);
            every = step.isZero() || step.compareTo(b.fitEvery()) > 0 ? b.fitEvery() : step;
        }
        return Math.max(1, every.toMillis());
    }

    /**
     * How far back from the end of its window an inference catches up when
     * {@code query_last_seen_max_lookback} is unset. vmanomaly has no limit then; Vigil catches up by
     * default, so it bounds the catch-up: a series that stopped keeps widening the reads of its query
     * until its last point is this old.
     */
    static final Duration DEFAULT_CATCH_UP = ReaderConfig.DEFAULT_LAST_SEEN_MAX_LOOKBACK;

    /**
     * Whether inferences catch up from the last point scored of each series: the reader's
     * {@code query_from_last_seen_timestamp}, on unless set to {@code false}.
     */
    boolean fromLastSeen() {
        return config.reader().queryFromLastSeenTimestamp();
    }

    /**
     * Whether the inferences of {@code scheduler} leave a series' last point for the next job when it
     * looks like VictoriaMetrics' look-back fill ({@link SeriesProtocol#withoutFill}): periodic
     * schedulers catching up from a VictoriaMetrics reader, where a next job reads the point again.
     */
    boolean holdsBackFill(String scheduler) {
        return fromLastSeen() && config.reader().datasourceUrl() != null
                && config.schedulers().get(scheduler) instanceof SchedulerConfig.Periodic;
    }

    /**
     * How far back an inference of {@code q} may catch up: {@code query_last_seen_max_lookback}, else
     * {@link #DEFAULT_CATCH_UP}; at least one step.
     */
    Duration catchUpLimit(QueryConfig q) {
        Duration lookback = config.reader().queryLastSeenMaxLookback();
        Duration d = lookback == null ? DEFAULT_CATCH_UP : lookback;
        return d.compareTo(q.step()) < 0 ? q.step() : d;
    }

    /**
     * When inferences catch up, how far back one may reach (epoch ms, exclusive):
     * {@code inferEnd - catchUpLimit}, but never later than the job's own inference start (the limit
     * only bounds the catch-up); {@link Long#MIN_VALUE} for a job that does not infer or when
     * catching up is off.
     */
    long lastSeenFloor(QueryConfig q, Job job) {
        if (!fromLastSeen() || !job.infers()) {
            return Long.MIN_VALUE;
        }
        return Math.min(job.inferEnd().minus(catchUpLimit(q)).toEpochMilli(), job.inferStart().toEpochMilli());
    }
}
