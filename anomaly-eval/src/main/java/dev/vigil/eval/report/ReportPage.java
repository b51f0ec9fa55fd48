package dev.vigil.eval.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The HTML around the plots of {@link HtmlReport}: the document head and styles, the overview table
 * of a page with several reports, and the summary table under each plot. Stateless and thread-safe;
 * O(size of the page).
 */
final class ReportPage {

    private ReportPage() {
    }

    /** One report as a page. */
    static String single(HtmlReport.Builder b) {
        StringBuilder sb = new StringBuilder(1 << 16);
        head(sb, b.title, "");
        sb.append("<p class=\"note\">Times in UTC. The plot keeps the minimum and maximum of each pixel column;")
                .append(" every row with anomaly_score &gt; ").append(HtmlReport.fmt(b.threshold)).append(" is marked.</p>\n");
        section(sb, b, "");
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    /** Several reports as one page; see {@link HtmlReport#page}. */
    static String page(String title, String note, Map<String, String> overview, List<HtmlReport.Builder> sections,
                       List<Map.Entry<String, ScoreSummary>> omitted) {
        StringBuilder sb = new StringBuilder(1 << 16);
        head(sb, title, note);
        if (!overview.isEmpty()) {
            sb.append("<table class=\"overview\">\n");
            overview.forEach((k, v) -> sb.append("<tr><th>").append(Html.escape(k)).append("</th><td>").append(Html.escape(v))
                    .append("</td></tr>\n"));
            sb.append("</table>\n");
        }
        boolean labelled = sections.stream().anyMatch(b -> b.labelled);
        double threshold = sections.isEmpty() ? ScoreSummary.DEFAULT_THRESHOLD : sections.get(0).threshold;
        sb.append("<table class=\"series\">\n<tr><th>series</th><th>points scored</th><th>points with anomaly_score &gt; ")
                .append(HtmlReport.fmt(threshold)).append("</th><th>anomaly events</th>")
                .append(labelled ? "<th>labelled windows hit</th><th>labelled windows missed</th>" : "")
                .append("<th>max anomaly_score</th><th>first anomaly</th><th>last anomaly</th></tr>\n");
        for (int k = 0; k < sections.size(); k++) {
            HtmlReport.Builder b = sections.get(k);
            seriesRow(sb, "<a href=\"#s" + k + "\">" + Html.escape(b.title) + "</a>", ScoreSummary.of(b.p, b.threshold),
                    b.timeText, labelled ? hits(b) : null);
        }
        for (Map.Entry<String, ScoreSummary> e : omitted) {
            seriesRow(sb, Html.escape(e.getKey()) + " (no plot)", e.getValue(), null, labelled ? new int[] {-1, -1} : null);
        }
        sb.append("</table>\n");
        for (int k = 0; k < sections.size(); k++) {
            HtmlReport.Builder b = sections.get(k);
            sb.append("<h2 id=\"s").append(k).append("\">").append(Html.escape(b.title)).append("</h2>\n");
            section(sb, b, "s" + k + "-");
        }
        sb.append("</body>\n</html>\n");
        return sb.toString();
    }

    /** The plot and the summary table of one report; element ids start with {@code id}. */
    private static void section(StringBuilder sb, HtmlReport.Builder b, String id) {
        ScoreSummary s = ScoreSummary.of(b.p, b.threshold);
        new PlotSvg(b, id, sb).render(s);
        table(sb, b, s);
    }

    /** Windows hit and missed of a labelled report; -1, -1 when the series has no labels. */
    private static int[] hits(HtmlReport.Builder b) {
        if (!b.labelled) {
            return new int[] {-1, -1};
        }
        int hit = ScoreSummary.windowsHit(b.p, b.windows, b.threshold);
        return new int[] {hit, b.windows.size() - hit};
    }

    private static void seriesRow(StringBuilder sb, String name, ScoreSummary s, IntFunction<String> time, int[] hits) {
        sb.append("<tr><td>").append(name).append("</td><td class=\"num\">").append(s.scored())
                .append("</td><td class=\"num\">").append(s.anomalies())
                .append("</td><td class=\"num\">").append(s.events());
        if (hits != null) {
            sb.append("</td><td class=\"num\">").append(hits[0] < 0 ? "-" : String.valueOf(hits[0]))
                    .append("</td><td class=\"num\">").append(hits[1] < 0 ? "-" : String.valueOf(hits[1]));
        }
        sb.append("</td><td class=\"num\">").append(Double.isNaN(s.maxScore()) ? "-" : HtmlReport.fmt(s.maxScore()))
                .append("</td><td>").append(s.firstAnomaly() < 0 || time == null ? "-" : Html.escape(time.apply(s.firstAnomaly())))
                .append("</td><td>").append(s.lastAnomaly() < 0 || time == null ? "-" : Html.escape(time.apply(s.lastAnomaly())))
                .append("</td></tr>\n");
    }

    /** The document head, the heading and the note. */
    private static void head(StringBuilder sb, String title, String note) {
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:24px;color:#222;")
                .append("max-width:1240px}\n")
                .append("h1{font-size:20px;margin:0 0 4px}\nh2{font-size:16px;margin:28px 0 6px}\n")
                .append(".note{color:#666;font-size:13px;margin:0 0 12px}\n")
                .append("svg{display:block;background:#fff}\nsvg text{font-size:12px;fill:#444}\n")
                .append("table{border-collapse:collapse;margin-top:16px;font-size:14px}\n")
                .append("th,td{border:1px solid #ddd;padding:4px 10px;text-align:left;vertical-align:top}\n")
                .append("th{background:#f4f4f4;font-weight:600;white-space:nowrap}\ntd.num{font-variant-numeric:tabular-nums}\n")
                .append("</style>\n</head>\n<body>\n<h1>").append(Html.escape(title)).append("</h1>\n");
        if (!note.isEmpty()) {
            sb.append("<p class=\"note\">").append(Html.escape(note)).append("</p>\n");
        }
    }

    private static void table(StringBuilder sb, HtmlReport.Builder b, ScoreSummary s) {
        sb.append("<table class=\"summary\">\n");
        for (Map.Entry<String, String> e : b.rows.entrySet()) {
            tr(sb, e.getKey(), e.getValue());
        }
        tr(sb, "rows", s.rows() + (s.scored() < s.rows() ? " (" + s.scored() + " with a score)" : ""));
        tr(sb, "anomalies (score > " + HtmlReport.fmt(b.threshold) + ")",
                s.anomalies() + String.format(Locale.ROOT, " (%.2f %%)", s.anomalyPercent()));
        tr(sb, "anomaly events (runs of consecutive points above " + HtmlReport.fmt(b.threshold) + ")",
                String.valueOf(s.events()));
        if (b.labelled) {
            int hit = ScoreSummary.windowsHit(b.p, b.windows, b.threshold);
            tr(sb, b.windowsName + "s hit (a point above " + HtmlReport.fmt(b.threshold) + " inside)",
                    hit + " of " + b.windows.size());
            tr(sb, b.windowsName + "s missed", String.valueOf(b.windows.size() - hit));
        }
        tr(sb, "max anomaly_score", Double.isNaN(s.maxScore()) ? "-" : HtmlReport.fmt(s.maxScore()));
        tr(sb, "first anomaly", s.firstAnomaly() < 0 ? "-" : b.timeText.apply(s.firstAnomaly()));
        tr(sb, "last anomaly", s.lastAnomaly() < 0 ? "-" : b.timeText.apply(s.lastAnomaly()));
        sb.append("</table>\n");
    }

    private static void tr(StringBuilder sb, String k, String v) {
        sb.append("<tr><th>").append(Html.escape(k)).append("</th><td>").append(Html.escape(v)).append("</td></tr>\n");
    }
}
