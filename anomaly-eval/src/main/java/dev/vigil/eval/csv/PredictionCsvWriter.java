package dev.vigil.eval.csv;

import dev.vigil.core.prediction.Columns;
import dev.vigil.core.prediction.Prediction;
import java.io.BufferedWriter;
import java.io.IOException;
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
        try (BufferedWriter w = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            write(w, p, timestampText);
        }
    }

    /** Writes {@code p} to {@code out} (not closed). */
    static void write(Writer out, Prediction p, IntFunction<String> timestampText) throws IOException {
        StringBuilder sb = new StringBuilder(128);
        out.write(HEADER);
        out.write('\n');
        for (int i = 0; i < p.size(); i++) {
            sb.setLength(0);
            sb.append(timestampText.apply(i)).append(',');
            number(sb, p.y(i)).append(',');
            number(sb, p.yhat(i)).append(',');
            number(sb, p.yhatLower(i)).append(',');
            number(sb, p.yhatUpper(i)).append(',');
            number(sb, p.anomalyScore(i)).append('\n');
            out.append(sb);
        }
    }

    private static StringBuilder number(StringBuilder sb, double v) {
        if (Double.isNaN(v)) {
            return sb;
        }
        if (Double.isInfinite(v)) {
            return sb.append(v > 0 ? "inf" : "-inf");
        }
        return sb.append(v);
    }
}
