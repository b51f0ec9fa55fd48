package dev.vigil.vm;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The client's two wire formats without the HTTP around them: the {@code /api/v1/query_range} answer
 * (parsed by the same streaming code as {@link VmReader}) and the {@code /api/v1/import} JSON lines
 * (written by the same encoder as {@link VmWriter}). For tools, tests and benchmarks; stateless and
 * thread-safe; both O(bytes).
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
                Long.MIN_VALUE);
    }

    /** As {@link #parseQueryRange(InputStream)}, from bytes. */
    public static Map<Labels, Series> parseQueryRange(byte[] body) {
        Objects.requireNonNull(body, "body");
        return VmReader.stitch(List.of(QueryRangeParser.parse(body, "query_range body", "(no URL)")), Map.of(),
                Long.MIN_VALUE);
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
}
