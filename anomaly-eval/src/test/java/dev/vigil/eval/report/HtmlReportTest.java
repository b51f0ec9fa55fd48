package dev.vigil.eval.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Labels;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class HtmlReportTest {

    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    /** n rows, one minute apart, noise around 10 with a band of ±3 and the given rows anomalous (score 5). */
    private static Prediction prediction(int n, int[] anomalies, long seed) {
        long[] ts = new long[n];
        for (int i = 0; i < n; i++) {
            ts[i] = T0 + 60_000L * i;
        }
        Prediction.Builder b = Prediction.builder(Labels.empty(), ts);
        Random rnd = new Random(seed);
        for (int i = 0; i < n; i++) {
            b.set(i, 10 + rnd.nextGaussian(), 10, 7, 13);
            b.anomalyScore()[i] = Math.min(0.95, Math.abs(rnd.nextGaussian()) * 0.3);
        }
        for (int a : anomalies) {
            b.y()[a] = 30 + a % 7;
            b.anomalyScore()[a] = 5;
        }
        return b.build();
    }

    private static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static int countByClass(Document d, String tag, String cls) {
        NodeList all = d.getElementsByTagName(tag);
        int c = 0;
        for (int i = 0; i < all.getLength(); i++) {
            if (cls.equals(((Element) all.item(i)).getAttribute("class"))) {
                c++;
            }
        }
        return c;
    }

    @Test
    void render_smallSeries_isWellFormedSelfContainedAndMarksEveryAnomaly() throws Exception {
        int[] anomalies = {100, 400, 777, 1500};
        String html = HtmlReport.builder(prediction(2000, anomalies, 1))
                .title("t <&> \"q\"")
                .fitRows(400)
                .row("model", "zscore")
                .windows("labelled window", List.of(new HtmlReport.Window(T0 + 60_000L * 700, T0 + 60_000L * 800, "w1")))
                .render();
        Document d = parse(html);
        assertThat(d.getElementsByTagName("svg").getLength()).isEqualTo(1);
        assertThat(countByClass(d, "circle", "anomaly")).isEqualTo(anomalies.length);
        assertThat(countByClass(d, "path", "y")).isEqualTo(1);
        assertThat(countByClass(d, "path", "band")).isEqualTo(1);
        assertThat(countByClass(d, "path", "anomaly_score")).isEqualTo(1);
        assertThat(countByClass(d, "line", "threshold")).isEqualTo(1);
        assertThat(countByClass(d, "g", "windows")).isEqualTo(1);
        assertThat(countByClass(d, "g", "fit")).isEqualTo(1);
        assertThat(d.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("t <&> \"q\"");
        assertThat(html).doesNotContain("http://", "https://", "<script", "src=", "@import", "url(http");
        assertThat(html).contains("<th>model</th><td>zscore</td>", "<td>4 (0.20 %)</td>",
                "<th>first anomaly</th><td>2024-01-01 01:40:00</td>", "<th>last anomaly</th><td>2024-01-02 01:00:00</td>");
    }

    @Test
    void render_millionRows_staysSmallAndKeepsIsolatedAnomalies() throws Exception {
        int n = 1_000_000;
        int[] anomalies = new int[40];
        for (int k = 0; k < anomalies.length; k++) {
            anomalies[k] = 12_345 + k * 24_000;
        }
        String html = HtmlReport.builder(prediction(n, anomalies, 2)).fitRows(200_000).render();
        assertThat(html.length()).isLessThan(300_000);
        Document d = parse(html);
        assertThat(countByClass(d, "circle", "anomaly")).isEqualTo(anomalies.length);
        // The downsampled y line keeps the spikes: its highest point is the largest anomaly's y.
        String path = html.replaceAll("(?s).*<path class=\"y\"[^>]* d=\"([^\"]*)\".*", "$1");
        double minPixelY = Double.MAX_VALUE;
        for (String tok : path.replace("M", " ").trim().split(" ")) {
            minPixelY = Math.min(minPixelY, Double.parseDouble(tok));
        }
        assertThat(minPixelY).isLessThan(80); // top part of the main panel, which spans y = 34..394
    }

    @Test
    void render_denseAnomalies_mergesOnlyCoincidentMarkers() throws Exception {
        int n = 5000;
        int[] anomalies = new int[n / 2];
        for (int k = 0; k < anomalies.length; k++) {
            anomalies[k] = 2 * k;
        }
        Prediction p = prediction(n, anomalies, 3);
        Document d = parse(HtmlReport.builder(p).render());
        int markers = countByClass(d, "circle", "anomaly");
        // 2500 anomalies over 1096 pixel columns and 7 distinct y values: merged, but none of the y levels lost.
        assertThat(markers).isBetween(1096, 2500);
    }

    @Test
    void render_allMissingAndSingleRow_doNotFail() throws Exception {
        long[] ts = {T0};
        Prediction.Builder b = Prediction.builder(Labels.empty(), ts);
        Document d = parse(HtmlReport.builder(b.build()).render());
        assertThat(countByClass(d, "circle", "anomaly")).isZero();
        Document empty = parse(HtmlReport.builder(Prediction.empty(Labels.empty())).render());
        assertThat(empty.getElementsByTagName("svg").getLength()).isEqualTo(1);
    }

    @Test
    void window_endBeforeStart_isRejected() {
        assertThatThrownBy(() -> new HtmlReport.Window(10, 5, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("before its start");
    }

    @Test
    void fmt_numbers_areShortAndReadable() {
        assertThat(HtmlReport.fmt(2.5)).isEqualTo("2.5");
        assertThat(HtmlReport.fmt(1)).isEqualTo("1");
        assertThat(HtmlReport.fmt(3.14159265)).isEqualTo("3.1416");
        assertThat(HtmlReport.fmt(1e-7)).isEqualTo("1.000e-07");
        assertThat(HtmlReport.fmt(Double.NaN)).isEqualTo("NaN");
    }

    @Test
    void summary_countsAnomaliesAboveThresholdOnly() {
        Prediction p = prediction(100, new int[] {3, 50}, 4);
        ScoreSummary s = ScoreSummary.of(p);
        assertThat(s.anomalies()).isEqualTo(2);
        assertThat(s.firstAnomaly()).isEqualTo(3);
        assertThat(s.lastAnomaly()).isEqualTo(50);
        assertThat(s.maxScore()).isEqualTo(5.0);
        assertThat(s.anomalyPercent()).isEqualTo(2.0);
        assertThat(ScoreSummary.of(p, 5.0).anomalies()).isZero();
    }
}
