package dev.vigil.runner.io;

import dev.vigil.vm.OutputSeries;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps what a failing writer could not send, in memory, and re-sends it ahead of the next write.
 *
 * <p>Each {@link #write} sends the held series first (oldest first), then the new ones, in one call to
 * the wrapped writer. When that call fails with a transient failure (a connection failure, a timeout,
 * an I/O or TLS failure, an HTTP 5xx, 401, 403, 408 or 429), the series it did not write
 * ({@link IoFailure#seriesWritten()} tells which were written) are held for the next write, and the
 * failure is rethrown with a note on what is held. Any other 4xx means the payload itself was refused:
 * those series are dropped at once rather than re-sent forever. So every point is sent until accepted,
 * once, unless it is dropped.
 *
 * <p>The buffer holds at most {@code maxPoints} points ({@link #DEFAULT_MAX_POINTS} unless built
 * otherwise; about 16 bytes each plus the labels of each series). Beyond that the OLDEST points are
 * dropped (whole series, or the oldest points of the oldest series). Dropped points (finite ones: the
 * others are never sent anyway) go to {@link Listener#dropped} per query and scheduler, and one
 * warning per write names how many were dropped; the points held go to {@link Listener#buffered}
 * after every write. {@link #finish()} tries once more to send what is held, then drops and counts it.
 *
 * <p>Thread-safe: {@link #write} and {@link #finish} are serialised on this object. The buffer adds
 * O(points held) work to a write while the target is down; nothing while it is up.
 */
public final class BufferingSeriesWriter implements SeriesWriter {

    /** The default bound of the retry buffer, in points: one million (about 16 MB of timestamps and values). */
    public static final long DEFAULT_MAX_POINTS = 1_000_000;

    private static final Logger LOG = LoggerFactory.getLogger("writer");

    /** Learns what the buffer holds and drops; called under the writer's lock, must be quick and not throw. */
    public interface Listener {
        /** {@code points} points of {@code queryKey}/{@code scheduler} were dropped for good. */
        void dropped(String url, String queryKey, String scheduler, long points);

        /** After a write: the buffer now holds {@code points} points. */
        void buffered(String url, long points);

        /** Ignores everything. */
        Listener NONE = new Listener() {
            @Override
            public void dropped(String url, String queryKey, String scheduler, long points) {
            }

            @Override
            public void buffered(String url, long points) {
            }
        };
    }

    private final SeriesWriter delegate;
    private final long maxPoints;
    private final Listener listener;
    /** Series not yet written, oldest first. Guarded by {@code this}. */
    private final ArrayDeque<OutputSeries> held = new ArrayDeque<>();
    /** Points in {@link #held}, NaN included. Guarded by {@code this}. */
    private long heldPoints;

    /**
     * Wraps {@code delegate}.
     *
     * @param maxPoints the bound of the buffer in points, at least 1
     */
    public BufferingSeriesWriter(SeriesWriter delegate, long maxPoints, Listener listener) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be >= 1, got " + maxPoints);
        }
        this.maxPoints = maxPoints;
    }

    /** The points held for re-sending. */
    public synchronized long heldPoints() {
        return heldPoints;
    }

    @Override
    public synchronized Written write(List<OutputSeries> series) throws IOException {
        Objects.requireNonNull(series, "series");
        int resent = held.size();
        long resentPoints = heldPoints;
        List<OutputSeries> all;
        if (resent == 0) {
            all = series;
        } else {
            all = new ArrayList<>(resent + series.size());
            all.addAll(held);
            all.addAll(series);
        }
        try {
            Written w = delegate.write(all);
            held.clear();
            heldPoints = 0;
            if (resent > 0) {
                LOG.info("writer to {} recovered: re-sent {} point(s) of {} series held since earlier failures",
                        delegate.url(), resentPoints, resent);
            }
            return w;
        } catch (IOException e) {
            throw failed(all, e);
        } finally {
            listener.buffered(delegate.url(), heldPoints);
        }
    }

    /** Holds or drops what {@code e} left unwritten; the failure to rethrow, with a note on that. */
    private IoFailure failed(List<OutputSeries> all, IOException e) {
        String code = IoFailure.codeOf(e);
        int done = e instanceof IoFailure f ? Math.min(f.seriesWritten(), all.size()) : 0;
        List<OutputSeries> rest = all.subList(done, all.size());
        held.clear();
        heldPoints = 0;
        String note;
        if (!isTransient(code)) {
            Map<List<String>, Long> drops = new LinkedHashMap<>();
            for (OutputSeries s : rest) {
                count(drops, s, s.series().finiteCount());
            }
            long n = report(drops, "the target refused them (" + code + ")");
            note = "; " + n + " point(s) dropped: the target refused the payload";
        } else {
            for (OutputSeries s : rest) {
                held.addLast(s);
                heldPoints += s.series().size();
            }
            long dropped = trim();
            note = "; " + heldPoints + " point(s) of " + held.size() + " series held to re-send with the next write"
                    + (dropped > 0 ? ", " + dropped + " older point(s) dropped (buffer bound " + maxPoints + " points)"
                    : "");
        }
        return new IoFailure(code, e.getMessage() + note, e, done);
    }

    /** Drops the oldest points beyond the bound; returns how many finite points were dropped. */
    private long trim() {
        if (heldPoints <= maxPoints) {
            return 0;
        }
        Map<List<String>, Long> drops = new LinkedHashMap<>();
        while (heldPoints > maxPoints) {
            OutputSeries first = held.pollFirst();
            int size = first.series().size();
            long excess = heldPoints - maxPoints;
            if (size <= excess) {
                heldPoints -= size;
                count(drops, first, first.series().finiteCount());
            } else {
                int cut = (int) excess;
                count(drops, first, first.series().slice(0, cut).finiteCount());
                held.addFirst(new OutputSeries(first.variable(), first.queryKey(), first.modelAlias(),
                        first.schedulerAlias(), first.series().slice(cut, size)));
                heldPoints -= cut;
            }
        }
        return report(drops, "the retry buffer is full (" + maxPoints + " points)");
    }

    private static void count(Map<List<String>, Long> drops, OutputSeries s, long points) {
        drops.merge(List.of(s.queryKey(), s.schedulerAlias() == null ? "" : s.schedulerAlias()), points, Long::sum);
    }

    /** Counts the drops and logs them in one line; returns the total. */
    private long report(Map<List<String>, Long> drops, String why) {
        long total = 0;
        for (Map.Entry<List<String>, Long> d : drops.entrySet()) {
            if (d.getValue() > 0) {
                listener.dropped(delegate.url(), d.getKey().get(0), d.getKey().get(1), d.getValue());
                total += d.getValue();
            }
        }
        if (total > 0) {
            LOG.warn("writer to {}: dropped {} point(s) of query_key(s) {}: {}", delegate.url(), total,
                    drops.keySet().stream().map(k -> k.get(0)).distinct().toList(), why);
        }
        return total;
    }

    /** Whether a failure with this code may pass: anything but a 4xx refusing the payload itself. */
    static boolean isTransient(String code) {
        if (code.length() == 3 && code.charAt(0) == '4' && Character.isDigit(code.charAt(1))) {
            return code.equals("401") || code.equals("403") || code.equals("408") || code.equals("429");
        }
        return true;
    }

    /** Tries once more to send what is held (then drops and counts it), and finishes the wrapped writer. */
    @Override
    public synchronized void finish() throws IOException {
        if (!held.isEmpty()) {
            List<OutputSeries> all = new ArrayList<>(held);
            long points = heldPoints;
            try {
                delegate.write(all);
                LOG.info("writer to {}: sent {} held point(s) of {} series at shutdown", delegate.url(), points,
                        all.size());
                held.clear();
                heldPoints = 0;
            } catch (IOException e) {
                int done = e instanceof IoFailure f ? Math.min(f.seriesWritten(), all.size()) : 0;
                Map<List<String>, Long> drops = new LinkedHashMap<>();
                for (OutputSeries s : all.subList(done, all.size())) {
                    count(drops, s, s.series().finiteCount());
                }
                held.clear();
                heldPoints = 0;
                report(drops, "the last attempt at shutdown failed: " + e.getMessage());
            }
            listener.buffered(delegate.url(), heldPoints);
        }
        delegate.finish();
    }

    @Override
    public void afterJob() throws IOException {
        delegate.afterJob();
    }

    @Override
    public String summary() {
        return delegate.summary();
    }

    @Override
    public String url() {
        return delegate.url();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
