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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * One self-contained HTML page for a scored series: an inline SVG with {@code y}, the
 * {@code yhat_lower..yhat_upper} band and the {@code yhat} line, a marker on every row whose score
 * exceeds the threshold, optional shaded windows (e.g. labelled incidents) and the fit window, the
 * {@code anomaly_score} in a panel below with a line at the threshold, UTC time labels, and a
 * summary table. No scripts, no fonts or styles from the network: the file opens offline.
 *
 * <p>Downsampling: each column of pixels keeps the minimum and the maximum of {@code y},
 * {@code yhat} and {@code anomaly_score} (in the order they occur) and the envelope of the band, so
 * spikes survive and the SVG holds O(plot width) points whatever the row count. Anomaly markers are
 * only merged when they fall on the same pixel, so none disappears. Rendering is O(n) time.
 *
 * <p>The output is well-formed XML (XHTML syntax) so tests and tools can parse it. Not thread-safe
 * while building; build one report per thread.
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
    }

    private static final int WIDTH = 1200;
    private static final int LEFT = 80;
    private static final int RIGHT = 24;
    private static final int PLOT_W = WIDTH - LEFT - RIGHT;
    private static final int TOP = 34;
    private static final int MAIN_H = 360;
    private static final int GAP = 18;
    private static final int SCORE_TOP = TOP + MAIN_H + GAP;
    private static final int SCORE_H = 150;
    private static final int HEIGHT = SCORE_TOP + SCORE_H + 44;
    /** Pixel coordinates are clamped this far outside the plot; the clip path hides the rest. */
    private static final double OVERDRAW = 400;
    /** Above this many markers, they carry no tooltip (keeps the file small). */
    private static final int MAX_MARKER_TITLES = 5000;

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
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
    public static String page(String title, String note, Map<String, String> overview, List<Builder> sections,
                              List<Map.Entry<String, ScoreSummary>> omitted) {
        Objects.requireNonNull(title, "title");
        StringBuilder sb = new StringBuilder(1 << 16);
        head(sb, title, note);
        if (!overview.isEmpty()) {
            sb.append("<table class=\"overview\">\n");
            overview.forEach((k, v) -> sb.append("<tr><th>").append(Svg.esc(k)).append("</th><td>").append(Svg.esc(v))
                    .append("</td></tr>\n"));
            sb.append("</table>\n");
        }
        sb.append("<table class=\"series\">\n<tr><th>series</th><th>rows</th><th>anomalies</th>"
                + "<th>max anomaly_score</th><th>first anomaly</th><th>last anomaly</th></tr>\n");
        for (int k = 0; k < sections.size(); k++) {
            Builder b = sections.get(k);
            seriesRow(sb, "<a href=\"#s" + k + "\">" + Svg.esc(b.title) + "</a>", ScoreSummary.of(b.p, b.threshold),
                    b.timeText);
        }
        for (Map.Entry<String, ScoreSummary> e : omitted) {
            seriesRow(sb, Svg.esc(e.getKey()) + " (no plot)", e.getValue(), null);
        }
        sb.append("</table>\n");
        for (int k = 0; k < sections.size(); k++) {
            Builder b = sections.get(k);
            sb.append("<h2 id=\"s").append(k).append("\">").append(Svg.esc(b.title)).append("</h2>\n");
            new Renderer(b, "s" + k + "-", sb).section();
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    private static void seriesRow(StringBuilder sb, String name, ScoreSummary s, IntFunction<String> time) {
        sb.append("<tr><td>").append(name).append("</td><td class=\"num\">").append(s.rows())
                .append("</td><td class=\"num\">").append(s.anomalies())
                .append("</td><td class=\"num\">").append(Double.isNaN(s.maxScore()) ? "-" : fmt(s.maxScore()))
                .append("</td><td>").append(s.firstAnomaly() < 0 || time == null ? "-" : Svg.esc(time.apply(s.firstAnomaly())))
                .append("</td><td>").append(s.lastAnomaly() < 0 || time == null ? "-" : Svg.esc(time.apply(s.lastAnomaly())))
                .append("</td></tr>\n");
    }

    /** The document head, the heading and the note. */
    private static void head(StringBuilder sb, String title, String note) {
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(Svg.esc(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px;color:#222;")
                .append("max-width:1240px}\n")
                .append("h1{font-size:20px;margin:0 0 4px}\nh2{font-size:16px;margin:28px 0 6px}\n")
                .append(".note{color:#666;font-size:13px;margin:0 0 12px}\n")
                .append("svg{display:block;background:#fff}\nsvg text{font-size:12px;fill:#444}\n")
                .append("table{border-collapse:collapse;margin-top:16px;font-size:14px}\n")
                .append("th,td{border:1px solid #ddd;padding:4px 10px;text-align:left;vertical-align:top}\n")
                .append("th{background:#f4f4f4;font-weight:600;white-space:nowrap}\ntd.num{font-variant-numeric:tabular-nums}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(Svg.esc(title)).append("</h1>\n");
        if (!note.isEmpty()) {
            sb.append("<p class=\"note\">").append(Svg.esc(note)).append("</p>\n");
        }
    }

    /** Collects what the report shows, then renders it. */
    public static final class Builder {
        private final Prediction p;
        private String title = "Vigil anomaly report";
        private int fitRows;
        private double threshold = ScoreSummary.DEFAULT_THRESHOLD;
        private IntFunction<String> timeText;
        private final Map<String, String> rows = new LinkedHashMap<>();
        private final List<Window> windows = new ArrayList<>();
        private String windowsName = "window";

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

        /** Adds windows to shade, named {@code name} in the legend (e.g. "labelled window"). */
        public Builder windows(String name, List<Window> ws) {
            this.windowsName = Objects.requireNonNull(name, "name");
            windows.addAll(ws);
            return this;
        }

        /** The statistics the table will show. */
        public ScoreSummary summary() {
            return ScoreSummary.of(p, threshold);
        }

        /** Renders the page. */
        public String render() {
            return new Renderer(this, "", new StringBuilder(1 << 16)).html();
        }

        /** The title (the page heading, or the section heading in {@link #page}). */
        public String title() {
            return title;
        }

        /** Renders the page into {@code path} (UTF-8, created or replaced). */
        public void write(Path path) throws IOException {
            Files.writeString(path, render(), StandardCharsets.UTF_8);
        }
    }

    /** One rendering pass. */
    private static final class Renderer {
        private final Builder b;
        private final Prediction p;
        private final int n;
        private final long t0;
        private final long t1;
        private double yLo;
        private double yHi;
        private double sHi;
        private final StringBuilder sb;
        /** Prefix of the element ids (clip paths), unique per section of a page. */
        private final String id;

        Renderer(Builder b, String id, StringBuilder sb) {
            this.b = b;
            this.id = id;
            this.sb = sb;
            this.p = b.p;
            this.n = p.size();
            long a = n == 0 ? 0 : p.timestamp(0);
            long z = n == 0 ? 1 : p.timestamp(n - 1);
            if (z <= a) {
                a -= 1000;
                z += 1000;
            }
            this.t0 = a;
            this.t1 = z;
        }

        double x(long t) {
            return LEFT + (double) (t - t0) / (t1 - t0) * PLOT_W;
        }

        int bucket(long t) {
            int k = (int) ((double) (t - t0) / (t1 - t0) * PLOT_W);
            return Math.max(0, Math.min(PLOT_W - 1, k));
        }

        double yPix(double v) {
            double py = TOP + MAIN_H - (v - yLo) / (yHi - yLo) * MAIN_H;
            return Math.max(TOP - OVERDRAW, Math.min(TOP + MAIN_H + OVERDRAW, py));
        }

        double sPix(double v) {
            double py = SCORE_TOP + SCORE_H - v / sHi * SCORE_H;
            return Math.max(SCORE_TOP - OVERDRAW, Math.min(SCORE_TOP + SCORE_H + OVERDRAW, py));
        }

        String html() {
            head(sb, b.title, "");
            sb.append("<p class=\"note\">Times in UTC. The plot keeps the minimum and maximum of each pixel column;")
                    .append(" every row with anomaly_score &gt; ").append(fmt(b.threshold)).append(" is marked.</p>\n");
            section();
            sb.append("</body>\n</html>\n");
            return sb.toString();
        }

        /** The plot and the summary table. */
        void section() {
            ScoreSummary s = ScoreSummary.of(p, b.threshold);
            ranges(s);
            svg(s);
            table(s);
        }

        private void ranges(ScoreSummary s) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                double y = p.y(i);
                if (Double.isFinite(y)) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
                double e = p.yhat(i);
                if (Double.isFinite(e)) {
                    lo = Math.min(lo, e);
                    hi = Math.max(hi, e);
                }
            }
            if (lo > hi) {
                lo = 0;
                hi = 1;
            } else if (lo == hi) {
                double d = Math.max(1e-9, Math.abs(lo) * 0.1);
                lo -= d;
                hi += d;
            }
            double pad = (hi - lo) * 0.06;
            yLo = lo - pad;
            yHi = hi + pad;
            double max = Double.isNaN(s.maxScore()) ? 0 : s.maxScore();
            sHi = Math.max(b.threshold * 1.5, max * 1.08);
            if (!(sHi > 0)) {
                sHi = 1;
            }
        }

        private void svg(ScoreSummary s) {
            sb.append("<svg width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ")
                    .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
                    .append(Svg.esc(b.title)).append("\">\n");
            sb.append("<defs><clipPath id=\"").append(id).append("clipMain\"><rect x=\"").append(LEFT).append("\" y=\"").append(TOP)
                    .append("\" width=\"").append(PLOT_W).append("\" height=\"").append(MAIN_H)
                    .append("\"/></clipPath><clipPath id=\"").append(id).append("clipScore\"><rect x=\"").append(LEFT).append("\" y=\"")
                    .append(SCORE_TOP).append("\" width=\"").append(PLOT_W).append("\" height=\"").append(SCORE_H)
                    .append("\"/></clipPath></defs>\n");
            legend();
            frames();
            fitShading();
            timeAxis();
            valueAxis();
            scoreAxis();
            if (n > 0) {
                band();
            }
            // Windows go over the band (translucent) so they stay visible, and under the lines.
            windowShading();
            if (n > 0) {
                line("yhat", i -> p.yhat(i), true, "#1f77b4", "1.2");
                line("y", i -> p.y(i), true, "#222", "1");
                markers();
                line("anomaly_score", i -> p.anomalyScore(i), false, "#7b3294", "1");
            }
            thresholdLine();
            sb.append("</svg>\n");
        }

        private void legend() {
            sb.append("<g class=\"legend\">");
            int x = LEFT;
            x = legendLine(x, "#222", "y", null);
            x = legendLine(x, "#1f77b4", "yhat", null);
            sb.append("<rect x=\"").append(x).append("\" y=\"8\" width=\"22\" height=\"10\" fill=\"#9ecae1\" opacity=\"0.6\"/>")
                    .append("<text x=\"").append(x + 28).append("\" y=\"17\">yhat_lower .. yhat_upper</text>");
            x += 190;
            sb.append("<circle cx=\"").append(x + 6).append("\" cy=\"13\" r=\"3.5\" fill=\"#d62728\"/>")
                    .append("<text x=\"").append(x + 16).append("\" y=\"17\">anomaly_score &gt; ")
                    .append(fmt(b.threshold)).append("</text>");
            x += 150;
            if (!b.windows.isEmpty()) {
                sb.append("<rect x=\"").append(x).append("\" y=\"8\" width=\"22\" height=\"10\" fill=\"#f28e2b\" fill-opacity=\"0.28\" stroke=\"#e6550d\" stroke-opacity=\"0.6\"/>")
                        .append("<text x=\"").append(x + 28).append("\" y=\"17\">").append(Svg.esc(b.windowsName))
                        .append("</text>");
                x += 40 + 7 * b.windowsName.length();
            }
            if (b.fitRows > 0) {
                sb.append("<rect x=\"").append(x).append("\" y=\"8\" width=\"22\" height=\"10\" fill=\"#bdbdbd\" opacity=\"0.45\"/>")
                        .append("<text x=\"").append(x + 28).append("\" y=\"17\">fit window</text>");
            }
            sb.append("</g>\n");
        }

        private int legendLine(int x, String color, String label, String dash) {
            sb.append("<line x1=\"").append(x).append("\" y1=\"13\" x2=\"").append(x + 22)
                    .append("\" y2=\"13\" stroke=\"").append(color).append("\" stroke-width=\"2\"")
                    .append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"").append("/>")
                    .append("<text x=\"").append(x + 28).append("\" y=\"17\">").append(label).append("</text>");
            return x + 40 + 8 * label.length();
        }

        private void frames() {
            for (int[] r : new int[][] {{TOP, MAIN_H}, {SCORE_TOP, SCORE_H}}) {
                sb.append("<rect x=\"").append(LEFT).append("\" y=\"").append(r[0]).append("\" width=\"").append(PLOT_W)
                        .append("\" height=\"").append(r[1]).append("\" fill=\"#fcfcfc\" stroke=\"#bbb\"/>\n");
            }
        }

        private void fitShading() {
            if (b.fitRows > 0 && n > 0) {
                long end = b.fitRows < n ? p.timestamp(b.fitRows) : t1;
                double xe = Math.min(LEFT + PLOT_W, x(end));
                sb.append("<g class=\"fit\" fill=\"#bdbdbd\" opacity=\"0.3\"><title>fit window: first ").append(b.fitRows)
                        .append(" rows</title>");
                shadeRect(LEFT, xe);
                sb.append("</g>\n");
                if (xe - LEFT > 60) {
                    sb.append("<text x=\"").append(LEFT + 5).append("\" y=\"").append(TOP + MAIN_H - 6)
                            .append("\" fill=\"#777\">fit window</text>\n");
                }
            }
        }

        private void windowShading() {
            if (!b.windows.isEmpty()) {
                sb.append("<g class=\"windows\" fill=\"#f28e2b\" fill-opacity=\"0.28\" stroke=\"#e6550d\""
                        + " stroke-opacity=\"0.6\" stroke-width=\"0.8\">");
                for (Window w : b.windows) {
                    double xa = Math.max(LEFT, x(w.startMs()));
                    double xb = Math.min(LEFT + PLOT_W, x(w.endMs()));
                    if (xb < LEFT || xa > LEFT + PLOT_W) {
                        continue;
                    }
                    sb.append("<g><title>").append(Svg.esc(w.label().isEmpty() ? b.windowsName : w.label()))
                            .append(": ").append(UTC.format(Instant.ofEpochMilli(w.startMs()))).append(" .. ")
                            .append(UTC.format(Instant.ofEpochMilli(w.endMs()))).append("</title>");
                    shadeRect(xa, Math.max(xb, xa + 1));
                    sb.append("</g>");
                }
                sb.append("</g>\n");
            }
        }

        private void shadeRect(double xa, double xb) {
            for (int[] r : new int[][] {{TOP, MAIN_H}, {SCORE_TOP, SCORE_H}}) {
                sb.append("<rect x=\"");
                Svg.num(sb, xa).append("\" y=\"").append(r[0]).append("\" width=\"");
                Svg.num(sb, xb - xa).append("\" height=\"").append(r[1]).append("\"/>");
            }
        }

        private void timeAxis() {
            List<TimeAxis.Tick> ticks = TimeAxis.ticks(t0, t1, 9);
            sb.append("<g class=\"time-axis\">");
            for (TimeAxis.Tick t : ticks) {
                double xt = x(t.t());
                for (int[] r : new int[][] {{TOP, MAIN_H}, {SCORE_TOP, SCORE_H}}) {
                    sb.append("<line x1=\"");
                    Svg.num(sb, xt).append("\" x2=\"");
                    Svg.num(sb, xt).append("\" y1=\"").append(r[0]).append("\" y2=\"").append(r[0] + r[1])
                            .append("\" stroke=\"#e6e6e6\"/>");
                }
                sb.append("<text x=\"");
                Svg.num(sb, xt).append("\" y=\"").append(SCORE_TOP + SCORE_H + 16).append("\" text-anchor=\"middle\">")
                        .append(Svg.esc(t.label())).append("</text>");
            }
            sb.append("<text x=\"").append(LEFT + PLOT_W).append("\" y=\"").append(SCORE_TOP + SCORE_H + 36)
                    .append("\" text-anchor=\"end\">time (UTC)</text></g>\n");
        }

        private void valueAxis() {
            axisTicks(yLo, yHi, TOP, MAIN_H, "y");
        }

        private void scoreAxis() {
            axisTicks(0, sHi, SCORE_TOP, SCORE_H, "anomaly_score");
        }

        private void axisTicks(double lo, double hi, int top, int h, String name) {
            double step = niceStep((hi - lo) / 5);
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            sb.append("<g class=\"value-axis\">");
            for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
                double py = top + h - (v - lo) / (hi - lo) * h;
                sb.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_W).append("\" y1=\"");
                Svg.num(sb, py).append("\" y2=\"");
                Svg.num(sb, py).append("\" stroke=\"#eee\"/><text x=\"").append(LEFT - 6).append("\" y=\"");
                Svg.num(sb, py + 4).append("\" text-anchor=\"end\">")
                        .append(String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v) < step * 1e-9 ? 0.0 : v))
                        .append("</text>");
            }
            sb.append("<text transform=\"translate(16,").append(top + h / 2).append(") rotate(-90)\" text-anchor=\"middle\">")
                    .append(name).append("</text></g>\n");
        }

        private static double niceStep(double raw) {
            if (!(raw > 0) || Double.isInfinite(raw)) {
                return 1;
            }
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double f = raw / mag;
            return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
        }

        private void thresholdLine() {
            double py = sPix(b.threshold);
            sb.append("<line class=\"threshold\" x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_W)
                    .append("\" y1=\"");
            Svg.num(sb, py).append("\" y2=\"");
            Svg.num(sb, py).append("\" stroke=\"#d62728\" stroke-dasharray=\"6 4\"/>\n");
        }

        /** A column drawn as min/max per pixel column; a pixel column whose rows are all NaN breaks the line. */
        private void line(String cls, IntToDouble col, boolean main, String color, String width) {
            sb.append("<path class=\"").append(cls).append("\" clip-path=\"url(#").append(id).append(main ? "clipMain" : "clipScore")
                    .append(")\" fill=\"none\" stroke=\"").append(color).append("\" stroke-width=\"").append(width)
                    .append("\" stroke-linejoin=\"round\" d=\"");
            boolean open = false;
            int i = 0;
            while (i < n) {
                int k = bucket(p.timestamp(i));
                int iMin = -1;
                int iMax = -1;
                int j = i;
                for (; j < n && bucket(p.timestamp(j)) == k; j++) {
                    double v = col.at(j);
                    if (Double.isFinite(v)) {
                        if (iMin < 0 || v < col.at(iMin)) {
                            iMin = j;
                        }
                        if (iMax < 0 || v > col.at(iMax)) {
                            iMax = j;
                        }
                    }
                }
                if (iMin < 0) {
                    open = false;
                } else {
                    int a = Math.min(iMin, iMax);
                    int z = Math.max(iMin, iMax);
                    open = point(open, a, col.at(a), main);
                    if (z != a) {
                        open = point(open, z, col.at(z), main);
                    }
                }
                i = j;
            }
            sb.append("\"/>\n");
        }

        private boolean point(boolean open, int row, double v, boolean main) {
            sb.append(open ? ' ' : 'M');
            Svg.num(sb, x(p.timestamp(row))).append(' ');
            Svg.num(sb, main ? yPix(v) : sPix(v));
            return true;
        }

        /** The band as polygons: per pixel column, the highest upper and the lowest lower bound. */
        private void band() {
            sb.append("<path class=\"band\" clip-path=\"url(#").append(id).append("clipMain)\" fill=\"#9ecae1\" opacity=\"0.6\" d=\"");
            List<double[]> seg = new ArrayList<>();
            int i = 0;
            while (i < n) {
                int k = bucket(p.timestamp(i));
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                int j = i;
                for (; j < n && bucket(p.timestamp(j)) == k; j++) {
                    double l = p.yhatLower(j);
                    double u = p.yhatUpper(j);
                    if (!Double.isNaN(l) && !Double.isNaN(u)) {
                        lo = Math.min(lo, l);
                        hi = Math.max(hi, u);
                    }
                }
                if (lo > hi) {
                    flushBand(seg);
                } else {
                    seg.add(new double[] {k + LEFT + 0.5, yPix(hi), yPix(lo)});
                }
                i = j;
            }
            flushBand(seg);
            sb.append("\"/>\n");
        }

        private void flushBand(List<double[]> seg) {
            if (seg.isEmpty()) {
                return;
            }
            if (seg.size() == 1) {
                double[] s = seg.get(0);
                seg.add(new double[] {s[0] + 0.5, s[1], s[2]});
                s[0] -= 0.5;
            }
            sb.append('M');
            for (int k = 0; k < seg.size(); k++) {
                double[] s = seg.get(k);
                if (k > 0) {
                    sb.append(' ');
                }
                Svg.num(sb, s[0]).append(' ');
                Svg.num(sb, s[1]);
            }
            for (int k = seg.size() - 1; k >= 0; k--) {
                double[] s = seg.get(k);
                sb.append(' ');
                Svg.num(sb, s[0]).append(' ');
                Svg.num(sb, s[2]);
            }
            sb.append('Z');
            seg.clear();
        }

        /** A marker per anomalous row, merged only when two land on the same pixel. */
        private void markers() {
            ScoreSummary s = ScoreSummary.of(p, b.threshold);
            boolean titles = s.anomalies() <= MAX_MARKER_TITLES;
            Set<Long> seen = new HashSet<>();
            sb.append("<g class=\"anomalies\" fill=\"#d62728\" stroke=\"#fff\" stroke-width=\"0.8\">");
            for (int i = 0; i < n; i++) {
                double sc = p.anomalyScore(i);
                if (!(sc > b.threshold)) {
                    continue;
                }
                double v = p.y(i);
                double px = x(p.timestamp(i));
                double py = Double.isFinite(v) ? Math.max(TOP, Math.min(TOP + MAIN_H, yPix(v))) : TOP + 4;
                long key = Math.round(px) * 100_000L + Math.round(py);
                if (!seen.add(key)) {
                    continue;
                }
                sb.append("<circle class=\"anomaly\" cx=\"");
                Svg.num(sb, px).append("\" cy=\"");
                Svg.num(sb, py).append("\" r=\"3\"");
                if (titles) {
                    sb.append("><title>").append(Svg.esc(b.timeText.apply(i))).append(": y=").append(fmt(v))
                            .append(", score=").append(fmt(sc)).append("</title></circle>");
                } else {
                    sb.append("/>");
                }
            }
            sb.append("</g>\n");
        }

        private void table(ScoreSummary s) {
            sb.append("<table class=\"summary\">\n");
            for (Map.Entry<String, String> e : b.rows.entrySet()) {
                tr(e.getKey(), e.getValue());
            }
            tr("rows", s.rows() + (s.scored() < s.rows() ? " (" + s.scored() + " with a score)" : ""));
            tr("anomalies (score > " + fmt(b.threshold) + ")",
                    s.anomalies() + String.format(Locale.ROOT, " (%.2f %%)", s.anomalyPercent()));
            tr("max anomaly_score", Double.isNaN(s.maxScore()) ? "-" : fmt(s.maxScore()));
            tr("first anomaly", s.firstAnomaly() < 0 ? "-" : b.timeText.apply(s.firstAnomaly()));
            tr("last anomaly", s.lastAnomaly() < 0 ? "-" : b.timeText.apply(s.lastAnomaly()));
            sb.append("</table>\n");
        }

        private void tr(String k, String v) {
            sb.append("<tr><th>").append(Svg.esc(k)).append("</th><td>").append(Svg.esc(v)).append("</td></tr>\n");
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

    @FunctionalInterface
    private interface IntToDouble {
        double at(int i);
    }
}
