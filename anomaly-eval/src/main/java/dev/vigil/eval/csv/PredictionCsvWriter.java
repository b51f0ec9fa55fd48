package dev.vigil.eval.csv;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.text.ShortestDecimal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;

/**
 * Writes scored rows as CSV: {@code timestamp,y,yhat,yhat_lower,yhat_upper,anomaly_score}, one row
 * per prediction row. Numbers are written in Java's shortest round-trip form; {@code NaN} as an empty
 * cell, infinities as {@code inf} and {@code -inf} (so pandas and {@link SeriesCsvReader} read them).
 *
 * <p>Stateless and thread-safe; O(n).
 */
public final class PredictionCsvWriter {

    /** The header line. */
    private static final String HEADER = String.join(",", "timestamp", Columns.Y, Columns.YHAT, Columns.YHAT_LOWER,
            Columns.YHAT_UPPER, Columns.ANOMALY_SCORE);

    private PredictionCsvWriter() {
    }

    /**
     * Writes {@code p} to {@code path} (created or replaced).
     *
     * @param timestampText the text of row i's timestamp (e.g. as it was read)
     */
    public static void write(Path path, Prediction p, IntFunction<String> timestampText) throws IOException {
        try (OutputStream out = Files.newOutputStream(path)) {
            write(out, p, timestampText);
        }
    }

    /** Writes {@code p} to {@code out} (not closed). */
    static void write(Writer out, Prediction p, IntFunction<String> timestampText) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        write(bytes, p, timestampText);
        out.write(bytes.toString(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code p} as UTF-8 to {@code out} (not closed), through one buffer of bytes: the rows
     * are ASCII but for timestamp texts, so no character encoder runs per row.
     */
    static void write(OutputStream out, Prediction p, IntFunction<String> timestampText) throws IOException {
        byte[] buf = new byte[1 << 16];
        int len = put(buf, 0, HEADER);
        buf[len++] = '\n';
        for (int i = 0; i < p.size(); i++) {
            if (len > buf.length - 512) { // room for a row: a timestamp of 128 characters in UTF-8 and five numbers
                out.write(buf, 0, len);
                len = 0;
            }
            String ts = timestampText.apply(i);
            if (ts.length() > 128) {
                out.write(buf, 0, len);
                out.write(ts.getBytes(StandardCharsets.UTF_8));
                len = 0;
            } else {
                len = put(buf, len, ts);
            }
            buf[len++] = ',';
            len = number(buf, len, p.y(i));
            buf[len++] = ',';
            len = number(buf, len, p.yhat(i));
            buf[len++] = ',';
            len = number(buf, len, p.yhatLower(i));
            buf[len++] = ',';
            len = number(buf, len, p.yhatUpper(i));
            buf[len++] = ',';
            len = number(buf, len, p.anomalyScore(i));
            buf[len++] = '\n';
        }
        out.write(buf, 0, len);
    }

    /** Puts {@code s} (at most 128 characters) at {@code buf[len]} as UTF-8; the new length. */
    private static int put(byte[] buf, int len, String s) {
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c >= 0x80) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, buf, len - k, utf8.length);
                return len - k + utf8.length;
            }
            buf[len++] = (byte) c;
        }
        return len;
    }

    /**
     * The shortest round-trip text of {@code v} in {@code Double.toString}'s layout (Java 17's own method is
     * not always the shortest); nothing for NaN, inf and -inf for infinities.
     */
    private static int number(byte[] buf, int len, double v) {
        if (Double.isNaN(v)) {
            return len;
        }
        if (Double.isInfinite(v)) {
            return put(buf, len, v > 0 ? "inf" : "-inf");
        }
        return ShortestDecimal.write(v, buf, len); // at most 24 characters
    }
}
