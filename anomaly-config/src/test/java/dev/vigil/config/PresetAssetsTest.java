package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.config.presets.Presets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The preset assets: the dashboard is a Grafana dashboard model on the preset's output labels, the rule
 * files are vmalert rule groups, and the node-exporter rules cover exactly the preset's indicators. (That
 * vmalert loads them and that their metric names exist is checked in the runner, with {@code vigil rules}.)
 */
class PresetAssetsTest {

    static final List<String> OUTPUTS = List.of("anomaly_score", "y", "yhat", "yhat_lower", "yhat_upper");

    @Test
    void asset_everyAsset_isReadableAndUnknownNamesAreRefused() {
        for (String a : Presets.ASSETS) {
            assertThat(Presets.asset(a)).as(a).isNotBlank();
        }
        assertThat(Presets.mediaType("dashboard.json")).isEqualTo("application/json");
        assertThatThrownBy(() -> Presets.asset("../node-exporter.yml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dashboard.json");
    }

    @Test
    void dashboard_isGrafanaModelWithDatasourceVariableAndQueriesOnOutputLabels() throws Exception {
        JsonNode d = new ObjectMapper().readTree(Presets.asset("dashboard.json"));
        assertThat(d.path("title").asText()).isNotBlank();
        assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(30);
        assertThat(d.has("id")).as("an imported dashboard gets its id from Grafana").isFalse();
        List<String> vars = new ArrayList<>();
        d.path("templating").path("list").forEach(v -> vars.add(v.path("name").asText()));
        assertThat(vars).contains("datasource", "preset", "for", "model_alias", "threshold");
        JsonNode ds = d.path("templating").path("list").get(0);
        assertThat(ds.path("type").asText()).isEqualTo("datasource");
        assertThat(ds.path("query").asText()).isEqualTo("prometheus");
        Set<String> series = new LinkedHashSet<>();
        int queries = 0;
        for (JsonNode p : d.path("panels")) {
            if (p.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(p.path("gridPos").path("w").asInt()).as("panel %s width", p.path("title")).isBetween(1, 24);
            assertThat(p.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            for (JsonNode t : p.path("targets")) {
                String expr = t.path("expr").asText();
                queries++;
                assertThat(expr).as(p.path("title").asText()).contains("for=~\"$for\"", "preset=~\"$preset\"",
                        "model_alias=~\"$model_alias\"");
                Matcher m = Pattern.compile("([a-z_]+)\\{").matcher(expr);
                while (m.find()) {
                    assertThat(OUTPUTS).as("series in %s", expr).contains(m.group(1));
                    series.add(m.group(1));
                }
            }
        }
        assertThat(queries).isGreaterThanOrEqualTo(5);
        assertThat(series).as("anomaly scores and the y/yhat band").containsExactlyInAnyOrderElementsOf(OUTPUTS);
    }

    @Test
    void ruleFiles_parseAsVmalertGroupsWithAnExprPerRule() throws Exception {
        for (String a : List.of("vmanomaly_alerts.yml", "awesome_alerts.yml")) {
            JsonNode groups = new YAMLMapper().readTree(Presets.asset(a)).path("groups");
            assertThat(groups.size()).as(a).isPositive();
            for (JsonNode g : groups) {
                assertThat(g.path("rules").size()).as(a).isPositive();
                g.path("rules").forEach(r -> {
                    assertThat(r.path("alert").asText()).as(a).matches("[A-Z][A-Za-z]+");
                    assertThat(r.path("expr").asText()).as(a).isNotBlank();
                    assertThat(r.path("labels").path("severity").asText()).as(a).isIn("warning", "critical");
                });
            }
        }
    }

    @Test
    void awesomeAlerts_coverExactlyTheNodeExporterIndicators() throws Exception {
        RunnerConfig c = PresetConfigTest.parse(PresetConfigTest.NODE_EXPORTER);
        Set<String> indicators = new LinkedHashSet<>();
        JsonNode rules = new YAMLMapper().readTree(Presets.asset("awesome_alerts.yml")).path("groups").get(0)
                .path("rules");
        for (JsonNode r : rules) {
            Matcher m = Pattern.compile("anomaly_score\\{preset=\"node-exporter\", for=\"([a-z_]+)\"}")
                    .matcher(r.path("expr").asText());
            assertThat(m.find()).as(r.path("expr").asText()).isTrue();
            indicators.add(m.group(1));
            assertThat(r.path("expr").asText()).endsWith(">= 1.0");
        }
        assertThat(indicators).containsExactlyInAnyOrderElementsOf(c.reader().queries().keySet());
    }
}
