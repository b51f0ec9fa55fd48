package dev.vigil.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ServiceReportTest {

    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    /** The five outputs of one series: n points from {@code from}, y = 10, band [8, 12], score 0.5 but {@code spike}. */
    private static List<Output> outputs(String host, int from, int n, int spikeAt, double spikeScore) {
        Labels in = Labels.of("__name__", "cpu", "host", host);
        long[] ts = new long[n];
        double[][] v = new double[5][n];
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + 60_000L * (from + i);
            v[0][i] = from + i == spikeAt ? 30 : 10;
            v[1][i] = 10;
            v[2][i] = 8;
            v[3][i] = 12;
            v[4][i] = from + i == spikeAt ? spikeScore : 0.5;
        }
        String[] names = {"y", "yhat", "yhat_lower", "yhat_upper", "anomaly_score"};
        List<Output> out = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            out.add(new Output(names[k], Series.of(in, ts.clone(), v[k])));
        }
        return out;
    }

    private record Output(String variable, Series series) {
    }

    private static void add(ServiceReport r, List<Output> outputs) {
        for (Output o : outputs) {
            r.add("s", "m", "q", o.variable(), o.series());
        }
    }

    private static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> byClass(Document d, String tag, String cls) {
        NodeList all = d.getElementsByTagName(tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (cls == null || cls.equals(e.getAttribute("class"))) {
                out.add(e);
            }
        }
        return out;
    }

    private ServiceReport report(int maxPoints, int maxSections) {
        return new ServiceReport(dir.resolve("r.html"), "Report", Map.of("scores file", "out.jsonl"), maxPoints,
                maxSections);
    }

    @Test
    void render_twoSeriesInBatches_oneSectionEachMostAnomalousFirstWithUniqueIds() throws Exception {
        ServiceReport r = report(1000, 10);
        // Host a arrives in two jobs; host b's spike scores higher, so b comes first.
        add(r, outputs("a", 0, 50, 30, 2.0));
        add(r, outputs("b", 0, 100, 70, 7.0));
        add(r, outputs("a", 50, 50, -1, 0));
        String html = r.render();
        Document d = parse(html);
        List<Element> h2 = byClass(d, "h2", null);
        assertThat(h2).hasSize(2);
        // One scheduler: its name is in each section's table, not repeated in the titles.
        assertThat(h2.get(0).getTextContent()).isEqualTo("cpu{host=\"b\"} \u2014 query q, model m");
        assertThat(h2.get(1).getTextContent()).startsWith("cpu{host=\"a\"}");
        assertThat(byClass(d, "svg", null)).hasSize(2);
        assertThat(byClass(d, "circle", "anomaly")).hasSize(2);
        Set<String> ids = new HashSet<>();
        for (Element e : byClass(d, "clipPath", null)) {
            assertThat(ids.add(e.getAttribute("id"))).as("duplicate id %s", e.getAttribute("id")).isTrue();
        }
        assertThat(ids).hasSize(4);
        // Overview rows: host b (100 rows, max 7), then host a (both batches joined: 100 rows, max 2).
        String overview = d.getElementsByTagName("table").item(1).getTextContent();
        assertThat(overview.indexOf("host=\"b\"")).isLessThan(overview.indexOf("host=\"a\""));
        // Points scored, points above 1, anomaly events, max score.
        assertThat(html).contains("<td class=\"num\">100</td><td class=\"num\">1</td><td class=\"num\">1</td>"
                        + "<td class=\"num\">7</td>",
                "<td class=\"num\">100</td><td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">2</td>",
                "<a href=\"#s0\">", "<h2 id=\"s1\">");
    }

    @Test
    void render_moreSeriesThanSections_listsTheRestWithoutPlot() throws Exception {
        ServiceReport r = report(1000, 1);
        add(r, outputs("a", 0, 20, 5, 3.0));
        add(r, outputs("b", 0, 20, 5, 9.0));
        String html = r.render();
        Document d = parse(html);
        assertThat(byClass(d, "svg", null)).hasSize(1);
        assertThat(byClass(d, "h2", null).get(0).getTextContent()).contains("host=\"b\"");
        assertThat(html).contains("(no plot)", "2 (1 plotted, the most anomalous)");
    }

    @Test
    void add_beyondMaxPoints_keepsTheNewestPointsOnly() throws Exception {
        ServiceReport r = report(100, 10);
        for (int job = 0; job < 30; job++) {
            add(r, outputs("a", job * 10, 10, -1, 0));
        }
        String html = r.render();
        // 300 points arrived; the report shows the last 100.
        assertThat(html).contains("<th>rows</th><td>100</td>");
    }

    @Test
    void add_repeatedTimestamp_lastValueWins() throws Exception {
        ServiceReport r = report(1000, 10);
        add(r, outputs("a", 0, 10, -1, 0));
        add(r, outputs("a", 9, 1, 9, 4.0));
        String html = r.render();
        assertThat(html).contains("<th>rows</th><td>10</td>", "<th>max anomaly_score</th><td>4</td>");
    }

    @Test
    void write_noDataYet_writesAPageSayingSo() throws Exception {
        ServiceReport r = report(1000, 10);
        r.write();
        String html = Files.readString(dir.resolve("r.html"));
        assertThat(parse(html).getElementsByTagName("svg").getLength()).isZero();
        assertThat(html).contains("No output yet");
        assertThat(dir.resolve(".r.html.tmp")).doesNotExist();
    }

    @Test
    void write_unwritablePath_namesTheReport() throws IOException {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        ServiceReport r = new ServiceReport(blocker.resolve("r.html"), "t", Map.of(), 10, 1);
        assertThatThrownBy(r::write).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot write the HTML report " + blocker.resolve("r.html"));
    }

    @Test
    void constructor_badBounds_areRejected() {
        assertThatThrownBy(() -> report(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPoints");
    }

    @Test
    void render_labelledWindowsForTheQueryKey_shadesThemAndCountsHitsAndMisses() throws Exception {
        ServiceReport r = report(1000, 10);
        // Query q: host a spikes at minute 30 (inside the first window), nothing in the second one.
        add(r, outputs("a", 0, 100, 30, 3.0));
        r.add("s", "m", "other", "anomaly_score", outputs("a", 0, 100, 30, 3.0).get(4).series());
        r.labelledWindows(Map.of("q", new long[] {T0 + 60_000L * 25, T0 + 60_000L * 35, T0 + 60_000L * 60,
                T0 + 60_000L * 70}));
        String html = r.render();
        Document d = parse(html);
        List<Element> groups = byClass(d, "g", "windows");
        assertThat(groups).hasSize(1);
        // Each window is shaded in the value panel and in the score panel.
        assertThat(groups.get(0).getElementsByTagName("rect").getLength()).isEqualTo(4);
        assertThat(groups.get(0).getTextContent()).contains("labelled window 1", "labelled window 2");
        Element overview = (Element) d.getElementsByTagName("table").item(1);
        assertThat(overview.getTextContent()).contains("labelled windows hit", "labelled windows missed");
        // Series q: 100 scored, 1 above 1, 1 event, 1 window hit, 1 missed; series "other" has no labels.
        assertThat(html).contains("<td class=\"num\">100</td><td class=\"num\">1</td><td class=\"num\">1</td>"
                + "<td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">3</td>",
                "<td class=\"num\">1</td><td class=\"num\">-</td><td class=\"num\">-</td>",
                "<th>labelled windows hit (a point above 1 inside)</th><td>1 of 2</td>");
    }

    @Test
    void render_seriesSharingLabels_areNamedByTheirDistinguishingLabels() throws Exception {
        ServiceReport r = report(1000, 10);
        for (String host : new String[] {"a", "b"}) {
            Labels l = Labels.of("__name__", "cpu", "job", "node", "host", host);
            r.add("s", "m", "q", "anomaly_score", Series.of(l, new long[] {T0}, new double[] {0.5}));
        }
        List<Element> h2 = byClass(parse(r.render()), "h2", null);
        assertThat(h2).extracting(Element::getTextContent).containsExactly("cpu{host=\"a\"} \u2014 query q, model m",
                "cpu{host=\"b\"} \u2014 query q, model m");
    }
}
