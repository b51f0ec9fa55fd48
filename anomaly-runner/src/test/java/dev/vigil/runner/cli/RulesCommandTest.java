package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.config.presets.Presets;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.rules.RuleChecks;
import dev.vigil.vm.OutputSeries;
import dev.vigil.vm.VictoriaMetricsServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil rules}: the generated alerts select exactly what the runner's writer writes (checked
 * against a real VictoriaMetrics), vmalert loads every rule file, and the rules read only documented
 * metrics and output series.
 */
class RulesCommandTest {

    @RegisterExtension
    static final VictoriaMetricsServer VM = new VictoriaMetricsServer();

    static final Path DEPLOY = Path.of("..", "deploy", "vigil-config.yml");
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void rules_deployConfig_alertSelectsExactlyTheSeriesTheWriterWritesAboveOne(@TempDir Path dir) throws Exception {
        Path override = Files.writeString(dir.resolve("zz-writer.yml"),
                "writer:\n  datasource_url: '" + VM.url() + "'\n");
        Path out = dir.resolve("out");
        ModelsCommandTest.Run r = ModelsCommandTest.run("rules", DEPLOY.toString(), override.toString(), "--out",
                out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        List<String> exprs = RuleChecks.exprs(Files.readString(out.resolve(RulesCommand.RULES_FILE)));
        String alert = exprs.get(0);
        assertThat(alert).isEqualTo("anomaly_score{for=\"node_cpu_rate\", model_alias=\"zscore\"} > 1");

        // What the service writes for that configuration, through the real writer.
        RunnerConfig c = RunnerConfigs.load(List.of(DEPLOY, override), Map.of(), ModelRegistry.standard());
        long t = System.currentTimeMillis() - 60_000;
        try (SeriesWriter w = IoFactory.writer(c.writer())) {
            SeriesWriter.Written written = w.write(List.of(
                    score("zscore", "idle", t, 2.5),
                    score("zscore", "user", t, 0.4),
                    score("other", "system", t, 3.0)));
            assertThat(written.points()).isEqualTo(3);
        }
        VM.flush();
        JsonNode result = query(alert, t);
        assertThat(result.size()).as("%s of %s", result, query("{__name__=~\".+\"}", t)).isEqualTo(1);
        assertThat(result.get(0).path("metric").path("mode").asText()).isEqualTo("idle");
        assertThat(result.get(0).path("value").get(1).asDouble()).isEqualTo(2.5);

        RuleChecks.assertVmalertLoads(out.resolve(RulesCommand.RULES_FILE));
        JsonNode dash = JSON.readTree(out.resolve(RulesCommand.DASHBOARD_FILE).toFile());
        assertThat(dash.path("panels").size()).isPositive();
    }

    @Test
    void rules_nodeExporterPresetWithRenamedSeries_alertsAndDashboardFollowMetricFormat(@TempDir Path dir)
            throws Exception {
        Path cfg = Files.writeString(dir.resolve("c.yml"), String.join("\n",
                "preset: node-exporter",
                "reader:",
                "  datasource_url: 'http://vm:8428'",
                "writer:",
                "  datasource_url: 'http://vm:8428'",
                "  metric_format:",
                "    __name__: 'vigil_$VAR'",
                ""));
        Path out = dir.resolve("out");
        ModelsCommandTest.Run r = ModelsCommandTest.run("rules", cfg.toString(), "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        String rules = Files.readString(out.resolve(RulesCommand.RULES_FILE));
        List<String> exprs = RuleChecks.exprs(rules);
        List<String> anomalyRules = exprs.stream().filter(e -> e.startsWith("vigil_anomaly_score{")).toList();
        assertThat(anomalyRules).as("3 models x 9 indicators").hasSize(27)
                .contains("vigil_anomaly_score{for=\"page_faults\", model_alias=\"mad\", preset=\"node-exporter\"} > 1");
        RuleChecks.assertVmalertLoads(out.resolve(RulesCommand.RULES_FILE));
        String dash = Files.readString(out.resolve(RulesCommand.DASHBOARD_FILE));
        assertThat(dash).contains("vigil_anomaly_score{", "vigil_yhat_lower{", "vigil_y{")
                .doesNotContainPattern("[^_a-z]anomaly_score\\{").doesNotContainPattern("[^_a-z]yhat\\{");
        JSON.readTree(dash);
    }

    @Test
    void rules_withoutOut_printsTheRulesAndUiOnlyHasHealthRulesOnly(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("ui.yml"), "preset: ui\n");
        ModelsCommandTest.Run r = ModelsCommandTest.run("rules", cfg.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode groups = new YAMLMapper().readTree(r.out()).path("groups");
        assertThat(groups.size()).isPositive();
        groups.forEach(g -> assertThat(g.path("name").asText()).isNotEqualTo("vigil-anomalies"));
    }

    @Test
    void rules_invalidConfig_exitsTwoNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path cfg = Files.writeString(dir.resolve("bad.yml"), "preset: node-exporter\nreader:\n  datasource_url: 1\n");
        ModelsCommandTest.Run r = ModelsCommandTest.run("rules", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("writer").contains("from preset node-exporter, line ").doesNotContain("Exception");
    }

    @Test
    void presetRuleAssets_loadInVmalertAndReadOnlyDocumentedMetricsOrOutputs(@TempDir Path dir) throws Exception {
        Set<String> known = new java.util.HashSet<>(RuleChecks.documentedFamilies());
        assertThat(known).contains("vmanomaly_writer_datapoints_dropped_total", "vmanomaly_model_run_errors_total");
        known.addAll(RuleChecks.OUTPUTS);
        known.addAll(RuleChecks.SCRAPE);
        List<String> read = new ArrayList<>();
        for (String a : List.of("vmanomaly_alerts.yml", "awesome_alerts.yml")) {
            for (String e : RuleChecks.exprs(Presets.asset(a))) {
                Set<String> names = RuleChecks.metricNames(e);
                assertThat(names).as("metrics of %s", e).isNotEmpty();
                assertThat(known).as("%s in %s", names, a).containsAll(names);
                read.addAll(names);
            }
            RuleChecks.assertVmalertLoads(Files.writeString(dir.resolve(a), Presets.asset(a)));
        }
        assertThat(read).contains("vmanomaly_scheduler_skipped_runs_total", "vmanomaly_config_last_reload_successful",
                "vmanomaly_writer_datapoints_buffered", "anomaly_score");
    }

    @Test
    void metricNames_expressionWithFunctionsAndGrouping_findsOnlyMetrics() {
        assertThat(RuleChecks.metricNames("sum(increase(a_total{code!=\"200\"}[15m])) by (instance, url) > 0"
                + " and b == 0 or min(c{x=\"y\"}) without (model_alias) >= 1.0"))
                .containsExactly("a_total", "b", "c");
    }

    private static OutputSeries score(String model, String mode, long t, double v) {
        return new OutputSeries("anomaly_score", "node_cpu_rate", model, "periodic",
                Series.of(Labels.of("__name__", "ignored", "mode", mode, "instance", "h:9100", "job", "node"),
                        new long[] {t}, new double[] {v}));
    }

    private static JsonNode query(String expr, long t) throws Exception {
        String u = VM.url() + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8) + "&time="
                + (t / 1000 + 30) + "&step=1m";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(u)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("data").path("result");
    }
}
