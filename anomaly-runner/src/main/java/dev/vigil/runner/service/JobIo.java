package dev.vigil.runner.service;

import dev.vigil.config.ModelConfig;
import dev.vigil.config.QueryConfig;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.runner.io.IoFailure;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.vm.DroppedPoints;
import dev.vigil.vm.OutputSeries;
import dev.vigil.vm.SeriesPark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read and write of a job, with their metrics and log lines: what a read dropped (non-finite
 * values, timestamps out of order, points beyond the catch-up limit) is counted and logged once per
 * job, and a failed read or write is logged and counted, never thrown, so the service goes on.
 *
 * <p>Thread-safety: stateless apart from the thread-safe metrics; called from any scheduler thread.
 */
final class JobIo {

    private static final Logger READ_LOG = LoggerFactory.getLogger("reader");
    private static final Logger WRITE_LOG = LoggerFactory.getLogger("writer");

    private final RunnerMetrics metrics;

    JobIo(RunnerMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Reads {@code q} for {@code job} (catching up after each series' last scored point within the
     * limit), counts and logs what the read dropped; {@code null} when the read failed (logged, counted).
     */
    List<Series> read(SeriesReader reader, Plan plan, String scheduler, QueryConfig q, Job job,
                      List<ModelConfig> models, SeriesStates st) {
        List<Series> all = new ArrayList<>();
        return read(reader, plan, scheduler, q, job, models, st, false, all::add) ? all : null;
    }

    /**
     * Points a whole read holds in memory before it moves to disk: 4 million (64 MB of columns), so an
     * infer cycle's few points per series stay in memory and a fit's history goes to disk. Tests lower it.
     */
    static volatile long parkAbovePoints = 4_000_000;

    /**
     * {@link #read} for models that need the whole read before they start (multivariate and peer models
     * form groups across it). The series are held in memory up to {@link #parkAbovePoints} points; with a
     * reader that streams and a spill directory (the {@code vm} reader's: {@code VMANOMALY_DATA_DUMPS_DIR}
     * or the JVM's temporary directory), a larger read is parked on disk as it is parsed
     * ({@link SeriesPark}), the series held so far first, and loaded a group or a batch at a time. A park
     * that cannot be opened keeps the series in memory (a warning says so); one that fails while written
     * reads the query again into memory. {@code null} when the read failed (logged, counted). The caller
     * closes what it gets.
     */
    ReadSeries readWhole(SeriesReader reader, Plan plan, String scheduler, QueryConfig q, Job job,
                         List<ModelConfig> models, SeriesStates st) {
        dev.vigil.vm.ReaderConfig client = plan.config().reader().client();
        Path dir = client == null ? null : client.spillDir();
        if (reader.streams() && dir != null) {
            Whole whole = new Whole(q, scheduler, dir);
            if (read(reader, plan, scheduler, q, job, models, st, true, whole)) {
                return whole.park != null ? ReadSeries.parked(whole.park) : ReadSeries.of(whole.held);
            }
            if (whole.park != null) {
                whole.park.close();
            }
            if (!whole.parkFailed) {
                return null;
            }
            READ_LOG.warn("query_key '{}' (scheduler '{}'): cannot park its series in {}; reading it again into"
                    + " memory", q.alias(), scheduler, dir);
        }
        List<Series> all = read(reader, plan, scheduler, q, job, models, st);
        return all == null ? null : ReadSeries.of(all);
    }

    /**
     * The sink of {@link #readWhole}: holds the series until they pass {@link #parkAbovePoints} points,
     * then moves them, and those that follow, to a park in {@code dir}. Used by the reading thread only.
     */
    private static final class Whole implements Consumer<Series> {
        private final QueryConfig q;
        private final String scheduler;
        private final Path dir;
        private List<Series> held = new ArrayList<>();
        private long points;
        private SeriesPark park;
        /** The park could not be opened: the rest of the read stays in memory. */
        private boolean inMemory;
        /** The park failed while written: the series moved to it are gone, the read must be done again. */
        private boolean parkFailed;

        Whole(QueryConfig q, String scheduler, Path dir) {
            this.q = q;
            this.scheduler = scheduler;
            this.dir = dir;
        }

        @Override
        public void accept(Series s) {
            if (park != null) {
                park(s);
                return;
            }
            held.add(s);
            points += s.size();
            if (inMemory || points <= parkAbovePoints) {
                return;
            }
            try {
                park = SeriesPark.open(dir);
            } catch (IOException | RuntimeException e) {
                inMemory = true;
                READ_LOG.warn("query_key '{}' (scheduler '{}'): cannot park its series in {} ({}); holding them"
                        + " in memory", q.alias(), scheduler, dir, e.toString());
                return;
            }
            List<Series> moving = held;
            held = List.of();
            moving.forEach(this::park);
        }

        private void park(Series s) {
            try {
                park.add(s);
            } catch (UncheckedIOException e) {
                parkFailed = true;
                throw e;
            }
        }
    }

    /**
     * {@link #read}, handing each series to {@code sink} as the reader parses it
     * ({@link SeriesReader#stream}); false when the read failed (logged, counted; the series handed on
     * before the failure stay handed on, and their points are caught up by the next job). The time
     * the sink takes is not counted as read time.
     */
    boolean stream(SeriesReader reader, Plan plan, String scheduler, QueryConfig q, Job job,
                   List<ModelConfig> models, SeriesStates st, Consumer<Series> sink) {
        return read(reader, plan, scheduler, q, job, models, st, true, sink);
    }

    private boolean read(SeriesReader reader, Plan plan, String scheduler, QueryConfig q, Job job,
                         List<ModelConfig> models, SeriesStates st, boolean stream, Consumer<Series> sink) {
        metrics.readQueued(reader.url(), q.alias(), scheduler, -1);
        long t0 = System.nanoTime();
        long[] tally = new long[3]; // series, points, nanoseconds in the sink
        try {
            long floor = plan.lastSeenFloor(q, job);
            Map<Labels, Long> seen = floor == Long.MIN_VALUE ? Map.of() : st.lastSeen(scheduler, q.alias(), models);
            CatchUp c = CatchUp.of(job.readStart(), seen, floor, job.fits());
            long stepMs = q.step().toMillis();
            CatchUp.Beyond[] beyond = {CatchUp.Beyond.NONE};
            Consumer<Series> counting = s -> {
                tally[0]++;
                tally[1] += s.size();
                if (c.belowFloor() > 0) {
                    beyond[0] = beyond[0].plus(CatchUp.beyond(seen, floor, stepMs, List.of(s)));
                }
                long s0 = System.nanoTime();
                sink.accept(s);
                tally[2] += System.nanoTime() - s0;
            };
            SeriesReader.Result r;
            if (stream) {
                r = reader.stream(q, c.start(), job.readEnd(), c.lastSeen(), counting);
            } else {
                r = reader.read(q, c.start(), job.readEnd(), c.lastSeen());
                r.series().forEach(counting);
            }
            metrics.read(reader.url(), q.alias(), scheduler, seconds(t0, tally[2]), "200", (int) tally[0], tally[1],
                    r.bytes(), r.parseSeconds());
            reportDropped(scheduler, q.alias(), r.dropped());
            reportBeyond(scheduler, q, plan.catchUpLimit(q), beyond[0], floor);
            if (tally[0] == 0) {
                READ_LOG.warn("No data for query_key '{}' (scheduler '{}') in [{}, {}]", q.alias(), scheduler,
                        c.start(), job.readEnd());
            }
            return true;
        } catch (Exception e) {
            metrics.read(reader.url(), q.alias(), scheduler, seconds(t0, tally[2]), IoFailure.codeOf(e), 0, 0, 0, 0);
            READ_LOG.error("read failed for query_key '{}' (scheduler '{}'){}: {}", q.alias(), scheduler,
                    tally[0] > 0 ? " after " + tally[0] + " series" : "", e.getMessage());
            return false;
        }
    }

    /**
     * Counts the points of one read no model will score, as the reader counted them (NaN, +/-Inf,
     * values that overflowed a double; timestamps going backwards or repeating), and logs each kind
     * once for the job.
     */
    private void reportDropped(String scheduler, String query, DroppedPoints d) {
        if (d.nonFinite() > 0) {
            metrics.readerDropped(query, "non_finite", d.nonFinite());
            READ_LOG.warn("query_key '{}' (scheduler '{}'): {} non-finite or overflowing point(s) in {} series get"
                    + " no score", query, scheduler, d.nonFinite(), d.nonFiniteSeries());
        }
        if (d.outOfOrder() > 0) {
            metrics.readerDropped(query, "out_of_order", d.outOfOrder());
            READ_LOG.warn("query_key '{}' (scheduler '{}'): {} point(s) in {} series dropped because their timestamp"
                    + " is not after the previous point of the series (going backwards or repeating)", query,
                    scheduler, d.outOfOrder(), d.outOfOrderSeries());
        }
    }

    /** Counts and logs, once for the job, the step slots of series that came back beyond the catch-up limit. */
    private void reportBeyond(String scheduler, QueryConfig q, Duration limit, CatchUp.Beyond b, long floor) {
        if (b.slots() > 0) {
            metrics.readerDropped(q.alias(), "catch_up_limit", b.slots());
            READ_LOG.warn("query_key '{}' (scheduler '{}'): {} series resumed after a gap longer than the catch-up"
                    + " limit ({}); up to {} point(s) at or before {} are not scored (query_last_seen_max_lookback"
                    + " raises the limit)", q.alias(), scheduler, b.series(), limit, b.slots(),
                    Instant.ofEpochMilli(floor));
        }
    }

    /** Writes one job's outputs of one query; a failure is logged and counted, never thrown. */
    void write(SeriesWriter writer, String scheduler, String query, List<OutputSeries> out) {
        if (out.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            SeriesWriter.Written w = writer.write(out);
            metrics.wrote(writer.url(), query, scheduler, seconds(t0), "204", w.series(), w.points(), w.bytes(),
                    w.serializeSeconds());
        } catch (Exception e) {
            metrics.wrote(writer.url(), query, scheduler, seconds(t0), IoFailure.codeOf(e), 0, 0, 0);
            WRITE_LOG.error("write failed for query_key '{}' (scheduler '{}'): {}", query, scheduler, e.getMessage());
        }
    }

    private static double seconds(long t0) {
        return seconds(t0, 0);
    }

    private static double seconds(long t0, long excludedNanos) {
        return (System.nanoTime() - t0 - excludedNanos) / 1e9;
    }
}
