package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.config.ServerConfig;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.vm.VictoriaMetricsServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The web UI in a real headless Chromium against a real server and a real VictoriaMetrics holding
 * three daily-seasonal series at 5-minute resolution over four days; series {@code host="a"} has a
 * spike of +40 on the last day at 12:00. Screenshots go to {@code target/ui-screenshots/}.
 */
class UiBrowserTest {

    @RegisterExtension
    static final VictoriaMetricsServer VM = new VictoriaMetricsServer();

    static final String PREFIX = "/vmanomaly";
    static final long STEP_S = 300;
    static final long T0 = Instant.parse("2024-03-01T00:00:00Z").getEpochSecond();
    static final int N = 4 * 288;
    static final long SPIKE_S = T0 + 3 * 86_400 + 12 * 3600;
    static final String END = "2024-03-04T23:55:00Z";
    static final Path SHOTS = Path.of("target", "ui-screenshots");

    static ApiServer server;
    static ApiServer restricted;
    @RegisterExtension
    final UiPage page = new UiPage(1360, 1900);

    @BeforeAll
    static void start() throws Exception {
        importSeries();
        RunnerConfig running = RunnerConfigs.parse(String.join("\n",
                "schedulers: {s: {class: periodic, infer_every: 5m, fit_window: 1d}}",
                "models: {zs: {class: zscore, z_threshold: 3, queries: [q], schedulers: [s]}}",
                "reader: {datasource_url: '" + VM.url() + "', sampling_period: 5m, queries: {q: 'ui_load'}}",
                "writer: {datasource_url: '" + VM.url() + "'}",
                "server: {addr: 127.0.0.1, port: 0, path_prefix: " + PREFIX + "}",
                ""), "t.yml", Map.of(), ModelRegistry.standard());
        server = ApiServer.start(ApiServerTest.context(running.server(), running));
        ServerConfig limited = new ServerConfig("127.0.0.1", 0, "", 1,
                "#/?g0.expr=ui_load&g0.step_input=15m&fit_window=2d", List.of("mad_online", "zscore"), false);
        restricted = ApiServer.start(ApiServerTest.context(limited, running));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (restricted != null) {
            restricted.close();
        }
    }

