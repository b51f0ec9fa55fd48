package dev.vigil.runner.service;

import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.vm.OutputSeries;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The outputs of one job's query, written in batches while the models still run: once
 * {@code batchSeries} output series are gathered, the thread that added the last of them hands them to
 * a write thread (through {@link JobIo#write}, so each batch is counted and logged as a write) and the
 * list starts over. The models go on while a batch is encoded and sent; at most one batch per job is
 * being written, and a thread that fills the next one while it is waits for that write before it hands
 * its own on, so a slow target slows the models down rather than letting outputs pile up. A job's
 * outputs are then never all in the heap at once: at most one batch being written, one being gathered
 * and one waiting per worker thread, instead of five output series per input series of the whole
 * query. {@link #flush()} writes the rest at the end of the job and waits for it.
 *
 * <p>Thread-safe: model workers add concurrently; writes are serialised (one batch at a time, in the
 * order handed on). {@link #get} and {@link #size} see the batch being gathered only. Adding is
 * amortised O(1) per series. The write threads are daemons shared by all jobs (one per job writing at
 * the time), ended after a minute idle.
 */
final class WriteBatches extends AbstractList<OutputSeries> {

    /**
     * Output series per write: 20 000 (4 000 input series with five outputs each); the VictoriaMetrics
     * writer cuts a batch further into requests of its own size.
     */
    static final int DEFAULT_BATCH_SERIES = 20_000;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "vigil-write-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final JobIo io;
    private final SeriesWriter writer;
    private final String scheduler;
    private final String query;
    private final int batchSeries;
    private final Object writing = new Object();
    private List<OutputSeries> gathering = new ArrayList<>();
    /** The batch being written (guarded by {@link #writing}). */
    private CompletableFuture<Void> inFlight = CompletableFuture.completedFuture(null);

    WriteBatches(JobIo io, SeriesWriter writer, String scheduler, String query, int batchSeries) {
        if (batchSeries < 1) {
            throw new IllegalArgumentException("batchSeries must be at least 1, got " + batchSeries);
        }
        this.io = io;
        this.writer = writer;
        this.scheduler = scheduler;
        this.query = query;
        this.batchSeries = batchSeries;
    }

    @Override
    public boolean add(OutputSeries s) {
        return addAll(List.of(s));
    }

    @Override
    public boolean addAll(Collection<? extends OutputSeries> c) {
        List<OutputSeries> full = null;
        synchronized (this) {
            gathering.addAll(c);
            if (gathering.size() >= batchSeries) {
                full = gathering;
                gathering = new ArrayList<>();
            }
        }
        if (full != null) {
            handOn(full);
        }
        return !c.isEmpty();
    }

    /** Writes what is gathered (nothing when empty) and waits for every write; call once the models are done. */
    void flush() {
        List<OutputSeries> rest;
        synchronized (this) {
            rest = gathering;
            gathering = new ArrayList<>();
        }
        if (!rest.isEmpty()) {
            handOn(rest);
        }
        synchronized (writing) {
            inFlight.join();
        }
    }

    /** Waits for the batch being written, then starts writing {@code batch} on a write thread. */
    private void handOn(List<OutputSeries> batch) {
        synchronized (writing) {
            inFlight.join();
            // JobIo.write logs and counts a failed write; it does not throw.
            inFlight = CompletableFuture.runAsync(() -> io.write(writer, scheduler, query, batch), WRITERS);
        }
    }

    @Override
    public synchronized OutputSeries get(int index) {
        return gathering.get(index);
    }

    @Override
    public synchronized int size() {
        return gathering.size();
    }
}
