package dev.vigil.vm;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Series parked in a file while they wait to be used, so that a caller that needs a whole read before
 * it can start (groups formed across the read's series) holds each series' labels and file position,
 * not its points; it loads the series of one group at a time. The same file format as the chunks of a
 * split read ({@link VmReader#stream}): 8 bytes a point for a series without gaps, 16 with them.
 *
 * <p>Two phases: {@link #add} the series (one thread), then {@link #labels()} and {@link #get} (any
 * threads); the first read ends the adds. The file is unlinked as soon as it is open where the platform
 * allows it (Linux), so a crash leaves nothing behind; {@link #close()} releases it. Memory: per series its
 * labels, a map entry and 16 bytes; a write buffer of 1 MB until the adds end.
 */
public final class SeriesPark implements AutoCloseable {

    private final ChunkSpill spill;
    private ChunkSpill.Chunk writer;
    private int size;

    private SeriesPark(ChunkSpill spill) {
        this.spill = spill;
        this.writer = spill.chunk(0);
    }

    /**
     * An empty park with its file in {@code dir} (created if missing).
     *
     * @throws IOException when the directory or the file cannot be made
     */
    public static SeriesPark open(Path dir) throws IOException {
        return new SeriesPark(ChunkSpill.open(Objects.requireNonNull(dir, "dir"), 1));
    }

    /**
     * Parks {@code s}. Series with the same labels come back as one, their points in the order added.
     *
     * @throws IllegalStateException when the series were read already
     * @throws UncheckedIOException  when the file cannot be written
     */
    public synchronized void add(Series s) {
        if (writer == null) {
            throw new IllegalStateException("the park was read already; no series can be added");
        }
        QueryRangeParser.Columns c = new QueryRangeParser.Columns(s.labels(), 0);
        c.ts = s.timestamps();
        c.vs = s.values();
        c.size = s.size();
        c.nonFinite = c.size - s.finiteCount();
        writer.add(c);
        size++;
    }

    /** Series added (counting repeats of the same labels). */
    public synchronized int added() {
        return size;
    }

    /** The labels of the series parked, in {@link Labels} order; ends the adds. O(series log series). */
    public List<Labels> labels() {
        seal();
        return spill.labels();
    }

    /**
     * The series parked under {@code labels}, or {@code null}; ends the adds. Thread-safe.
     *
     * @throws UncheckedIOException when the file cannot be read
     */
    public Series get(Labels labels) {
        seal();
        return spill.load(labels);
    }

    private synchronized void seal() {
        if (writer != null) {
            writer.finish();
            writer = null;
        }
    }

    /** Releases (and so deletes) the file. */
    @Override
    public void close() {
        spill.close();
    }
}
