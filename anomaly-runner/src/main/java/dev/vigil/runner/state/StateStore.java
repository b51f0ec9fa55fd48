package dev.vigil.runner.state;

import dev.vigil.core.series.Labels;
import dev.vigil.models.FittedModel;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.registry.ModelStates;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of the persisted combinations on disk: one file per (scheduler, model, query) in
 * {@code $VMANOMALY_MODEL_DUMPS_DIR/vigil-state/}, holding the combination's configuration signature,
 * the time of its last fit, and every series' labels, last inferred timestamp and model state
 * ({@link ModelStates#writeCompact}).
 *
 * <p>Crash safety: a file is written whole to a new temporary file in the same directory, forced to
 * disk ({@code fsync}), then renamed over the previous one in one atomic step, and the directory is
 * forced too. A process killed at any moment therefore leaves either the previous complete file or
 * the new complete one, never a mix; a temporary file left by a crash is never read and is deleted
 * at the next start. Each file ends with a CRC-32 of its content, so a file damaged on disk is
 * refused (and its combination refitted) instead of being half read: {@link #load} verifies it
 * before using any of it.
 *
 * <p>Beside each state file, a last-seen file ({@link #writeLastSeen}) may hold newer last inferred
 * timestamps per series (magic {@code VGSN}, version, scheduler, model, query, series count, then per
 * series its labels and timestamp, then the CRC-32); a restart takes the newer of both.
 *
 * <p>Format (big-endian): magic {@code VGST}, version {@code 1}, scheduler, model, query, signature
 * (modified UTF-8 strings), last fit (int64 epoch ms), series count (int32), then per series: label
 * count (int32) and label name/value strings, last inferred timestamp (int64, {@link Long#MIN_VALUE}
 * when none), model state length (int32, {@code -1} without a model) and bytes; then the CRC-32
 * (int32) of everything before it.
 *
 * <p>Thread-safety: different combinations may be written from different threads at once; writes of
 * one combination must not overlap (the service writes each combination from its job thread).
 */
public final class StateStore {

    /** The directory under {@code VMANOMALY_MODEL_DUMPS_DIR} that holds Vigil's state. */
    public static final String DIR_NAME = "vigil-state";

    /** The directory under {@code VMANOMALY_MODEL_DUMPS_DIR} that holds the models of on-disk mode between jobs. */
    public static final String DUMPS_DIR_NAME = "vigil-models";

    private static final Logger LOG = LoggerFactory.getLogger("service.state");
    private static final int MAGIC = 0x56475354; // "VGST"
    private static final int VERSION = 1;
    private static final String SUFFIX = ".state";
    private static final String TEMP_SUFFIX = ".tmp";
    /** Magic, version and checksum: no file is shorter. */
    private static final int MIN_SIZE = 12;
    private static final int SEEN_MAGIC = 0x5647534e; // "VGSN"
    private static final String SEEN_SUFFIX = ".seen";

    private final Path dir;
    private final ModelRegistry registry;
    /** Whether a write is forced to disk before its rename (state across restarts) or not (model dumps). */
    private final boolean durable;

    /** A stored combination: what its file's header says. */
    public record Header(Combination combination, String signature, long lastFitMs, int series, Path file) {
    }

    /** One stored series: its labels, model ({@code null}: none yet) and last inferred timestamp. */
    public record Entry(Labels labels, FittedModel model, long lastSeen) {
    }

    /** A store in {@code dir} (created on the first write), reading models with {@code registry}. */
    public StateStore(Path dir, ModelRegistry registry) {
        this(dir, registry, true);
    }

    /**
     * A store in {@code dir}; {@code durable}: each write is forced to disk ({@code fsync}) before it
     * replaces the previous file, else it is left to the operating system (files that need not survive
     * a crash, such as model dumps, which are deleted at every start).
     */
    public StateStore(Path dir, ModelRegistry registry, boolean durable) {
        this.dir = dir;
        this.registry = registry;
        this.durable = durable;
    }

    /**
     * The store of on-disk mode beside this one ({@value #DUMPS_DIR_NAME} in the same
     * {@code VMANOMALY_MODEL_DUMPS_DIR}): the same format, written without {@code fsync}.
     */
    public StateStore dumps() {
        return new StateStore(dir.resolveSibling(DUMPS_DIR_NAME), registry, false);
    }

    /** The store under a {@code VMANOMALY_MODEL_DUMPS_DIR}. */
    public static StateStore in(Path dumpsDir, ModelRegistry registry) {
        return new StateStore(dumpsDir.resolve(DIR_NAME), registry);
    }

    /** The directory of the files. */
    public Path dir() {
        return dir;
    }

    /**
     * The headers of every complete state file, sorted by combination. Only the few bytes of each
     * header are read: the whole file is read, and its checksum verified, once, by {@link #load}, and
     * only for the combinations a start reuses. Temporary files are skipped; a file whose header cannot
     * be read is logged and skipped (its combination counts as absent).
     */
    public List<Header> headers() throws IOException {
        List<Header> out = new ArrayList<>();
        for (Path f : files(SUFFIX)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1024))) {
                if (Files.size(f) < MIN_SIZE) {
                    throw new IOException("truncated (" + Files.size(f) + " bytes)");
                }
                out.add(header(in, f));
            } catch (IOException e) {
                LOG.warn("ignoring unreadable state file {}: {}", f, e.getMessage());
            }
        }
        out.sort((a, b) -> a.combination().toString().compareTo(b.combination().toString()));
        return out;
    }

    /** The header of the file of {@code c}; {@code null} when there is none. */
    public Header header(Combination c) throws IOException {
        Path f = dir.resolve(fileName(c));
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 1024))) {
            return header(in, f);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /**
     * The series stored in {@code h}'s file, their models read with {@code spec}: the file is read
     * once and refused whole when its checksum or header does not match (damaged or replaced since
     * {@link #headers}).
     */
    public Map<Labels, Entry> load(Header h, ModelSpec spec) throws IOException {
        Map<Labels, Entry> out = new LinkedHashMap<>(Math.max(16, h.series() * 4 / 3 + 1));
        Header read = parse(Files.readAllBytes(h.file()), h.file(), Objects.requireNonNull(spec, "spec"), out);
        if (!read.combination().equals(h.combination()) || read.lastFitMs() != h.lastFitMs()
                || !read.signature().equals(h.signature())) {
            throw new IOException("the file changed since its header was read");
        }
        return out;
    }

    /**
     * The last inferred timestamp per series of {@code h}'s combination, without reading the models
     * (which a changed configuration may no longer read): the newer of its state file and its
     * last-seen file. Series never inferred are left out.
     */
    public Map<Labels, Long> lastSeen(Header h) throws IOException {
        Map<Labels, Entry> entries = new LinkedHashMap<>();
        parse(Files.readAllBytes(h.file()), h.file(), null, entries);
        Map<Labels, Long> out = new LinkedHashMap<>();
        entries.forEach((l, e) -> {
            if (e.lastSeen() != Long.MIN_VALUE) {
                out.put(l, e.lastSeen());
            }
        });
        loadLastSeen(h.combination()).forEach((l, t) -> out.merge(l, t, Math::max));
        return out;
    }

    /**
     * Replaces the file of {@code c}, crash-safely, with {@code entries}.
     *
     * @param lastFitMs when the combination was last fitted (epoch ms)
     */
    public void write(Combination c, String signature, long lastFitMs, Collection<Entry> entries) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(c.scheduler());
        out.writeUTF(c.model());
        out.writeUTF(c.query());
        out.writeUTF(signature);
        out.writeLong(lastFitMs);
        out.writeInt(entries.size());
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        for (Entry e : entries) {
            writeLabels(out, e.labels());
            out.writeLong(e.lastSeen());
            if (e.model() == null) {
                out.writeInt(-1);
            } else {
                model.reset();
                ModelStates.writeCompact(e.model(), model, registry);
                out.writeInt(model.size());
                model.writeTo(out);
            }
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(buf.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        replace(fileName(c), buf.toByteArray());
    }

    /**
     * Replaces the last-seen file of {@code c}, crash-safely: the newest timestamp scored per series
     * since the last write of the combination's state file. The service writes it after every
     * inference of an offline model, whose state file is written after fits only, so that a restart
     * does not score those points again. Small: labels and one timestamp per series, no model.
     */
    public void writeLastSeen(Combination c, Map<Labels, Long> lastSeen) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(buf);
        out.writeInt(SEEN_MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(c.scheduler());
        out.writeUTF(c.model());
        out.writeUTF(c.query());
        out.writeInt(lastSeen.size());
        for (Map.Entry<Labels, Long> e : lastSeen.entrySet()) {
            writeLabels(out, e.getKey());
            out.writeLong(e.getValue());
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(buf.toByteArray());
        out.writeInt((int) crc.getValue());
        out.flush();
        replace(seenName(c), buf.toByteArray());
    }

    /**
     * The last-seen timestamps stored by {@link #writeLastSeen} for {@code c}; empty when there is no
     * such file. A damaged file or one of another combination is logged and ignored (empty).
     */
    public Map<Labels, Long> loadLastSeen(Combination c) {
        Path f = dir.resolve(seenName(c));
        Map<Labels, Long> out = new LinkedHashMap<>();
        try {
            byte[] bytes = Files.readAllBytes(f);
            DataInputStream in = checked(bytes, SEEN_MAGIC);
            Combination stored = new Combination(in.readUTF(), in.readUTF(), in.readUTF());
            if (!stored.equals(c)) {
                throw new IOException("it belongs to " + stored);
            }
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                Labels labels = readLabels(in);
                out.put(labels, in.readLong());
            }
            return out;
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            LOG.warn("ignoring unreadable last-seen file {}: {}", f, e.getMessage());
            return Map.of();
        }
    }

    /** Writes {@code bytes} to a temporary file, forces it, renames it over {@code name}, forces the directory. */
    private void replace(String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(name);
        Path tmp = Files.createTempFile(dir, name + ".", TEMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bb = ByteBuffer.wrap(bytes);
                while (bb.hasRemaining()) {
                    ch.write(bb);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (durable) {
            forceDirectory();
        }
    }

    /**
     * Deletes the file of {@code h} by its path (so that a file whose header names another
     * combination goes too), and the last-seen file of its combination.
     */
    public void delete(Header h) throws IOException {
        Files.deleteIfExists(h.file());
        Files.deleteIfExists(dir.resolve(seenName(h.combination())));
        forceDirectory();
    }

    /** Deletes the files of {@code c} (state and last-seen), if any. */
    public void delete(Combination c) throws IOException {
        Files.deleteIfExists(dir.resolve(fileName(c)));
        Files.deleteIfExists(dir.resolve(seenName(c)));
        forceDirectory();
    }

    /** Deletes temporary files left by a crash; returns how many. */
    public int deleteTemporary() throws IOException {
        int n = 0;
        for (Path f : files(TEMP_SUFFIX)) {
            Files.deleteIfExists(f);
            n++;
        }
        return n;
    }

    /** Deletes every state file, temporary ones included, then the directory when it is empty; returns how many. */
    public int deleteAll() throws IOException {
        int n = deleteTemporary();
        for (Path f : files(SUFFIX)) {
            Files.deleteIfExists(f);
            n++;
        }
        for (Path f : files(SEEN_SUFFIX)) {
            Files.deleteIfExists(f);
            n++;
        }
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                if (!ds.iterator().hasNext()) {
                    Files.deleteIfExists(dir);
                }
            }
        }
        return n;
    }

    /** Whether the directory holds any state file. */
    public boolean isEmpty() throws IOException {
        return files(SUFFIX).isEmpty() && files(TEMP_SUFFIX).isEmpty() && files(SEEN_SUFFIX).isEmpty();
    }

    private List<Path> files(String suffix) throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*" + suffix)) {
            ds.forEach(out::add);
        } catch (NoSuchFileException e) {
            return out;
        }
        out.sort(null);
        return out;
    }

    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Not every platform can open or force a directory; the rename itself is still atomic.
            LOG.debug("cannot force directory {}: {}", dir, e.toString());
        }
    }

    /** Parses a file; with {@code into}, also reads its series, their models with {@code spec} (none without). */
    private Header parse(byte[] bytes, Path file, ModelSpec spec, Map<Labels, Entry> into) throws IOException {
        DataInputStream in = checked(bytes, MAGIC);
        Header h = headerFields(in, file);
        if (into == null) {
            return h;
        }
        for (int i = 0; i < h.series(); i++) {
            Labels labels = readLabels(in);
            long lastSeen = in.readLong();
            int len = in.readInt();
            FittedModel model = null;
            if (len >= 0) {
                byte[] state = in.readNBytes(len);
                if (spec != null) { // else only the timestamps are wanted
                    model = ModelStates.read(new ByteArrayInputStream(state), spec, registry);
                }
            }
            into.put(labels, new Entry(labels, model, lastSeen));
        }
        return h;
    }

    /** The header of a state file read from its start (magic and version checked), without its checksum. */
    private static Header header(DataInputStream in, Path file) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a Vigil state file");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("state file version " + version + " is not supported (this Vigil reads " + VERSION
                    + ")");
        }
        return headerFields(in, file);
    }

    /** The header fields after the magic and version. */
    private static Header headerFields(DataInputStream in, Path file) throws IOException {
        Combination c = new Combination(in.readUTF(), in.readUTF(), in.readUTF());
        String signature = in.readUTF();
        long lastFit = in.readLong();
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative series count " + n);
        }
        return new Header(c, signature, lastFit, n, file);
    }

    /**
     * The content of a file after its checksum, magic and version are verified, positioned after them.
     *
     * @throws IOException naming what is wrong: truncated, damaged, not this kind of file, other version
     */
    private static DataInputStream checked(byte[] bytes, int magic) throws IOException {
        if (bytes.length < MIN_SIZE) {
            throw new IOException("truncated (" + bytes.length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IOException("checksum mismatch (damaged file)");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4));
        if (in.readInt() != magic) {
            throw new IOException(magic == MAGIC ? "not a Vigil state file" : "not a Vigil last-seen file");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("state file version " + version + " is not supported (this Vigil reads " + VERSION
                    + ")");
        }
        return in;
    }

    /** Label count, then name/value pairs, the metric name ({@code __name__}) included. */
    private static void writeLabels(DataOutputStream out, Labels l) throws IOException {
        Map<String, String> labels = l.asMap();
        out.writeInt(labels.size());
        for (Map.Entry<String, String> e : labels.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
        }
    }

    private static Labels readLabels(DataInputStream in) throws IOException {
        int nl = in.readInt();
        String[] kv = new String[2 * nl];
        for (int j = 0; j < kv.length; j++) {
            kv[j] = in.readUTF();
        }
        return Labels.of(kv);
    }

    /** The last-seen file name of the combination. */
    static String seenName(Combination c) {
        String state = fileName(c);
        return state.substring(0, state.length() - SUFFIX.length()) + SEEN_SUFFIX;
    }

    /** A file name from the combination (aliases may hold any character). */
    static String fileName(Combination c) {
        String key = c.scheduler() + "\u0000" + c.model() + "\u0000" + c.query();
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 12) + SUFFIX;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
