package dev.vigil.eval.csv;

import dev.vigil.core.series.Series;
import dev.vigil.core.text.ShortestDecimal;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes series as long CSV: {@code timestamp,metric,value}, one row per finite point, the
 * timestamp in ISO-8601 UTC ({@code 2024-01-01T00:00:00Z}), the metric its label set in Prometheus
 * notation (quoted, so its commas and quotes survive) and the value as its shortest round-trip decimal
 * ({@link ShortestDecimal}), so that it reads back exactly. Non-finite points are left out.
 *
 * <p>Stateless and thread-safe; O(points).
 */
public final class LongCsvWriter {

    private LongCsvWriter() {
    }

    /**
     * Appends the rows of {@code series} to {@code w} (not flushed or closed), series after series.
     *
     * @param header whether to write the header line {@code timestamp,metric,value} first
     * @return the number of characters written
     */
    public static long write(List<Series> series, Writer w, boolean header) throws IOException {
        long n = 0;
        StringBuilder sb = new StringBuilder();
        if (header) {
            sb.append("timestamp,metric,value\n");
        }
        for (Series s : series) {
            String metric = "\"" + s.labels().toString().replace("\"", "\"\"") + "\"";
            for (int i = 0; i < s.size(); i++) {
                double v = s.value(i);
                if (Double.isFinite(v)) {
                    sb.append(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(s.timestamp(i)))).append(',')
                            .append(metric).append(',').append(ShortestDecimal.toString(v)).append('\n');
                }
            }
            n += sb.length();
            w.write(sb.toString());
            sb.setLength(0);
        }
        return n;
    }
}
