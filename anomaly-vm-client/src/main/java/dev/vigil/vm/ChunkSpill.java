package dev.vigil.vm;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The chunks of one read split by {@code max_points_per_query}, parked on disk as they are parsed, so
 * that a streamed read holds each series' labels and file positions until its last chunk has come, not
 * its points. One file per chunk, written by the one thread that parses that chunk; read back one series
 * at a time, in {@link Labels} order, with positional reads.
 *
 * <p>A record per series and chunk, in native byte order (a file lives for one read on one machine):
 * {@code int size, int notIncreasing, int nonFinite, long previousOffset, long previousSizeAndLength, byte grid},
 * then the timestamps — {@code long first, long step} when they are {@code first + i * step} ({@code grid}
 * 1: what VictoriaMetrics answers for a series without gaps), else {@code long[size]} — then
 * {@code double[size]} values. So a chunk of a series without gaps costs 8 bytes a point on disk. A series
 * answered twice in one chunk (a source that repeats a series) chains its records through
 * {@code previousOffset}, and they are read back in the order they came.
 *
 * <p>The files are opened with {@code DELETE_ON_CLOSE}: on Linux the JDK unlinks them as soon as they are
 * open, so they are never listed and a crash leaves nothing behind; elsewhere {@link #close()} deletes them. Memory: per series
 * its labels, a map entry and 16 bytes per chunk; per chunk a write buffer of {@link #BUFFER} bytes while it
 * is parsed. Thread-safety: {@link Chunk#add} from one thread per chunk, concurrently for different chunks;
 * {@link #drain} after every chunk is done (a happens-before edge, such as {@code Future.get()}, between them).
 */
final class ChunkSpill implements AutoCloseable {

    /** Bytes buffered per chunk before a write to its file. */
    static final int BUFFER = 1 << 20;
    private static final int HEADER = 4 + 4 + 4 + 8 + 8 + 1;

    private final Path dir;
    private final FileChannel[] files;
    /**
     * Per series and chunk, its last record: the offset (-1 when it has none), then its size (points) in
     * the high 32 bits and its length (bytes) in the low 32 bits.
     */
    private final Map<Labels, long[]> index = new ConcurrentHashMap<>();

    private ChunkSpill(Path dir, FileChannel[] files) {
        this.dir = dir;
        this.files = files;
    }

    /**
     * Opens {@code chunks} empty files in {@code dir} (created if missing).
     *
     * @throws IOException when the directory or a file cannot be created; nothing is left behind
     */
    static ChunkSpill open(Path dir, int chunks) throws IOException {
        Files.createDirectories(dir);
        FileChannel[] files = new FileChannel[chunks];
        try {
            for (int c = 0; c < chunks; c++) {
                Path f = Files.createTempFile(dir, "vigil-chunk-", ".bin");
                files[c] = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE,
                        StandardOpenOption.DELETE_ON_CLOSE);
            }
        } catch (IOException | RuntimeException e) {
            closeAll(files, e);
            throw e;
        }
        return new ChunkSpill(dir, files);
    }

    /** Where the files are. */
    Path dir() {
        return dir;
    }

    /** The writer of chunk {@code c}; its file starts empty. */
    Chunk chunk(int c) {
        return new Chunk(c);
    }

    /** Bytes written to the files so far. */
    long bytes() throws IOException {
        long n = 0;
        for (FileChannel f : files) {
            n += f.size();
        }
        return n;
    }

    /** The writer of one chunk's file. Not thread-safe: one thread per chunk. */
    final class Chunk {
        private final int c;
        private final FileChannel file;
        private ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.nativeOrder());
        private long flushed;

        private Chunk(int c) {
            this.c = c;
            this.file = files[c];
        }

        /**
         * Parks {@code s}, a series of this chunk as parsed.
         *
         * @throws WriteFailure when the file cannot be written
         */
        void add(QueryRangeParser.Columns s) {
            try {
                int n = s.size;
                long step = grid(s.ts, n);
                boolean onGrid = step != 0;
                int length = HEADER + (onGrid ? 16 : 8 * n) + 8 * n;
                if (length > buf.remaining()) {
                    flush();
                    if (length > buf.capacity()) {
                        buf = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
                    }
                }
                long[] at = index.computeIfAbsent(s.labels, k -> empty(files.length));
                long offset = flushed + buf.position();
                buf.putInt(n).putInt(s.notIncreasing).putInt(s.nonFinite).putLong(at[2 * c])
                        .putLong(at[2 * c + 1]).put((byte) (onGrid ? 1 : 0));
                if (onGrid) {
                    buf.putLong(s.ts[0]).putLong(step);
                } else {
                    buf.asLongBuffer().put(s.ts, 0, n);
                    buf.position(buf.position() + 8 * n);
                }
                buf.asDoubleBuffer().put(s.vs, 0, n);
                buf.position(buf.position() + 8 * n);
                at[2 * c] = offset;
                at[2 * c + 1] = (long) n << 32 | length;
            } catch (IOException e) {
                throw new WriteFailure(e);
            }
        }

        /** Writes what is buffered; call when the chunk is parsed. */
        void finish() {
            try {
                flush();
            } catch (IOException e) {
                throw new WriteFailure(e);
            }
            buf = null;
        }

        private void flush() throws IOException {
            buf.flip();
            while (buf.hasRemaining()) {
                flushed += file.write(buf, flushed);
            }
            buf.clear();
        }
    }

    /** A chunk's file could not be written. */
    static final class WriteFailure extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        WriteFailure(IOException cause) {
            super(cause);
        }
    }

    /** A chunk's file could not be read back. */
    static final class ReadFailure extends UncheckedIOException {
        private static final long serialVersionUID = 1L;

        ReadFailure(IOException cause) {
            super(cause);
        }
    }

    /** The step {@code d > 0} when {@code ts[i] == ts[0] + i * d} for every {@code i < n}, else 0. */
    private static long grid(long[] ts, int n) {
        if (n < 2) {
            return n == 1 ? 1 : 0;
        }
        long d = ts[1] - ts[0];
        if (d <= 0) {
            return 0;
        }
        for (int i = 2; i < n; i++) {
            if (ts[i] - ts[i - 1] != d) {
                return 0;
            }
        }
        return d;
    }

    private static long[] empty(int chunks) {
        long[] a = new long[2 * chunks];
        Arrays.fill(a, -1);
        return a;
    }

    /**
     * Reads the series back one at a time in {@link Labels} order, each as one column of its records in
     * chunk order (a series' records are removed from the index as it is read), stitches it as
     * {@link VmReader#stitchSeries} does and hands it to {@code sink}. O(points) plus
     * O(series log series) for the order.
     *
     * @return what was dropped, as {@link VmReader#stitch} counts it
     * @throws ReadFailure when a file cannot be read (what {@code sink} throws is thrown as it was)
     */
    DroppedPoints drain(Map<Labels, Long> lastSeen, long floorMs, Consumer<Series> sink) {
        Labels[] order = index.keySet().toArray(new Labels[0]);
        Arrays.sort(order);
        long[] dropped = new long[4];
        ByteBuffer in = ByteBuffer.allocate(BUFFER).order(ByteOrder.nativeOrder());
        try {
            for (Labels labels : order) {
                QueryRangeParser.Columns all = columns(labels, index.remove(labels), in);
                Series s = VmReader.stitchSeries(labels, List.of(all), lastSeen, floorMs, dropped);
                all = null; // handed over with the series
                sink.accept(s);
            }
        } catch (IOException e) {
            throw new ReadFailure(e);
        }
        return new DroppedPoints(dropped[0], (int) dropped[1], dropped[2], (int) dropped[3]);
    }

    /** The series parked, in {@link Labels} order. O(series log series). */
    List<Labels> labels() {
        Labels[] order = index.keySet().toArray(new Labels[0]);
        Arrays.sort(order);
        return Arrays.asList(order);
    }

    /**
     * The points parked for {@code labels}, every chunk's in chunk order, as they were added (nothing
     * dropped or counted); {@code null} when none were. Thread-safe once the chunks are done.
     *
     * @throws ReadFailure when a file cannot be read
     */
    Series load(Labels labels) {
        long[] at = index.get(labels);
        if (at == null) {
            return null;
        }
        QueryRangeParser.Columns all;
        try {
            all = columns(labels, at, null);
        } catch (IOException e) {
            throw new ReadFailure(e);
        }
        return Series.ofOwned(labels, all.size == all.ts.length ? all.ts : Arrays.copyOf(all.ts, all.size),
                all.size == all.vs.length ? all.vs : Arrays.copyOf(all.vs, all.size));
    }

    /**
     * The records of one series ({@code at}: its index entry), every chunk's in chunk order, as one
     * column, sized for the last record of each chunk: exact unless a chunk repeated the series. Reads
     * through {@code in} ({@code null}: a buffer sized for the series), a larger one for a larger record.
     */
    private QueryRangeParser.Columns columns(Labels labels, long[] at, ByteBuffer in) throws IOException {
        long total = 0;
        for (int c = 0; c < files.length; c++) {
            total += at[2 * c] < 0 ? 0 : at[2 * c + 1] >>> 32;
        }
        QueryRangeParser.Columns all = new QueryRangeParser.Columns(labels, (int) total);
        ByteBuffer buf = in != null ? in
                : ByteBuffer.allocate((int) Math.min(BUFFER, HEADER + 16 * total)).order(ByteOrder.nativeOrder());
        for (int c = 0; c < files.length; c++) {
            buf = read(c, at[2 * c], at[2 * c + 1], all, buf, true);
        }
        return all;
    }

    /**
     * Appends to {@code to} the record of one series at {@code offset} in chunk {@code c}, after the
     * records it chains to when {@code earlier}; returns the buffer used.
     */
    private ByteBuffer read(int c, long offset, long sizeAndLength, QueryRangeParser.Columns to, ByteBuffer in,
                            boolean earlier) throws IOException {
        if (offset < 0) {
            return in;
        }
        int length = (int) sizeAndLength;
        if (in.capacity() < length) {
            in = ByteBuffer.allocate(length).order(ByteOrder.nativeOrder());
        }
        in.clear().limit(length);
        for (long p = offset; in.hasRemaining(); ) {
            int r = files[c].read(in, p);
            if (r < 0) {
                throw new IOException("a chunk file in " + dir + " ends before its record at byte " + offset);
            }
            p += r;
        }
        in.flip();
        int n = in.getInt();
        int notIncreasing = in.getInt();
        int nonFinite = in.getInt();
        long previous = in.getLong();
        long previousSizeAndLength = in.getLong();
        boolean onGrid = in.get() == 1;
        if (earlier && previous >= 0) {
            // the series came more than once in this chunk: its earlier records first, then this one again
            ByteBuffer used = read(c, previous, previousSizeAndLength, to, in, true);
            return read(c, offset, sizeAndLength, to, used, false);
        }
        append(to, in, n, notIncreasing, nonFinite, onGrid);
        return in;
    }

    private static void append(QueryRangeParser.Columns to, ByteBuffer in, int n, int notIncreasing, int nonFinite,
                               boolean onGrid) {
        int base = to.size;
        if (to.ts.length < base + n) { // only when a chunk repeated the series
            int cap = Math.max(base + n, to.ts.length * 2);
            to.ts = Arrays.copyOf(to.ts, cap);
            to.vs = Arrays.copyOf(to.vs, cap);
        }
        if (onGrid) {
            long first = in.getLong();
            long step = in.getLong();
            for (int i = 0; i < n; i++) {
                to.ts[base + i] = first + i * step;
            }
        } else {
            in.asLongBuffer().get(to.ts, base, n);
            in.position(in.position() + 8 * n);
        }
        in.asDoubleBuffer().get(to.vs, base, n);
        in.position(in.position() + 8 * n);
        if (base > 0 && n > 0 && to.ts[base] <= to.ts[base - 1]) {
            to.notIncreasing++; // where this record meets the one before
        }
        to.notIncreasing += notIncreasing;
        to.nonFinite += nonFinite;
        to.size = base + n;
    }

    /** Closes (and so deletes) the files. */
    @Override
    public void close() {
        closeAll(files, null);
    }

    private static void closeAll(FileChannel[] files, Throwable failure) {
        for (FileChannel f : files) {
            if (f != null) {
                try {
                    f.close();
                } catch (IOException e) {
                    if (failure != null) {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
    }
}
