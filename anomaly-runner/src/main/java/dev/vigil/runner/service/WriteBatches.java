package dev.vigil.runner.service;

import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.vm.OutputSeries;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The outputs of one job's query, written in batches while the models still run: once
 * {@code batchSeries} output series are gathered, the thread that added the last of them writes them
 * (through {@link JobIo#write}, so each batch is counted and logged as a write) and the list starts
 * over. A job's outputs are then never all in the heap at once: at most one batch being gathered plus
 * one being written per worker thread, instead of five output series per input series of the whole
 * query. {@link #flush()} writes the rest at the end of the job.
 *
 * <p>Thread-safe: model workers add concurrently; writes are serialised (one batch at a time), and a
 * worker that filled a batch waits for the write before it goes on, so a slow target slows the
 * models down rather than letting outputs pile up. {@link #get} and {@link #size} see the batch being
 * gathered only. Adding is amortised O(1) per series.
 */
final class WriteBatches extends AbstractList<OutputSeries> {

    /**
     * Output series per write: 20 000 (4 000 input series with five outputs each); the VictoriaMetrics
     * writer cuts a batch further into requests of its own size.
     */
    static final int DEFAULT_BATCH_SERIES = 20_000;

    private final JobIo io;
    private final SeriesWriter writer;
    private final String scheduler;
    private final String query;
    private final int batchSeries;
    private final Object writing = new Object();
    private List<OutputSeries> gathering = new ArrayList<>();

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
            write(full);
        }
        return !c.isEmpty();
    }

    /** Writes what is gathered (nothing when empty); call once the models are done. */
    void flush() {
        List<OutputSeries> rest;
        synchronized (this) {
            rest = gathering;
            gathering = new ArrayList<>();
        }
        write(rest);
    }

    private void write(List<OutputSeries> batch) {
        synchronized (writing) {
            io.write(writer, scheduler, query, batch);
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
