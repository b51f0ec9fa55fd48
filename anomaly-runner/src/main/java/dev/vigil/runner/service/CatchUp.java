package dev.vigil.runner.service;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The read of a job whose inference catches up from the last point scored of each series
 * ({@code query_from_last_seen_timestamp}, Vigil's default): where the read starts, which points of
 * each series the reader may leave out, and what lies beyond the catch-up limit.
 *
 * <p>A job that fits reads its whole fit window and is given no per-series filter: the fit needs the
 * points already scored too (the protocol still infers only the points after each series' last one).
 *
 * <p>Immutable; O(series) to build, one pass over {@code seen} and no copy of it in the steady state
 * (every series last scored within the limit, so nothing is raised and nothing lies beyond).
 *
 * @param start      the start of the read: the job's, or earlier, right after the oldest last point
 *                   within the limit
 * @param lastSeen   per series, the last point scored raised to the limit: the reader keeps only newer
 *                   points (empty for a job that fits, or when catching up is off); the map given to
 *                   {@link #of} itself when no entry needed raising (read-only either way)
 * @param belowFloor how many series were last scored before the limit: only their reads can have points
 *                   beyond it ({@link #beyond}), so at 0 the check per series read is skipped
 */
record CatchUp(Instant start, Map<Labels, Long> lastSeen, int belowFloor) {

    /** What lay beyond the limit: step slots not read, in how many series. */
    record Beyond(long slots, int series) {

        /** Nothing beyond the limit. */
        static final Beyond NONE = new Beyond(0, 0);

        /** Both added. */
        Beyond plus(Beyond b) {
            return new Beyond(slots + b.slots, series + b.series);
        }
    }

    /**
     * The read of a job that would start at {@code readStart}, for the series last scored at
     * {@code seen} (per series), with the inference floor {@code floor} ({@link Plan#lastSeenFloor};
     * {@link Long#MIN_VALUE}: no catch-up), for a job that {@code fits} or not.
     */
    static CatchUp of(Instant readStart, Map<Labels, Long> seen, long floor, boolean fits) {
        if (floor == Long.MIN_VALUE || seen.isEmpty()) {
            return new CatchUp(readStart, Map.of(), 0);
        }
        long oldest = Long.MAX_VALUE;
        int below = 0;
        for (Long v : seen.values()) {
            long t = v;
            if (t < floor) {
                below++;
                t = floor;
            }
            oldest = Math.min(oldest, t);
        }
        Instant start = oldest + 1 < readStart.toEpochMilli() ? Instant.ofEpochMilli(oldest + 1) : readStart;
        if (fits) {
            return new CatchUp(start, Map.of(), below);
        }
        if (below == 0) {
            return new CatchUp(start, seen, 0);
        }
        Map<Labels, Long> raised = new HashMap<>(seen.size() * 2);
        for (Map.Entry<Labels, Long> e : seen.entrySet()) {
            raised.put(e.getKey(), Math.max(e.getValue(), floor));
        }
        return new CatchUp(start, raised, below);
    }

    /**
     * The step slots in {@code (last scored, floor]} of every series of {@code read} that has points
     * and was last scored before {@code floor}: not read, so not scored (an upper bound of the points
     * missed, as a series may have had gaps there). Counted once: the series' last point then moves
     * past the floor.
     */
    static Beyond beyond(Map<Labels, Long> seen, long floor, long stepMs, List<Series> read) {
        if (floor == Long.MIN_VALUE || seen.isEmpty()) {
            return new Beyond(0, 0);
        }
        long slots = 0;
        int series = 0;
        for (Series s : read) {
            Long t = seen.get(s.labels());
            if (t != null && t < floor && !s.isEmpty() && s.lastTimestamp() > floor) {
                slots += Math.floorDiv(floor, stepMs) - Math.floorDiv(t, stepMs);
                series++;
            }
        }
        return new Beyond(slots, series);
    }
}
