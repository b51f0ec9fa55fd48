package dev.vigil.eval.report;

import dev.vigil.core.prediction.Prediction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * One self-contained HTML page for a scored series: an inline SVG with {@code y}, the
 * {@code yhat_lower..yhat_upper} band and the {@code yhat} line, a marker on every row whose score
 * exceeds the threshold, optional shaded windows (e.g. labelled incidents) and the fit window, the
 * {@code anomaly_score} in a panel below with a line at the threshold, UTC time labels, and a
 * summary table. No scripts, no fonts or styles from the network: the file opens offline.
 *
 * <p>Downsampling: each column of pixels keeps the minimum and the maximum of {@code y},
 * {@code yhat} and {@code anomaly_score} and the envelope of the band, so spikes survive and the SVG
 * holds O(plot width) points whatever the row count (see {@code PlotSvg}); no anomaly marker
 * disappears. Rendering is O(n) time.
 *
 * <p>The output is well-formed XML (XHTML syntax) so tests and tools can parse it. This class is
 * stateless and thread-safe; a {@link Builder} is not thread-safe while building: build one report
 * per thread.
 */
public final class HtmlReport {

    /**
     * A time window to shade, e.g. a labelled incident.
     *
     * @param startMs first instant, epoch ms (inclusive)
     * @param endMs   last instant, epoch ms (inclusive), {@code >= startMs}
     * @param label   tooltip text, may be empty
     */
    public record Window(long startMs, long endMs, String label) {
        /** Validates the order. */
        public Window {
            Objects.requireNonNull(label, "label");
            if (endMs < startMs) {
                throw new IllegalArgumentException("window end " + endMs + " is before its start " + startMs);
            }
        }

        /**
         * Windows from inclusive {@code [start, end]} epoch-ms pairs (as NAB's windows JSON is read),
         * labelled "labelled window 1", "labelled window 2"... in order. O(pairs).
         */
        public static List<Window> ofPairs(long[] pairs) {
            if (pairs.length % 2 != 0) {
                throw new IllegalArgumentException("window bounds come in pairs, got " + pairs.length + " values");
            }
            List<Window> ws = new ArrayList<>(pairs.length / 2);
            for (int i = 0; i < pairs.length; i += 2) {
                ws.add(new Window(pairs[i], pairs[i + 1], "labelled window " + (i / 2 + 1)));
            }
            return ws;
        }
    }

    /** How times are shown by default: UTC {@code yyyy-MM-dd HH:mm:ss}. */
    static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HtmlReport() {
    }

    /** Starts a report of {@code prediction} (timestamps in epoch ms). */
    public static Builder builder(Prediction prediction) {
        return new Builder(prediction);
    }

    /**
     * Renders several reports into one self-contained page: a heading, an overview table with one row
     * per report (its title, rows, anomalies, maximum score, first and last anomaly; the title links to
     * its section), then one section per report with its plot and summary table, in the given order.
     *
     * @param title     the page title and heading
     * @param note      a paragraph under the heading (plain text), may be empty
     * @param overview  rows of a table under the note (e.g. the configuration), in order
     * @param sections  the reports; each builder's title is its section heading
     * @param omitted   further series listed in the overview without a section (title, summary);
     *                  empty when every series has a section
     */
    static String page(String title, String note, Map<String, String> overview, List<Builder> sections,
                              List<Map.Entry<String, ScoreSummary>> omitted) {
        Objects.requireNonNull(title, "title");
        return ReportPage.page(title, note, overview, sections, omitted);
    }

    /** Collects what the report shows, then renders it. */
    public static final class Builder {
        final Prediction p;
        String title = "Vigil anomaly report";
        int fitRows;
        double threshold = ScoreSummary.DEFAULT_THRESHOLD;
        IntFunction<String> timeText;
        final Map<String, String> rows = new LinkedHashMap<>();
        final List<Window> windows = new ArrayList<>();
        String windowsName = "window";
        /** Whether windows were given (possibly none): the tables then count windows hit and missed. */
        boolean labelled;

        private Builder(Prediction p) {
            this.p = Objects.requireNonNull(p, "prediction");
            this.timeText = i -> UTC.format(Instant.ofEpochMilli(p.timestamp(i)));
        }

        /** The page title and heading. */
        public Builder title(String t) {
            this.title = Objects.requireNonNull(t, "title");
            return this;
        }

        /** Shades the first {@code n} rows as the fit window (0: none). */
        public Builder fitRows(int n) {
            if (n < 0 || n > p.size()) {
                throw new IllegalArgumentException("fit rows must be in [0, " + p.size() + "], got " + n);
            }
            this.fitRows = n;
            return this;
        }

        /** The anomaly threshold (default 1): rows scoring above it are marked. */
        public Builder threshold(double t) {
            if (!Double.isFinite(t)) {
                throw new IllegalArgumentException("threshold must be finite, got " + t);
            }
            this.threshold = t;
            return this;
        }

        /** How to print the timestamp of row i in the table (default: UTC {@code yyyy-MM-dd HH:mm:ss}). */
        public Builder timeText(IntFunction<String> f) {
            this.timeText = Objects.requireNonNull(f, "timeText");
            return this;
        }

        /** Adds a row to the summary table (before the computed statistics); a repeated key replaces. */
        public Builder row(String key, String value) {
            rows.put(Objects.requireNonNull(key, "key"), String.valueOf(value));
            return this;
        }

        /**
         * Adds windows to shade, named {@code name} in the legend (e.g. "labelled window"); the summary
         * then counts the windows hit (holding a row above the threshold) and missed, also for an empty list.
         */
        public Builder windows(String name, List<Window> ws) {
            this.windowsName = Objects.requireNonNull(name, "name");
            windows.addAll(ws);
            labelled = true;
            return this;
        }

        /** The statistics the table will show. */
        ScoreSummary summary() {
            return ScoreSummary.of(p, threshold);
        }

        /** Renders the page. */
        String render() {
            return ReportPage.single(this);
        }

        /** The title (the page heading, or the section heading in {@link #page}). */
        String title() {
            return title;
        }

        /** Renders the page into {@code path} (UTF-8, created or replaced). */
        public void write(Path path) throws IOException {
            Files.writeString(path, render(), StandardCharsets.UTF_8);
        }
    }

    /** A number for people: up to 4 significant decimals, no exponent for ordinary magnitudes. */
    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v != 0 && (Math.abs(v) >= 1e9 || Math.abs(v) < 1e-4)) {
            return String.format(Locale.ROOT, "%.4g", v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "") : s;
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
