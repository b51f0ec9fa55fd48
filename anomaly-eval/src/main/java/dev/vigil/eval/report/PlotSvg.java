package dev.vigil.eval.report;

import dev.vigil.core.prediction.Prediction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.vigil.core.prediction.Columns.ANOMALY_SCORE;
import static dev.vigil.core.prediction.Columns.Y;
import static dev.vigil.core.prediction.Columns.YHAT;
import static dev.vigil.core.prediction.Columns.YHAT_LOWER;
import static dev.vigil.core.prediction.Columns.YHAT_UPPER;

/**
 * The SVG plot of one {@link HtmlReport}: {@code y}, the {@code yhat_lower..yhat_upper} band and the
 * {@code yhat} line, a marker on every row whose score exceeds the threshold, the shaded windows and
 * fit window, the {@code anomaly_score} panel with the threshold line, and the time and value axes.
 *
 * <p>Downsampling: each column of pixels keeps the minimum and the maximum of {@code y},
 * {@code yhat} and {@code anomaly_score} (in the order they occur) and the envelope of the band, so
 * spikes survive and the SVG holds O(plot width) points whatever the row count. Anomaly markers are
 * only merged when they fall on the same pixel, so none disappears. O(n) time.
 *
 * <p>One rendering pass: not thread-safe, used once.
 */
final class PlotSvg {

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

    private final HtmlReport.Builder b;
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

    /** A pass that appends to {@code sb}, with element ids starting with {@code id}. */
    PlotSvg(HtmlReport.Builder b, String id, StringBuilder sb) {
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

    /** Appends the plot of {@code s}'s prediction. */
    void render(ScoreSummary s) {
        ranges(s);
        svg(s);
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
                .append(Html.escape(b.title)).append("\">\n");
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
            line(YHAT, i -> p.yhat(i), true, "#1f77b4", "1.2");
            line(Y, i -> p.y(i), true, "#222", "1");
            markers();
            line(ANOMALY_SCORE, i -> p.anomalyScore(i), false, "#7b3294", "1");
        }
        thresholdLine();
        sb.append("</svg>\n");
    }

    private void legend() {
        sb.append("<g class=\"legend\">");
        int x = LEFT;
        x = legendLine(x, "#222", Y, null);
        x = legendLine(x, "#1f77b4", YHAT, null);
        sb.append("<rect x=\"").append(x).append("\" y=\"8\" width=\"22\" height=\"10\" fill=\"#9ecae1\" opacity=\"0.6\"/>")
                .append("<text x=\"").append(x + 28).append("\" y=\"17\">").append(YHAT_LOWER).append(" .. ").append(YHAT_UPPER).append("</text>");
        x += 190;
        sb.append("<circle cx=\"").append(x + 6).append("\" cy=\"13\" r=\"3.5\" fill=\"#d62728\"/>")
                .append("<text x=\"").append(x + 16).append("\" y=\"17\">").append(ANOMALY_SCORE).append(" &gt; ")
                .append(HtmlReport.fmt(b.threshold)).append("</text>");
        x += 150;
        if (!b.windows.isEmpty()) {
            sb.append("<rect x=\"").append(x).append("\" y=\"8\" width=\"22\" height=\"10\" fill=\"#f28e2b\" fill-opacity=\"0.28\" stroke=\"#e6550d\" stroke-opacity=\"0.6\"/>")
                    .append("<text x=\"").append(x + 28).append("\" y=\"17\">").append(Html.escape(b.windowsName))
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
            for (HtmlReport.Window w : b.windows) {
                double xa = Math.max(LEFT, x(w.startMs()));
                double xb = Math.min(LEFT + PLOT_W, x(w.endMs()));
                if (xb < LEFT || xa > LEFT + PLOT_W) {
                    continue;
                }
                sb.append("<g><title>").append(Html.escape(w.label().isEmpty() ? b.windowsName : w.label()))
                        .append(": ").append(HtmlReport.UTC.format(Instant.ofEpochMilli(w.startMs()))).append(" .. ")
                        .append(HtmlReport.UTC.format(Instant.ofEpochMilli(w.endMs()))).append("</title>");
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
                    .append(Html.escape(t.label())).append("</text>");
        }
        sb.append("<text x=\"").append(LEFT + PLOT_W).append("\" y=\"").append(SCORE_TOP + SCORE_H + 36)
                .append("\" text-anchor=\"end\">time (UTC)</text></g>\n");
    }

    private void valueAxis() {
        axisTicks(yLo, yHi, TOP, MAIN_H, Y);
    }

    private void scoreAxis() {
        axisTicks(0, sHi, SCORE_TOP, SCORE_H, ANOMALY_SCORE);
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
                sb.append("><title>").append(Html.escape(b.timeText.apply(i))).append(": y=").append(HtmlReport.fmt(v))
                        .append(", score=").append(HtmlReport.fmt(sc)).append("</title></circle>");
            } else {
                sb.append("/>");
            }
        }
        sb.append("</g>\n");
    }

    @FunctionalInterface
    private interface IntToDouble {
        double at(int i);
    }
}
