package dev.vigil.eval.corpus;

import dev.vigil.eval.nab.NabCorpus;
import dev.vigil.eval.report.Html;
import dev.vigil.eval.nab.EventMetrics;
import dev.vigil.eval.nab.NabFile;
import dev.vigil.eval.nab.NabScorer;
import dev.vigil.eval.nab.Profile;
import dev.vigil.core.prediction.Prediction;
import dev.vigil.eval.report.HtmlReport;
import dev.vigil.eval.report.ScoreSummary;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code --report} page: one self-contained HTML file (no script, inline SVG). For each detector
 * a table per profile and, per file, a small plot of {@code y} (min/max per pixel column), the band
 * (where the detector has one), the labelled windows, the probation, and the detections at the first
 * profile's optimised threshold. Stateless and thread-safe. The small plots are a compact overview for comparing
 * many files and detectors on one page (a few KB each); for the detail of one file they link, when
 * asked, to the {@link HtmlReport} page the {@code score} command writes (about 100 KB each).
 */
public final class EvaluationReport {

    private static final int W = 640;
    private static final int H = 110;

    private EvaluationReport() {
    }

    /**
     * Writes the page; with {@code details}, also one {@link HtmlReport} page per detector and file
     * in {@code <report>-files/<detector>/<category>/<name>.html}, linked from the small plots.
     */
    public static void write(Path file, List<Evaluation.DetectorResult> results, List<Profile> profiles,
                      List<NabCorpus.Entry> corpus, boolean details) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        String fileName = file.getFileName().toString();
        String detailsDir = (fileName.endsWith(".html") ? fileName.substring(0, fileName.length() - 5) : fileName) + "-files";
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Vigil evaluate</title><style>"
                    + "body{font-family:sans-serif;margin:1em 2em}table{border-collapse:collapse;margin:.5em 0}"
                    + "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}th:first-child,td:first-child{text-align:left}"
                    + ".plot{display:inline-block;margin:4px;font-size:11px;vertical-align:top}"
                    + "svg{border:1px solid #ddd;background:#fff}</style></head><body>\n");
            w.write("<h1>Vigil evaluate: NAB score and event metrics</h1>\n<p>" + corpus.size() + " files. Legend: "
                    + "<span style=\"color:#1f4e9c\">y</span>, <span style=\"color:#8fb3e8\">band</span>, "
                    + "<span style=\"color:#e0a000\">labelled windows</span>, grey: probation (not scored), "
                    + "<span style=\"color:#d00\">detections</span> at the " + Html.escape(profiles.get(0).name())
                    + " threshold.</p>\n<h2>Comparison</h2>\n");
            w.write(ComparisonTable.html(results, profiles));
            for (Evaluation.DetectorResult r : results) {
                w.write("<h2>" + Html.escape(r.detector().name()) + "</h2>\n<p>" + Html.escape(r.detector().describe()) + "</p>\n");
                w.write("<table><tr><th>profile</th><th>NAB</th><th>raw</th><th>null</th><th>perfect</th><th>threshold</th>"
                        + "<th>windows found</th><th>false events</th><th>P</th><th>R</th><th>F1</th></tr>\n");
                for (Profile p : profiles) {
                    Evaluation.ProfileResult pr = r.profiles().get(p.name());
                    NabScorer.Result n = pr.nab();
                    w.write(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.2f</td><td>%.2f</td><td>%.1f</td><td>%.1f</td>"
                                    + "<td>%.4g</td>%s</tr>%n", Html.escape(p.name()), n.normalisedScore(), n.rawScore(), n.nullScore(),
                            n.perfectScore(), n.threshold(), eventCells(pr.atThreshold())));
                }
                w.write(String.format(Locale.ROOT, "<tr><td>anomaly_score &gt; 1</td><td></td><td></td><td></td><td></td>"
                        + "<td>&gt; 1</td>%s</tr>%n", eventCells(r.aboveOne())));
                w.write("</table>\n");
                for (String note : r.notes()) {
                    w.write("<p>warning: " + Html.escape(note) + "</p>\n");
                }
                double threshold = r.profiles().get(profiles.get(0).name()).nab().threshold();
                w.write("<details><summary>plots of the " + r.corpus().size() + " files</summary>\n");
                for (int k = 0; k < r.corpus().size(); k++) {
                    NabScorer.FileScore fs = r.profiles().get(profiles.get(0).name()).nab().files().get(k);
                    ScoreSummary above = ScoreSummary.ofScores(r.outputs().get(k).scores(), 1.0);
                    w.write("<div class=\"plot\">" + Html.escape(fs.name()) + String.format(Locale.ROOT,
                            " (raw %.2f, %d/%d windows, %d FP rows; %d points &gt; 1 in %d events)<br>", fs.score(),
                            fs.windowsDetected(), fs.windows(), fs.falsePositives(), above.anomalies(), above.events()));
                    String svg = plot(corpus.get(k), r.outputs().get(k), r.corpus().get(k), threshold, profiles.get(0));
                    if (details) {
                        String rel = detailsDir + "/" + ComparisonTable.folderName(r.detector().name()) + "/"
                                + fs.name().replaceAll("\\.csv$", "") + ".html";
                        detailPage(file.resolveSibling(rel), corpus.get(k), r, k, threshold, profiles.get(0), fs);
                        w.write("<a href=\"" + Html.escape(rel) + "\">" + svg + "</a>");
                    } else {
                        w.write(svg);
                    }
                    w.write("</div>\n");
                }
                w.write("</details>\n");
            }
            w.write("</body></html>\n");
        }
    }

    /** The full single-series page of the {@code score} command for one file of one detector. */
    private static void detailPage(Path page, NabCorpus.Entry e, Evaluation.DetectorResult r, int k, double threshold,
                                   Profile profile, NabScorer.FileScore fs) throws IOException {
        Detector.Output o = r.outputs().get(k);
        double[] y = e.values();
        Prediction.Builder b = Prediction.builder(e.data().series().labels(), e.data().series().timestamps());
        for (int i = 0; i < y.length; i++) {
            b.set(i, y[i], o.yhat()[i], o.lower()[i], o.upper()[i]);
        }
        System.arraycopy(o.scores(), 0, b.anomalyScore(), 0, y.length);
        List<HtmlReport.Window> windows = HtmlReport.Window.ofPairs(e.windows());
        Files.createDirectories(page.toAbsolutePath().getParent());
        HtmlReport.builder(b.build())
                .title("vigil evaluate: " + e.name() + " with " + r.detector().name())
                .fitRows(profile.probationRows(y.length))
                .threshold(Double.isFinite(threshold) ? threshold : Double.MAX_VALUE)
                .timeText(e.data()::timestampText)
                .windows("labelled window", windows)
                .row("detector", r.detector().describe())
                .row("shaded at the start", "NAB probation (not scored); models are fitted on it")
                .row("threshold", String.format(Locale.ROOT, "%.6g (optimised over the corpus for %s)", threshold,
                        profile.name()))
                .row("NAB raw score of this file", String.format(Locale.ROOT, "%.3f (%d/%d windows, %d false-positive rows)",
                        fs.score(), fs.windowsDetected(), fs.windows(), fs.falsePositives()))
                .write(page);
    }

    private static String eventCells(EventMetrics m) {
        return String.format(Locale.ROOT, "<td>%d/%d</td><td>%d</td><td>%.2f</td><td>%.2f</td><td>%.2f</td>",
                m.found(), m.windows(), m.falseEvents(), m.precision(), m.recall(), m.f1());
    }


    /** One SVG: x is the row index (file order), y scaled to the min/max of y and the band. */
    static String plot(NabCorpus.Entry e, Detector.Output o, NabFile f, double threshold, Profile probation) {
        int n = e.size();
        double[] y = e.values();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            for (double v : new double[] {y[i], o.lower()[i], o.upper()[i]}) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi > lo)) {
            // A flat (or empty) series: centre the line.
            lo = Double.isFinite(lo) ? lo - 0.5 : 0;
            hi = lo + 1;
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<svg width=\"").append(W).append("\" height=\"").append(H).append("\">");
        int prob = probation.probationRows(n);
        sb.append(rect(0, x(prob, n), "#eee"));
        int[] rows = f.windowRows();
        for (int k = 0; k < rows.length; k += 2) {
            sb.append(rect(x(rows[k], n), x(rows[k + 1] + 1, n), "#fde7b0"));
        }
        // Per pixel column: min/max of y, min of lower, max of upper.
        int cols = Math.min(W, Math.max(1, n));
        double[] ymin = new double[cols];
        double[] ymax = new double[cols];
        double[] bl = new double[cols];
        double[] bu = new double[cols];
        java.util.Arrays.fill(ymin, Double.NaN);
        java.util.Arrays.fill(ymax, Double.NaN);
        java.util.Arrays.fill(bl, Double.NaN);
        java.util.Arrays.fill(bu, Double.NaN);
        for (int i = 0; i < n; i++) {
            int c = (int) ((long) i * cols / n);
            ymin[c] = minNan(ymin[c], y[i]);
            ymax[c] = maxNan(ymax[c], y[i]);
            bl[c] = minNan(bl[c], o.lower()[i]);
            bu[c] = maxNan(bu[c], o.upper()[i]);
        }
        double sx = (double) W / cols;
        StringBuilder band = new StringBuilder();
        for (int c = 0; c < cols; c++) {
            if (Double.isFinite(bl[c]) && Double.isFinite(bu[c])) {
                band.append(String.format(Locale.ROOT, "M%.1f %.1fV%.1f", (c + 0.5) * sx, yy(bu[c], lo, hi), yy(bl[c], lo, hi)));
            }
        }
        if (band.length() > 0) {
            sb.append("<path d=\"").append(band).append("\" stroke=\"#8fb3e8\" stroke-width=\"")
                    .append(String.format(Locale.ROOT, "%.2f", Math.max(1, sx))).append("\" fill=\"none\"/>");
        }
        StringBuilder line = new StringBuilder();
        boolean pen = false;
        for (int c = 0; c < cols; c++) {
            if (Double.isNaN(ymin[c])) {
                pen = false;
                continue;
            }
            line.append(String.format(Locale.ROOT, "%s%.1f %.1fL%.1f %.1f", pen ? "L" : "M", (c + 0.5) * sx,
                    yy(ymax[c], lo, hi), (c + 0.5) * sx, yy(ymin[c], lo, hi)));
            pen = true;
        }
        sb.append("<path d=\"").append(line).append("\" stroke=\"#1f4e9c\" stroke-width=\"0.8\" fill=\"none\"/>");
        StringBuilder det = new StringBuilder();
        int lastCol = -1;
        for (int i = prob; i < n; i++) {
            double s = f.scores()[i];
            int c = (int) ((long) i * cols / n);
            if (!Double.isNaN(s) && Math.min(s, Double.MAX_VALUE) >= threshold && c != lastCol) {
                det.append(String.format(Locale.ROOT, "M%.1f %dV%d", (c + 0.5) * sx, H - 8, H));
                lastCol = c;
            }
        }
        if (det.length() > 0) {
            sb.append("<path d=\"").append(det).append("\" stroke=\"#d00\" stroke-width=\"1.2\"/>");
        }
        return sb.append("</svg>").toString();
    }

    private static String rect(double x0, double x1, String fill) {
        return String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", x0,
                Math.max(1, x1 - x0), H, fill);
    }

    private static double x(int row, int n) {
        return (double) row * W / Math.max(1, n);
    }

    private static double yy(double v, double lo, double hi) {
        return 4 + (H - 16) * (1 - (v - lo) / (hi - lo));
    }

    private static double minNan(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b);
    }

    private static double maxNan(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }
}
