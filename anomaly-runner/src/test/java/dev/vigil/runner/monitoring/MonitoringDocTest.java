package dev.vigil.runner.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/monitoring.md lists exactly the families a runner exports, with their types and label
 * names: the table marked {@code <!-- metrics -->} is compared with a scrape of a registry on which
 * every recording method was called.
 */
class MonitoringDocTest {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    record Family(String type, Set<String> labels) {
    }

    static RunnerMetrics exercised() {
        RunnerMetrics m = new RunnerMetrics(new PrometheusRegistry(), "1.0");
        m.started(1.7e9, 1);
        m.reloadEnabled(true);
        m.reloaded(false, 0);
        m.reloaded(true, 1.7e9 + 60);
        m.schedulerAlive("s", true);
        m.schedulerSkipped("s", "infer", 2);
        m.readerDropped("q", "non_finite", 3);
        m.read("http://vm", "q", "s", 0.1, "200", 1, 10, 100, 0.01);
        m.modelRun("infer", "q", "m", "s", 0.1, 1, 10, 10);
        m.modelSkipped("infer", "q", "m", "s", 1);
        m.modelErrors("fit", "q", "m", "s", 1);
        m.modelsActive("q", "m", "s", 1);
        m.readQueued("http://vm", "q", "s", 0);
        m.wrote("http://vm", "q", "s", 0.1, "204", 1, 10, 100, 0.01);
        m.writerDropped("http://vm", "q", "s", 1);
        m.writerBuffered("http://vm", 0);
        return m;
    }

    /** Family name to type and label names, from a text-format scrape. */
    static Map<String, Family> scraped(String text) {
        Map<String, Family> out = new TreeMap<>();
        Pattern type = Pattern.compile("^# TYPE (\\S+) (\\S+)$");
        Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? ");
        for (String line : text.split("\n")) {
            Matcher t = type.matcher(line);
            if (t.find()) {
                out.put(t.group(1), new Family(t.group(2), new TreeSet<>()));
                continue;
            }
            Matcher s = sample.matcher(line);
            if (!line.startsWith("#") && s.find()) {
                String name = s.group(1);
                Family f = out.get(name);
                if (f == null) {
                    f = out.get(name.replaceFirst("_(bucket|count|sum|info)$", ""));
                }
                if (s.group(2) != null && f != null) {
                    for (String kv : s.group(2).split(",(?=[a-zA-Z_]+=\")")) {
                        String k = kv.substring(0, kv.indexOf('='));
                        if (!k.equals("le")) {
                            f.labels().add(k);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Family name to documented type (first word) and labels. */
    static Map<String, Family> documented(List<String> lines) {
        Map<String, Family> out = new TreeMap<>();
        int i = lines.indexOf("<!-- metrics -->");
        assertThat(i).as("the <!-- metrics --> marker").isNotNegative();
        for (int j = i + 3; j < lines.size() && lines.get(j).startsWith("|"); j++) {
            String[] cells = lines.get(j).split("\\|");
            Matcher name = CODE.matcher(cells[1]);
            assertThat(name.find()).as(lines.get(j)).isTrue();
            Set<String> labels = new TreeSet<>();
            Matcher l = CODE.matcher(cells[3]);
            while (l.find()) {
                labels.add(l.group(1));
            }
            out.put(name.group(1), new Family(cells[2].trim().split(" ")[0], labels));
        }
        return out;
    }

    @Test
    void monitoringDoc_metricsTable_matchesAScrape() throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(b, exercised().registry().scrape());
        Map<String, Family> got = scraped(b.toString(StandardCharsets.UTF_8));
        Map<String, Family> doc = documented(Files.readAllLines(Path.of("..", "docs", "monitoring.md")));
        assertThat(got).containsKey("vmanomaly_model_runs_total");
        assertThat(doc).isEqualTo(got);
    }

    @Test
    void metricsEndpoint_nameFilterAndOpenMetrics_workAsDocumented() throws Exception {
        try (MonitoringServer s = new MonitoringServer("127.0.0.1", 0, exercised().registry(), () -> true)) {
            String only = MonitoringServerTest.get(s.port(), "/metrics?name[]=vmanomaly_start_time_seconds").body();
            assertThat(only).contains("vmanomaly_start_time_seconds 1.7E9").doesNotContain("vmanomaly_model_runs");
            HttpResponse<String> om = MonitoringServerTest.HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + s.port() + "/metrics"))
                    .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(om.body()).contains("# TYPE vmanomaly_model_runs counter", "vmanomaly_model_runs_total{", "# EOF");
            assertThat(MonitoringServerTest.get(s.port(), "/-/healthy").statusCode()).isEqualTo(200);
            assertThat(MonitoringServerTest.get(s.port(), "/nope").statusCode()).isEqualTo(404);
        }
    }
}
