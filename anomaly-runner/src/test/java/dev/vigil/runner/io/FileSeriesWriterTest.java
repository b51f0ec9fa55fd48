package dev.vigil.runner.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.vm.OutputSeries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSeriesWriterTest {

    private static final Map<String, String> FORMAT = Map.of("__name__", "$VAR", "for", "$QUERY_KEY");
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static List<OutputSeries> outputs(double[] y, double[] score) {
        long[] ts = new long[y.length];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = T0 + 60_000L * i;
        }
        Labels in = Labels.of("__name__", "cpu", "host", "a");
        return List.of(new OutputSeries("y", "q", "m", "s", Series.of(in, ts, y)),
                new OutputSeries("anomaly_score", "q", "m", "s", Series.of(in, ts.clone(), score)));
    }

    @Test
    void write_jsonLines_readsBackBitForBit() throws IOException {
        Random rnd = new Random(7);
        double[] y = new double[500];
        double[] s = new double[500];
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20);
            s[i] = 0.1 + 0.2 * i;
        }
        y[3] = Double.MIN_VALUE;
        y[4] = -Double.MAX_VALUE;
        Path out = dir.resolve("o.jsonl");
        try (FileSeriesWriter w = new FileSeriesWriter(out, FORMAT)) {
            w.write(outputs(y, s));
        }
        List<Series> back = FileSeriesReader.readAll(out);
        assertThat(back).hasSize(2);
        Series yb = back.stream().filter(x -> "y".equals(x.labels().name())).findFirst().orElseThrow();
        assertThat(yb.labels().asMap()).containsEntry("for", "q").containsEntry("model_alias", "m")
                .containsEntry("scheduler_alias", "s").containsEntry("host", "a");
        for (int i = 0; i < y.length; i++) {
            assertThat(Double.doubleToLongBits(yb.value(i))).as("row %d", i).isEqualTo(Double.doubleToLongBits(y[i]));
        }
    }

    @Test
    void write_csv_valuesParseBackExactly() throws IOException {
        double[] y = {0.1 + 0.2, 1e-300, 123456789.123456789, Double.NaN};
        Path out = dir.resolve("o.csv");
        try (FileSeriesWriter w = new FileSeriesWriter(out, FORMAT)) {
            w.write(outputs(y, new double[] {1, 2, 3, 4}));
        }
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("timestamp,metric,value");
        List<String> yRows = lines.stream().filter(l -> l.contains("\"y{")).toList();
        assertThat(yRows).hasSize(3); // the NaN point is not written
        for (int i = 0; i < 3; i++) {
            String v = yRows.get(i).substring(yRows.get(i).lastIndexOf(',') + 1);
            assertThat(Double.parseDouble(v)).isEqualTo(y[i]);
        }
    }

    @Test
    void summary_countsTheScoresWrittenAndThoseAboveOne_andNamesBothFiles() throws IOException {
        Path out = dir.resolve("o.jsonl");
        Path report = dir.resolve("r.html");
        try (FileSeriesWriter w = new FileSeriesWriter(out, FORMAT, report, Duration.ZERO)) {
            w.write(outputs(new double[] {1, 2, 3, 4}, new double[] {0.5, 1.0, 1.5, Double.NaN}));
            w.write(outputs(new double[] {5, 6}, new double[] {7, 0}));
            w.finish();
            // 5 finite scores (the NaN one is not written), 2 of them above 1 (1.0 is not).
            assertThat(w.summary()).isEqualTo("scored 5 points, 2 anomalies (score > 1, 40.00 %); wrote " + out + " and "
                    + report);
        }
        try (FileSeriesWriter w = new FileSeriesWriter(out, FORMAT)) {
            w.write(List.of(outputs(new double[] {1, 2}, new double[] {3, 4}).get(0)));
            assertThat(w.summary()).startsWith("wrote 2 points, no anomaly_score").endsWith("; wrote " + out);
        }
    }

    @Test
    void report_withLabelsKeyedByTheMetricName_shadesAndCountsTheWindows() throws IOException {
        Path report = dir.resolve("report.html");
        // Row i is at T0 + i minutes: the first window holds the score 9 (row 2), the second nothing above 1.
        Path labels = Files.writeString(dir.resolve("w.json"), "{\"cpu\": [[\"2023-11-14 22:15:20\", \"2023-11-14 22:16:00\"],"
                + " [\"2023-11-14 22:14:00\", \"2023-11-14 22:14:30\"]]}");
        try (FileSeriesWriter w = new FileSeriesWriter(dir.resolve("o.jsonl"), FORMAT, report, labels, Duration.ZERO)) {
            w.write(outputs(new double[] {1, 2, 50}, new double[] {0.1, 0.2, 9}));
            w.finish();
        }
        assertThat(Files.readString(report)).contains("<th>labelled windows</th><td>" + labels + "</td>",
                "<g class=\"windows\"", "<td>1 of 2</td>");

        Path bad = Files.writeString(dir.resolve("bad.json"), "[1, 2]");
        assertThatThrownBy(() -> new FileSeriesWriter(dir.resolve("o2.jsonl"), FORMAT, report, bad, Duration.ZERO))
                .isInstanceOf(IOException.class).hasMessageContaining("writer.report_labels")
                .hasMessageContaining("is not a NAB windows JSON");
        assertThatThrownBy(() -> new FileSeriesWriter(dir.resolve("o3.jsonl"), FORMAT, report, dir.resolve("nope.json"),
                Duration.ZERO)).isInstanceOf(IOException.class)
                .hasMessage("writer.report_labels: labels file not found: " + dir.resolve("nope.json"));
    }

    @Test
    void report_writtenAtOpenRefreshedAfterJobAndAtFinish() throws IOException {
        Path report = dir.resolve("sub/report.html");
        try (FileSeriesWriter w = new FileSeriesWriter(dir.resolve("o.jsonl"), FORMAT, report, Duration.ZERO)) {
            assertThat(Files.readString(report)).contains("No output yet").doesNotContain("<svg");
            w.write(outputs(new double[] {1, 2, 50}, new double[] {0.1, 0.2, 9}));
            w.afterJob();
            String first = Files.readString(report);
            assertThat(first).contains("<svg", "cpu{host=&quot;a&quot;}", "<th>max anomaly_score</th><td>9</td>");
            w.write(outputs(new double[] {1, 2, 50, 3}, new double[] {0.1, 0.2, 9, 12}));
            w.finish();
            assertThat(Files.readString(report)).contains("<th>max anomaly_score</th><td>12</td>");
        }
    }

    @Test
    void report_refreshInterval_rendersTheFirstJobThenDefersToFinish() throws IOException {
        Path report = dir.resolve("report.html");
        try (FileSeriesWriter w = new FileSeriesWriter(dir.resolve("o.csv"), FORMAT, report, Duration.ofHours(1))) {
            w.afterJob(); // nothing written yet: the empty page stays
            assertThat(Files.readString(report)).contains("No output yet");
            w.write(outputs(new double[] {1, 2}, new double[] {0.1, 3}));
            w.afterJob();
            assertThat(Files.readString(report)).contains("<th>max anomaly_score</th><td>3</td>");
            w.write(outputs(new double[] {1, 2, 3}, new double[] {0.1, 3, 7}));
            w.afterJob(); // within the hour: not rendered again
            assertThat(Files.readString(report)).contains("<th>max anomaly_score</th><td>3</td>");
            w.finish();
            assertThat(Files.readString(report)).contains("<th>max anomaly_score</th><td>7</td>");
        }
    }

    @Test
    void report_unwritablePath_failsAtOpenNamingIt() throws IOException {
        Path blocker = Files.writeString(dir.resolve("blocker"), "x");
        assertThatThrownBy(() -> new FileSeriesWriter(dir.resolve("o.csv"), FORMAT, blocker.resolve("r.html"),
                Duration.ZERO)).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot write the HTML report " + blocker.resolve("r.html"));
    }
}
