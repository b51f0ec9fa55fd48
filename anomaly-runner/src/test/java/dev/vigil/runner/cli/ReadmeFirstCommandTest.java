package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.core.series.Series;
import dev.vigil.eval.csv.WideCsvReader;
import dev.vigil.vm.VmCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * README's first command runs the service on a bundled config and data file. This test checks that
 * README names that config, that the config's paths are relative to the repository root, and runs it
 * through the same CLI as {@code bin/vigil CONFIG} (outputs redirected to a temporary
 * directory): every input point in the backtest range is scored once, the written {@code y} equals
 * the input exactly, the flagged points are few and mostly inside NAB's labelled failure windows, at
 * least three of the four windows score above 1, the HTML report is a sane page,
 * and the run ends with one log line telling how many points were scored, how many are anomalies and
 * where the scores file and the report are.
 */
class ReadmeFirstCommandTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** NAB's labelled anomaly windows of machine_temperature_system_failure (labels/combined_windows.json). */
    private static final String[][] NAB_WINDOWS = {
        {"2013-12-10T06:25:00Z", "2013-12-12T05:35:00Z"},
        {"2013-12-15T17:50:00Z", "2013-12-17T17:00:00Z"},
        {"2014-01-27T14:20:00Z", "2014-01-29T13:30:00Z"},
        {"2014-02-07T14:55:00Z", "2014-02-09T14:05:00Z"},
    };

    @TempDir
    Path dir;

    /** The set-up commands: the {@code sh} blocks between the set-up heading and the next heading. */
    private static List<String> setupCommands() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int start = readme.indexOf("## Set-up");
        int end = readme.indexOf("\n## ", start + 1);
        Matcher m = Pattern.compile("```sh\n(.*?)\n```", Pattern.DOTALL).matcher(readme.substring(start, end));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1).trim());
        }
        return out;
    }

    @Test
    void readme_setUp_isTwoCommandsTheFirstRunningTheServiceOnABundledConfig() throws IOException {
        List<String> cmds = setupCommands();
        assertThat(cmds).hasSize(2);
        assertThat(cmds.get(0)).startsWith("mvn -B -ntp -q -DskipTests package && bin/vigil ")
                .doesNotContain(" score ");
        assertThat(cmds.get(0).substring(cmds.get(0).lastIndexOf(' ') + 1)).isEqualTo("deploy/vigil-file-config.yml");
        assertThat(cmds.get(1)).isEqualTo("bin/test");
    }

    @Test
    void readme_commands_areExecutableScripts_andCiRunsTheSameTestCommand() throws IOException {
        // bin/vigil runs the fat jar; bin/test installs the services the tests start, then runs mvn verify.
        assertThat(ROOT.resolve("bin/vigil")).isExecutable();
        assertThat(ROOT.resolve("bin/test")).isExecutable();
        assertThat(Files.readString(ROOT.resolve("bin/vigil"))).contains("-jar \"$jar\"")
                .contains("anomaly-runner/target/vigil.jar").contains("JAVA_OPTS");
        assertThat(Files.readString(ROOT.resolve("bin/test"))).contains("exec mvn -B -ntp verify");
        assertThat(Files.readString(ROOT.resolve(".ci/run"))).contains("exec bin/test");
    }

    @Test
    void bundledConfig_runThroughTheService_scoresEveryPointLosslesslyAndWritesASaneReport() throws Exception {
        String yaml = Files.readString(ROOT.resolve("deploy/vigil-file-config.yml"));
        // Paths are relative to the repository root: the input exists there, the outputs go to target/.
        Matcher pm = Pattern.compile("(?m)^(\\s+)(path|report|report_labels): (\\S+)$").matcher(yaml);
        Map<String, String> paths = new HashMap<>();
        StringBuilder sb = new StringBuilder();
        while (pm.find()) {
            String key = pm.group(2);
            String p = pm.group(3);
            assertThat(Path.of(p).isAbsolute()).as(p).isFalse();
            String to;
            if (p.startsWith("target/")) {
                to = dir.resolve(Path.of(p).getFileName()).toString();
            } else {
                assertThat(ROOT.resolve(p)).as("bundled input " + p).exists();
                to = ROOT.resolve(p).toString();
            }
            paths.put(key + ":" + p, to);
            pm.appendReplacement(sb, Matcher.quoteReplacement(pm.group(1) + key + ": " + to));
        }
        pm.appendTail(sb);
        assertThat(paths).containsKeys("path:examples/machine_temperature_system_failure.csv",
                "path:target/vigil-scores.jsonl", "report:target/report.html",
                "report_labels:examples/machine_temperature_labels.json");
        Path cfg = Files.writeString(dir.resolve("config.yml"), sb.toString());

        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("service");
        Level level = log.getLevel();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        log.setLevel(Level.INFO);
        ServiceCommandTest.Run r;
        try {
            r = ServiceCommandTest.run(cfg.toString(), "--loggerLevel=WARNING");
        } finally {
            log.detachAppender(logged);
            log.setLevel(level);
        }
        assertThat(r.code()).as(r.err()).isZero();

        // Scores: the five outputs, each point of the backtest range scored exactly once.
        List<Series> out;
        try (Reader in = Files.newBufferedReader(dir.resolve("vigil-scores.jsonl"))) {
            out = List.copyOf(VmCodec.parseImport(in, "vigil-scores.jsonl").values());
        }
        Map<String, TreeMap<Long, Double>> byName = new HashMap<>();
        for (Series s : out) {
            assertThat(s.labels().asMap()).containsEntry("for", "machine_temperature").containsEntry("model_alias", "vigil")
                    .containsEntry("scheduler_alias", "backtest").containsEntry("source", "nab");
            TreeMap<Long, Double> pts = byName.computeIfAbsent(s.labels().name(), k -> new TreeMap<>());
            for (int i = 0; i < s.size(); i++) {
                assertThat(pts.put(s.timestamp(i), s.value(i))).as("%s at %d written twice", s.labels().name(),
                        s.timestamp(i)).isNull();
            }
        }
        assertThat(byName).containsOnlyKeys("anomaly_score", "y", "yhat", "yhat_lower", "yhat_upper");
        Series input = WideCsvReader.read(ROOT.resolve("examples/machine_temperature_system_failure.csv"))
                .series().get(0);
        long from = Instant.parse("2013-12-09T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2014-02-19T00:00:00Z").toEpochMilli();
        TreeMap<Long, Double> expected = new TreeMap<>();
        for (int i = 0; i < input.size(); i++) {
            if (input.timestamp(i) > from && input.timestamp(i) <= to && !Double.isNaN(input.value(i))) {
                expected.put(input.timestamp(i), input.value(i));
            }
        }
        assertThat(expected).hasSizeGreaterThan(20_000);
        assertThat(byName.get("y")).isEqualTo(expected);
        assertThat(byName.get("anomaly_score").keySet()).isEqualTo(expected.keySet());

        // What a new user should see: few alerts, most of them at the labelled failures, and most
        // failures alerted on.
        TreeMap<Long, Double> score = byName.get("anomaly_score");
        int windowsHit = 0;
        long inWindows = 0;
        for (String[] w : NAB_WINDOWS) {
            var inside = score.subMap(Instant.parse(w[0]).toEpochMilli(), true, Instant.parse(w[1]).toEpochMilli(), true);
            long n = inside.values().stream().filter(v -> v > 1).count();
            inWindows += n;
            windowsHit += n > 0 ? 1 : 0;
        }
        long above = score.values().stream().filter(v -> v > 1).count();
        assertThat(above).as("points above 1").isBetween(1L, (long) (0.001 * expected.size()));
        assertThat(2 * inWindows).as("points above 1 inside windows (of %d)", above).isGreaterThan(above);
        assertThat(windowsHit).as("labelled windows with a score above 1").isGreaterThanOrEqualTo(3);

        // The report: one well-formed, self-contained page with one plotted series and its counts.
        Path report = dir.resolve("report.html");
        String html = Files.readString(report);
        assertThat(html.length()).isBetween(10_000, 2_000_000);
        assertThat(html).doesNotContain("http://", "https://", "<script", "src=");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        assertThat(d.getElementsByTagName("svg").getLength()).isEqualTo(1);
        NodeList paths2 = d.getElementsByTagName("path");
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < paths2.getLength(); i++) {
            classes.add(((Element) paths2.item(i)).getAttribute("class"));
        }
        assertThat(classes).contains("y", "yhat", "band", "anomaly_score");
        assertThat(html).contains("<td class=\"num\">" + expected.size() + "</td><td class=\"num\">" + above + "</td>",
                "machine_temperature", "<th>scores file</th>");
        // The bundled labels: NAB's four windows, shaded in both panels, and the windows hit counted.
        NodeList groups = d.getElementsByTagName("g");
        int windowRects = 0;
        for (int i = 0; i < groups.getLength(); i++) {
            Element g = (Element) groups.item(i);
            if ("windows".equals(g.getAttribute("class"))) {
                windowRects += g.getElementsByTagName("rect").getLength();
            }
        }
        assertThat(windowRects).isEqualTo(2 * NAB_WINDOWS.length);
        assertThat(html).contains("<h2 id=\"s0\">value \u2014 query machine_temperature, model vigil</h2>",
                "<td>" + windowsHit + " of " + NAB_WINDOWS.length + "</td>");

        // The last line of the run says what was scored and where the files are, as 'vigil score' does.
        List<String> lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).isNotEmpty();
        assertThat(lines.get(lines.size() - 1)).isEqualTo(String.format(Locale.ROOT,
                "scored %d points, %d anomalies (score > 1, %.2f %%); wrote %s and %s", expected.size(), above,
                100.0 * above / expected.size(), dir.resolve("vigil-scores.jsonl"), report));
    }
}