    /** Three series {@code ui_load{host=a|b|c}}: a daily sine plus seeded noise; {@code a} spikes at {@link #SPIKE_S}. */
    static void importSeries() throws Exception {
        Random rnd = new Random(11);
        StringBuilder body = new StringBuilder();
        for (String host : new String[] {"a", "b", "c"}) {
            StringBuilder values = new StringBuilder();
            StringBuilder ts = new StringBuilder();
            for (int i = 0; i < N; i++) {
                long t = T0 + i * STEP_S;
                double v = 50 + 10 * Math.sin(2 * Math.PI * i / 288.0) + rnd.nextGaussian();
                if (host.equals("a") && t == SPIKE_S) {
                    v += 40;
                }
                values.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", v));
                ts.append(i == 0 ? "" : ",").append(t * 1000);
            }
            body.append("{\"metric\":{\"__name__\":\"ui_load\",\"host\":\"").append(host).append("\"},\"values\":[")
                    .append(values).append("],\"timestamps\":[").append(ts).append("]}\n");
        }
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(VM.url()
                + "/api/v1/import")).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        VM.flush();
    }

    @Test
    void detect_spikeInOneSeries_chartsMarkersAndConfigValidates() throws Exception {
        page.driver().get(server.url() + "/vmui/");
        awaitReady();
        page.type("query", "ui_load");
        page.type("range", "1d");
        page.type("end", END);
        page.type("step", "5m");
        page.id("run-query").click();
        page.await("the query's series", d -> page.id("query-info").getText().startsWith("3 series"));
        assertThat(page.driver().findElements(By.cssSelector("#query-chart canvas"))).isNotEmpty();

        new Select(page.id("model")).selectByValue("zscore");
        page.await("the zscore form", d -> "zscore".equals(page.id("model-form").getAttribute("data-model")));
        page.type("arg-z_threshold", "3");
        page.type("fit_window", "3d");
        page.type("threshold", "1");
        page.id("detect").click();
        page.await("the detection's table", d -> d.findElements(By.cssSelector("#results-table tbody tr")).size() == 3);

        List<WebElement> rows = page.driver().findElements(By.cssSelector("#results-table tbody tr"));
        WebElement top = rows.get(0);
        assertThat(top.findElement(By.cssSelector("td.series")).getText()).contains("host=\"a\"");
        int topCount = Integer.parseInt(top.findElement(By.cssSelector("td.anomalies")).getText());
        assertThat(topCount).isPositive();
        assertThat(Integer.parseInt(rows.get(2).findElement(By.cssSelector("td.anomalies")).getText()))
                .isLessThan(topCount);

        WebElement chart = page.await("the chart of host a", d -> d.findElements(By.cssSelector("#charts .chart-box")).stream()
                .filter(c -> c.getText().contains("host=\"a\"")).findFirst().orElse(null));
        assertThat(Integer.parseInt(chart.getAttribute("data-anomalies"))).isEqualTo(topCount);
        assertThat(chart.findElements(By.cssSelector("canvas"))).isNotEmpty();
        assertThat(chart.findElements(By.cssSelector(".u-legend .u-series"))).hasSize(7);

        // Values on hover: the legend shows the point under the cursor. The spike is the middle point of
        // the day charted; search a few pixels around the middle for the marker.
        WebElement over = chart.findElement(By.cssSelector(".u-over"));
        List<WebElement> legend = chart.findElements(By.cssSelector(".u-legend .u-series .u-value"));
        String marker = "—";
        for (int dx = 0; dx <= 8 && marker.equals("—"); dx = dx <= 0 ? 1 - dx : -dx) {
            new Actions(page.driver()).moveToElement(over, dx, 0).perform();
            marker = legend.get(5).getText();
        }
        assertThat(legend.get(0).getText()).as("time").isEqualTo("2024-03-04 12:00pm");
        assertThat(Double.parseDouble(legend.get(1).getText())).as("y at the spike").isGreaterThan(80);
        assertThat(marker).as("the anomaly marker's value").isEqualTo(legend.get(1).getText());
        assertThat(Double.parseDouble(legend.get(6).getText())).as("anomaly_score at the spike").isGreaterThan(1);
        page.browser().screenshot(SHOTS.resolve("ui-detection.png"));

        // Sorting by anomaly count ascending puts the spiking series last.
        WebElement anomaliesHeader = page.driver().findElement(By.cssSelector("th[data-sort=anomalies]"));
        anomaliesHeader.click();
        List<WebElement> ascending = page.driver().findElements(By.cssSelector("#results-table tbody tr"));
        assertThat(ascending.get(2).findElement(By.cssSelector("td.series")).getText()).contains("host=\"a\"");
        // A click on a row charts that series alone.
        ascending.get(0).findElement(By.cssSelector("td.series")).click();
        page.await("one chart", d -> d.findElements(By.cssSelector("#charts .chart-box")).size() == 1);

        page.id("show-config").click();
        String config = page.await("the configuration", d -> {
            String v = page.id("config-text").getAttribute("value");
            return v == null || v.isBlank() ? null : v;
        });
        page.id("copy-config").click();
        page.await("the copy note", d -> d.findElement(By.cssSelector("#config-panel .copied")).getText().startsWith("Copied"));
        RunnerConfig parsed = RunnerConfigs.parse(config, "ui-config.yaml", Map.of(), ModelRegistry.standard());
        assertThat(parsed.models().values()).singleElement().satisfies(m -> {
            assertThat(m.modelClass()).isIn("zscore", "zscore_online"); // zscore redirects to its online form
            assertThat(String.valueOf(m.args().get("z_threshold"))).isIn("3", "3.0");
        });
        assertThat(config).contains("ui_load").contains("fit_window: 3d").contains("class: zscore\n");
        HttpResponse<String> check = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url()
                + "/api/v1/config/validate")).POST(HttpRequest.BodyPublishers.ofString(config)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(check.statusCode()).as(check.body()).isEqualTo(200);

        page.type("threshold", "1.5");
        page.id("show-alert").click();
        String alert = page.await("the alert rule", d -> {
            String v = page.id("alert-text").getAttribute("value");
            return v == null || v.isBlank() ? null : v;
        });
        JsonNode rule = new YAMLMapper().readTree(alert).at("/groups/0/rules/0");
        assertThat(rule.get("expr").asText()).isEqualTo("anomaly_score{for=\"query\"} > 1.5");
        page.driver().executeScript("document.getElementById('production-section').scrollIntoView()");
        page.browser().screenshot(SHOTS.resolve("ui-config.png"));
    }

    @Test
    void detect_invalidFitWindow_showsTheApiErrorAtTheField() {
        page.driver().get(server.url() + "/vmui/");
        awaitReady();
        page.type("query", "ui_load");
        page.type("end", END);
        page.type("fit_window", "three days");
        page.id("detect").click();
        String banner = page.await("the error banner", d -> page.id("error").isDisplayed() ? page.id("error-text").getText() : null);
        assertThat(banner).contains("fit_window").contains("three days");
        assertThat(page.id("fit_window").getAttribute("class")).contains("invalid");
        assertThat(page.id("results-section").isDisplayed()).isFalse();
    }

    @Test
    void fragment_stateInUrl_restoresTheFormAfterReload() {
        String model = "{\"modelType\":\"zscore\",\"modelSpec\":{\"class\":\"zscore\",\"z_threshold\":2.5}}";
        String fragment = "#/?g0.expr=" + enc("ui_load{host=\"b\"}") + "&g0.step_input=10m&g0.range_input=2d"
                + "&g0.end_input=" + enc(END) + "&fit_window=2d&fit_every=6h&infer_every=10m&anomaly_threshold=2"
                + "&model_config=" + enc(model);
        page.driver().get(server.url() + "/vmui/" + fragment);
        awaitReady();
        assertRestored();
        page.await("the restored query to run", d -> page.id("query-info").getText().startsWith("1 series"));

        // An edit goes into the fragment; a reload restores it.
        page.type("arg-z_threshold", "4");
        page.type("fit_every", "12h");
        page.await("the fragment to follow", d -> d.getCurrentUrl().contains("fit_every=12h"));
        page.driver().navigate().refresh();
        awaitReady();
        assertThat(page.id("arg-z_threshold").getAttribute("value")).isEqualTo("4");
        assertThat(page.id("fit_every").getAttribute("value")).isEqualTo("12h");
        assertThat(page.id("query").getAttribute("value")).isEqualTo("ui_load{host=\"b\"}");
    }

    private void assertRestored() {
        assertThat(page.id("query").getAttribute("value")).isEqualTo("ui_load{host=\"b\"}");
        assertThat(page.id("step").getAttribute("value")).isEqualTo("10m");
        assertThat(page.id("range").getAttribute("value")).isEqualTo("2d");
        assertThat(page.id("end").getAttribute("value")).isEqualTo(END);
        assertThat(page.id("fit_window").getAttribute("value")).isEqualTo("2d");
        assertThat(page.id("fit_every").getAttribute("value")).isEqualTo("6h");
        assertThat(page.id("infer_every").getAttribute("value")).isEqualTo("10m");
        assertThat(page.id("threshold").getAttribute("value")).isEqualTo("2");
        assertThat(new Select(page.id("model")).getFirstSelectedOption().getAttribute("value")).isEqualTo("zscore");
        assertThat(page.id("arg-z_threshold").getAttribute("value")).isEqualTo("2.5");
    }

    @Test
    void defaultState_andAllowedModels_ofTheServerSection_shapeTheOpenedPage() {
        page.driver().get(restricted.url() + "/vmui/");
        awaitReady();
        assertThat(page.id("query").getAttribute("value")).isEqualTo("ui_load");
        assertThat(page.id("step").getAttribute("value")).isEqualTo("15m");
        assertThat(page.id("fit_window").getAttribute("value")).isEqualTo("2d");
        assertThat(new Select(page.id("model")).getOptions()).extracting(o -> o.getAttribute("value"))
                .containsExactlyInAnyOrder("mad_online", "zscore");
        assertThat(page.driver().getCurrentUrl()).contains("g0.expr=ui_load");
    }

    private void awaitReady() {
        page.await("the page to start", d -> "true".equals(d.findElement(By.tagName("body")).getAttribute("data-ready")));
        String banner = page.id("error").isDisplayed() ? page.id("error-text").getText() : "";
        assertThat(banner).as("error banner after load; console:\n" + page.browser().console()).isEmpty();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
