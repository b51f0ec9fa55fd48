package dev.vigil.vm;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The client's two wire formats without the HTTP around them: the {@code /api/v1/query_range} answer
 * (parsed by the same streaming code as {@link VmReader}) and the {@code /api/v1/import} JSON lines
 * (written by the same encoder as {@link VmWriter}, and read back, as {@code /api/v1/export} writes
 * them). For tools, files, tests and benchmarks; stateless and thread-safe; all O(bytes).
 */
public final class VmCodec {

    private VmCodec() {
    }

    /**
     * Parses a {@code query_range} answer into series keyed by their canonical label set.
     *
     * @param body the (uncompressed) response body; not closed
     * @throws VmRequestException code {@code bad_response} for a malformed body, {@code error_status} for
     *                            {@code "status":"error"} (its {@code errorType} and {@code error} in the message)
     */
    public static Map<Labels, Series> parseQueryRange(InputStream body) {
        Objects.requireNonNull(body, "body");
        return VmReader.stitch(List.of(QueryRangeParser.parse(body, "query_range body", "(no URL)")), Map.of(),
                Long.MIN_VALUE).series();
    }

    /** As {@link #parseQueryRange(InputStream)}, from bytes. */
    public static Map<Labels, Series> parseQueryRange(byte[] body) {
        Objects.requireNonNull(body, "body");
        return VmReader.stitch(List.of(QueryRangeParser.parse(body, "query_range body", "(no URL)")), Map.of(),
                Long.MIN_VALUE).series();
    }

    /**
     * Encodes series as import JSON lines with their own labels (no {@code metric_format} applied);
     * non-finite points are skipped and series with none left are omitted. Uncompressed UTF-8.
     */
    public static byte[] encodeImport(Collection<Series> series) {
        Objects.requireNonNull(series, "series");
        ImportEncoder enc = new ImportEncoder(64 * 1024);
        for (Series s : series) {
            enc.append(s.labels(), s);
        }
        return Arrays.copyOf(enc.buf, enc.size);
    }

    /**
     * Reads import JSON lines (the format {@link #encodeImport} writes and {@code /api/v1/export}
     * returns): one {@code {"metric":{...},"values":[...],"timestamps":[...]}} object per line, blank
     * lines skipped. A value is a JSON number, {@code null} (missing, {@code NaN}) or a string holding a
     * sample value ({@code "1.5"}, {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}); timestamps are epoch
     * milliseconds. The lines of one series are merged in time order, a timestamp given twice keeping
     * the later line's value.
     *
     * @param in     the text; not closed
     * @param source names the input in messages (e.g. the file)
     * @return the series keyed by their canonical label set, in the order first seen
     * @throws IllegalArgumentException for a malformed line: {@code <source>:<line>: not a VictoriaMetrics
     *                                  JSON line: <reason>}
     * @throws IOException              when {@code in} cannot be read
     */
    public static Map<Labels, Series> parseImport(Reader in, String source) throws IOException {
        Objects.requireNonNull(in, "in");
        return ImportParser.parse(in, source);
    }
}
