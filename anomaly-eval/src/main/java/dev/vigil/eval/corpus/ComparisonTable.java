package dev.vigil.eval.corpus;

import dev.vigil.eval.nab.EventMetrics;
import dev.vigil.eval.nab.Profile;
import dev.vigil.eval.report.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The comparison table of an evaluation: one row per detector with its NAB score under every
 * profile, the threshold and event metrics of the first profile, the event F1 at
 * {@code anomaly_score > 1} and the replay time. One set of cells, rendered as Markdown (the
 * {@code evaluate} command's standard output) or as an HTML table (its report). Stateless and
 * thread-safe.
 */
public final class ComparisonTable {

    private ComparisonTable() {
    }

    /** The header and one row of cells per detector, as text. */
    static List<List<String>> cells(List<Evaluation.DetectorResult> results, List<Profile> profiles) {
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>();
        head.add("detector");
        for (Profile p : profiles) {
            head.add(p.name());
        }
        head.addAll(List.of("threshold (" + profiles.get(0).name() + ")", "windows found", "false events", "P", "R", "F1",
                "F1 at score > 1", "seconds"));
        rows.add(head);
        for (Evaluation.DetectorResult r : results) {
            List<String> row = new ArrayList<>();
            row.add(r.detector().name());
            for (Profile p : profiles) {
                row.add(String.format(Locale.ROOT, "%.2f", r.profiles().get(p.name()).nab().normalisedScore()));
            }
            Evaluation.ProfileResult first = r.profiles().values().iterator().next();
            EventMetrics m = first.atThreshold();
            row.add(String.format(Locale.ROOT, "%.4g", first.nab().threshold()));
            row.add(m.found() + "/" + m.windows());
            row.add(Integer.toString(m.falseEvents()));
            row.add(String.format(Locale.ROOT, "%.2f", m.precision()));
            row.add(String.format(Locale.ROOT, "%.2f", m.recall()));
            row.add(String.format(Locale.ROOT, "%.2f", m.f1()));
            row.add(String.format(Locale.ROOT, "%.2f", r.aboveOne().f1()));
            row.add(String.format(Locale.ROOT, "%.1f", r.seconds()));
            rows.add(row);
        }
        return rows;
    }

    /** The table in Markdown, numbers right-aligned; {@code |} in a detector's name is escaped. */
    public static String markdown(List<Evaluation.DetectorResult> results, List<Profile> profiles) {
        List<List<String>> rows = cells(results, profiles);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            sb.append('|');
            for (String c : rows.get(i)) {
                sb.append(' ').append(c.replace("|", "\\|")).append(" |");
            }
            sb.append('\n');
            if (i == 0) {
                sb.append("|---|").append("---:|".repeat(rows.get(0).size() - 1)).append('\n');
            }
        }
        return sb.toString();
    }

    /** The table as an HTML {@code <table>}, every cell escaped. */
    static String html(List<Evaluation.DetectorResult> results, List<Profile> profiles) {
        List<List<String>> rows = cells(results, profiles);
        StringBuilder sb = new StringBuilder("<table>\n");
        for (int i = 0; i < rows.size(); i++) {
            String tag = i == 0 ? "th" : "td";
            sb.append("<tr>");
            for (String c : rows.get(i)) {
                sb.append('<').append(tag).append('>').append(Html.escape(c)).append("</").append(tag).append('>');
            }
            sb.append("</tr>\n");
        }
        return sb.append("</table>\n").toString();
    }

    /** A file-system-safe folder name for a detector's scores or detail pages. */
    public static String folderName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+|_+$", "");
    }
}
