package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.config.ServerConfig;
import dev.vigil.models.registry.DescriptorJson;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.vm.VictoriaMetricsServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API over real HTTP against a real VictoriaMetrics holding four days of a daily-seasonal series
 * at 5-minute resolution with one injected spike on the last day.
 */
class ApiServerTest {

    @RegisterExtension
    static final VictoriaMetricsServer VM = new VictoriaMetricsServer();

    static final long STEP_S = 300;
    static final long T0 = Instant.parse("2024-03-01T00:00:00Z").getEpochSecond();
    static final int N = 4 * 288;
    /** The spike: day 4, 12:00. */
    static final long SPIKE_S = T0 + 3 * 86_400 + 12 * 3600;

    static final AtomicBoolean HEALTHY = new AtomicBoolean(true);
    static ApiServer server;
    static Api api;
    static RunnerConfig running;

    @BeforeAll
    static void start() throws Exception {
        importSeries();
        running = RunnerConfigs.parse(String.join("\n",
                "schedulers: {s: {class: periodic, infer_every: 5m, fit_window: 1d}}",
                "models: {zs: {class: zscore, z_threshold: 3, queries: [q], schedulers: [s]},",
                "         other: {class: zscore_online, queries: [q], schedulers: [s]}}",
                "reader: {datasource_url: '" + VM.url() + "', sampling_period: 5m, queries: {q: 'demo_load'}}",
                "writer: {datasource_url: '" + VM.url() + "'}",
                "server: {addr: 127.0.0.1, port: 0, ui_allowed_models: [zs]}",
                ""), "t.yml", Map.of(), ModelRegistry.standard());
        server = ApiServer.start(context(running.server(), running));
        api = new Api(server.url());
    }

    static ServerContext context(ServerConfig config, RunnerConfig r) {
        ServerContext.Metrics metrics = new ServerContext.Metrics() {
            @Override
            public String contentType(String accept) {
                return "text/plain; version=0.0.4; charset=utf-8";
            }

            @Override
            public void write(String accept, java.io.OutputStream out) throws IOException {
                out.write("vigil_test_metric 42\n".getBytes(StandardCharsets.UTF_8));
            }
        };
        return new ServerContext(config, ModelRegistry.standard(), () -> r, metrics, HEALTHY::get, Clock.systemUTC(),
                "1.2.3-test");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A daily sine plus seeded noise, one point every 5 minutes, and a spike of +40 at {@link #SPIKE_S}. */
    static void importSeries() throws Exception {
        StringBuilder values = new StringBuilder();
        StringBuilder ts = new StringBuilder();
        double[] y = values();
        for (int i = 0; i < N; i++) {
            long t = T0 + i * STEP_S;
            values.append(i == 0 ? "" : ",").append(String.format(java.util.Locale.ROOT, "%.4f", y[i]));
            ts.append(i == 0 ? "" : ",").append(t * 1000);
        }
        String line = "{\"metric\":{\"__name__\":\"demo_load\",\"host\":\"a\"},\"values\":[" + values
                + "],\"timestamps\":[" + ts + "]}\n";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(VM.url()
                + "/api/v1/import")).POST(HttpRequest.BodyPublishers.ofString(line)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        VM.flush();
    }

    /** The values imported, as VictoriaMetrics holds them (four decimals). */
    static double[] values() {
        Random rnd = new Random(7);
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            double v = 50 + 10 * Math.sin(2 * Math.PI * i / 288.0) + rnd.nextGaussian();
            if (T0 + i * STEP_S == SPIKE_S) {
                v += 40;
            }
            y[i] = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.4f", v));
        }
        return y;
    }

    static Map<String, Object> task() {
        Map<String, Object> t = new java.util.LinkedHashMap<>();
        t.put("query", "demo_load");
        t.put("step", "5m");
        t.put("fit_window", "3d");
        t.put("start_infer_s", T0 + 3 * 86_400);
        t.put("end_infer_s", T0 + 4 * 86_400 - STEP_S);
        t.put("model_spec", Map.of("class", "zscore", "z_threshold", 3));
        return t;
    }

    static JsonNode awaitFinished(String id) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode t = api.get("/api/v1/anomaly_detection/tasks/" + id).json();
            if (!t.get("status").asText().equals("pending") && !t.get("status").asText().equals("running")) {
                return t;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("task " + id + " did not finish in 60 s");
    }

    // ---- health, metrics, routing ----

    @Test
    void health_followsTheRunner_200Then503() throws Exception {
        assertThat(api.get("/health").status()).isEqualTo(200);
        HEALTHY.set(false);
        try {
            assertThat(api.get("/health").status()).isEqualTo(503);
        } finally {
            HEALTHY.set(true);
        }
    }

    @Test
    void metrics_servesTheHostsExposition() throws Exception {
        Api.Answer a = api.get("/metrics");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body()).contains("vigil_test_metric 42");
        assertThat(a.contentType()).startsWith("text/plain");
    }

    @Test
    void unknownPath_is404AndWrongMethod405_withJsonNamingTheField() throws Exception {
        Api.Answer a = api.get("/api/v1/nope");
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.json().get("field").asText()).isEqualTo("path");
        Api.Answer b = api.delete("/api/v1/models");
        assertThat(b.status()).isEqualTo(405);
        assertThat(b.json().get("detail").asText()).contains("GET");
    }

    @Test
    void openApi_listsEveryRoutedPathAndMethod() throws Exception {
        JsonNode paths = api.get("/openapi.json").json().get("paths");
        Set<String> documented = new HashSet<>();
        paths.fieldNames().forEachRemaining(documented::add);
        Router r = server.router();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(r.patterns());
        for (String p : r.patterns()) {
            Set<String> methods = new HashSet<>();
            paths.get(p).fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase(java.util.Locale.ROOT)));
            assertThat(methods).as(p).containsExactlyInAnyOrderElementsOf(r.methods(p));
        }
    }

    @Test
    void presets_assetsServedAndUnknownNameIs404() throws Exception {
        Api.Answer dashboard = api.get("/presets/dashboard.json");
        assertThat(dashboard.status()).isEqualTo(200);
        assertThat(dashboard.json().has("panels")).isTrue();
        Api.Answer rules = api.get("/presets/vmanomaly_alerts.yml");
        assertThat(rules.status()).isEqualTo(200);
        assertThat(rules.body()).contains("groups:");
        Api.Answer missing = api.get("/presets/nope.yml");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("field").asText()).isEqualTo("name");
    }

    @Test
    void buildinfo_givesVersionAndSettings() throws Exception {
        JsonNode b = api.get("/api/v1/server/buildinfo").json();
        assertThat(b.get("version").asText()).isEqualTo("1.2.3-test");
        assertThat(b.get("max_concurrent_tasks").asInt()).isEqualTo(2);
    }

    @Test
    void pathPrefix_servesUnderThePrefixOnly() throws Exception {
        ServerConfig c = new ServerConfig("127.0.0.1", 0, "/vmanomaly", 1, null, null, false);
        try (ApiServer s = ApiServer.start(context(c, null))) {
            assertThat(s.url()).endsWith("/vmanomaly");
            Api prefixed = new Api(s.url());
            assertThat(prefixed.get("/health").status()).isEqualTo(200);
            assertThat(prefixed.get("/api/v1/models").status()).isEqualTo(200);
            Api bare = new Api(s.url().replace("/vmanomaly", ""));
            assertThat(bare.get("/health").status()).isEqualTo(404);
            // without a running configuration the server endpoints say so
            assertThat(prefixed.get("/api/v1/server/queries").status()).isEqualTo(404);
        }
    }

    @Test
    void start_portInUse_failsNamingTheAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            ServerConfig c = new ServerConfig("127.0.0.1", taken.getLocalPort(), "", 1, null, null, false);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ApiServer.start(context(c, null)))
                    .isInstanceOf(IOException.class).hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
    }

    // ---- models and configurations ----

    @Test
    void models_areTheRegistryDescriptors() throws Exception {
        JsonNode m = api.get("/api/v1/models").json();
        List<Map<String, Object>> expected = ModelRegistry.standard().descriptors().stream().map(DescriptorJson::of)
                .toList();
        assertThat(m.size()).isEqualTo(expected.size());
        assertThat(m).isEqualTo(Api.JSON.valueToTree(expected));
    }

    @Test
    void modelSchema_knownModel_listsItsArguments_unknown404_missing400() throws Exception {
        JsonNode s = api.get("/api/v1/model/schema?model_class=zscore_online").json();
        assertThat(s.get("model_class").asText()).isEqualTo("zscore_online");
        assertThat(s.at("/schema/properties/z_threshold/description").asText()).isNotBlank();
        assertThat(s.at("/schema/properties/z_threshold/default").isMissingNode()).isFalse();
        Api.Answer unknown = api.get("/api/v1/model/schema?model_class=nope");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("field").asText()).isEqualTo("model_class");
        Api.Answer missing = api.get("/api/v1/model/schema");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("model_class");
    }

    @Test
    void modelValidate_valid201_badArgument422NamingIt_notJson400() throws Exception {
        Api.Answer ok = api.postJson("/api/v1/model/validate", Map.of("class", "zscore_online", "z_threshold", 3));
        assertThat(ok.status()).isEqualTo(201);
        assertThat(ok.json().at("/args/z_threshold").asDouble()).isCloseTo(3.0, within(1e-12));
        Api.Answer bad = api.postJson("/api/v1/model/validate", Map.of("class", "zscore_online", "z_threshold", "x"));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("field").asText()).isEqualTo("z_threshold");
        Api.Answer unknownArg = api.postJson("/api/v1/model/validate", Map.of("class", "zscore", "z_treshold", 3));
        assertThat(unknownArg.status()).isEqualTo(422);
        assertThat(unknownArg.json().get("field").asText()).isEqualTo("z_treshold");
        Api.Answer noClass = api.postJson("/api/v1/model/validate", Map.of("z_threshold", 3));
        assertThat(noClass.status()).isEqualTo(422);
        assertThat(noClass.json().get("field").asText()).isEqualTo("class");
        Api.Answer notJson = api.postJson("/api/v1/model/validate", "{class: ");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().get("field").asText()).isEqualTo("body");
    }

    @Test
    void configValidate_valid200_invalid422WithEveryErrorsPathAndLine() throws Exception {
        String yaml = String.join("\n",
                "schedulers: {s: {class: periodic, infer_every: 1m, fit_window: 1h}}",
                "models: {m: {class: zscore}}",
                "reader: {datasource_url: 'http://127.0.0.1:8428', sampling_period: 1m, queries: {q: up}}",
                "writer: {datasource_url: 'http://127.0.0.1:8428'}", "");
        Api.Answer ok = api.post("/api/v1/config/validate", "application/yaml", yaml);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("valid").asBoolean()).isTrue();
        assertThat(ok.json().get("resolved").asText()).contains("infer_every");
        Api.Answer bad = api.post("/api/v1/config/validate", "application/yaml",
                yaml.replace("fit_window: 1h", "fit_window: 1h, infer_evry: 2m").replace("class: zscore}",
                        "class: zscore, z_threshold: -1}"));
        assertThat(bad.status()).isEqualTo(422);
        JsonNode errors = bad.json().get("errors");
        List<String> paths = new ArrayList<>();
        errors.forEach(e -> paths.add(e.get("path").asText()));
        assertThat(paths).contains("schedulers.s.infer_evry", "models.m.z_threshold");
        assertThat(errors.get(0).get("where").asText()).startsWith("body:1");
        Api.Answer empty = api.post("/api/v1/config/validate", "application/yaml", "");
        assertThat(empty.status()).isEqualTo(400);
    }

    @Test
    void serverQueriesAndModels_areTheRunningConfigs_modelsFilteredByUiAllowedModels() throws Exception {
        JsonNode q = api.get("/api/v1/server/queries").json();
        assertThat(q.size()).isEqualTo(1);
        assertThat(q.get(0).get("alias").asText()).isEqualTo("q");
        assertThat(q.get(0).get("expr").asText()).isEqualTo("demo_load");
        JsonNode m = api.get("/api/v1/server/models").json();
        assertThat(m.size()).isEqualTo(1);
        assertThat(m.get(0).get("alias").asText()).isEqualTo("zs");
        assertThat(m.get(0).get("class").asText()).isEqualTo(ModelRegistry.standard().canonicalAlias("zscore"));
    }

    // ---- datasource proxy ----

    @Test
    void query_getAndPost_proxyTheReadersDatasource() throws Exception {
        String params = "query=demo_load&start=" + (T0 + 86_400) + "&end=" + (T0 + 86_400 + 3600) + "&step=5m";
        for (Api.Answer a : List.of(api.get("/api/v1/query?" + params),
                api.post("/api/v1/query", "application/x-www-form-urlencoded", params))) {
            assertThat(a.status()).as(a.body()).isEqualTo(200);
            JsonNode j = a.json();
            assertThat(j.get("status").asText()).isEqualTo("success");
            assertThat(j.at("/data/result/0/metric/host").asText()).isEqualTo("a");
            assertThat(j.at("/data/result/0/values").size()).isEqualTo(13);
        }
        Api.Answer explicit = api.get("/api/v1/query?" + params + "&datasource_url="
                + URLEncoder.encode(VM.url(), StandardCharsets.UTF_8));
        assertThat(explicit.status()).isEqualTo(200);
        Api.Answer missing = api.get("/api/v1/query?start=1");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("field").asText()).isEqualTo("query");
        Api.Answer badUrl = api.get("/api/v1/query?query=up&datasource_url=ftp://x");
        assertThat(badUrl.status()).isEqualTo(422);
        assertThat(badUrl.json().get("field").asText()).isEqualTo("datasource_url");
    }

    // ---- tasks ----

    @Test
    void task_onRealData_scoresTheInjectedSpikeAboveOne() throws Exception {
        Api.Answer posted = api.postJson("/api/v1/anomaly_detection/tasks", task());
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        String id = posted.json().get("task_id").asText();
        JsonNode t = awaitFinished(id);
        assertThat(t.get("status").asText()).as(t.toString()).isEqualTo("done");
        assertThat(t.get("progress").asDouble()).isCloseTo(1.0, within(1e-9));
        JsonNode results = t.get("results");
        assertThat(results.size()).isEqualTo(1);
        JsonNode r = results.get(0);
        assertThat(r.at("/labels/host").asText()).isEqualTo("a");
        JsonNode ts = r.get("timestamps");
        assertThat(ts.size()).isEqualTo(288);
        int spike = -1;
        double maxOther = 0;
        for (int i = 0; i < ts.size(); i++) {
            if ((long) ts.get(i).asDouble() == SPIKE_S) {
                spike = i;
            }
        }
        assertThat(spike).as("spike row").isNotNegative();
        for (int i = 0; i < ts.size(); i++) {
            if (i != spike) {
                maxOther = Math.max(maxOther, r.get("anomaly_score").get(i).asDouble());
            }
        }
        assertThat(r.get("anomaly_score").get(spike).asDouble()).isGreaterThan(1.0);
        assertThat(maxOther).as("largest score away from the spike").isLessThan(1.0);
        assertThat(r.get("y").get(spike).asDouble()).isGreaterThan(r.get("yhat_upper").get(spike).asDouble());
        assertThat(r.get("yhat_lower").get(spike).asDouble()).isLessThan(r.get("yhat").get(spike).asDouble());

        JsonNode list = api.get("/api/v1/anomaly_detection/tasks").json();
        List<String> ids = new ArrayList<>();
        list.forEach(x -> ids.add(x.get("task_id").asText()));
        assertThat(ids).contains(id);

        // The exported configuration passes the loader (as --dryRun would) and the rule names the score.
        Api.Answer cfg = api.get("/api/vmanomaly/config.yaml?task_id=" + id);
        assertThat(cfg.status()).as(cfg.body()).isEqualTo(200);
        RunnerConfig c = RunnerConfigs.parse(cfg.body(), "config.yaml", Map.of(), ModelRegistry.standard());
        assertThat(c.reader().queries().get("query").client().expr()).isEqualTo("demo_load");
        assertThat(c.models().get("model").modelClass()).isEqualTo(ModelRegistry.standard().canonicalAlias("zscore"));
        assertThat(c.schedulers().get("periodic").toString()).contains("PT72H");
        Api.Answer rule = api.get("/api/vmanomaly/example-alert-rule.yaml?task_id=" + id + "&threshold=1.5");
        assertThat(rule.status()).isEqualTo(200);
        assertThat(rule.body()).contains("groups:").contains("anomaly_score{for=\\\"query\\\"} > 1.5")
                .contains("for: 10m");
    }

    @Test
    void task_exactFalseAndTrue_frozenFitVersusLearningOnlineModel() throws Exception {
        Map<String, Object> spec = Map.of("class", "zscore_online", "z_threshold", 3, "decay", 0.99);
        double[][] scores = new double[2][];
        for (boolean exact : new boolean[] {false, true}) {
            Map<String, Object> t = task();
            t.put("model_spec", spec);
            t.put("exact", exact);
            Api.Answer posted = api.postJson("/api/v1/anomaly_detection/tasks", t);
            assertThat(posted.status()).as(posted.body()).isEqualTo(202);
            JsonNode done = awaitFinished(posted.json().get("task_id").asText());
            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("done");
            assertThat(done.at("/request/exact").asBoolean()).isEqualTo(exact);
            JsonNode a = done.get("results").get(0).get("anomaly_score");
            scores[exact ? 1 : 0] = new double[a.size()];
            for (int i = 0; i < a.size(); i++) {
                scores[exact ? 1 : 0][i] = a.get(i).asDouble();
            }
        }
        // The same model computed here from the values imported: fitted on the 3 days before the last one.
        long[] ts = new long[N];
        for (int i = 0; i < N; i++) {
            ts[i] = (T0 + i * STEP_S) * 1000;
        }
        dev.vigil.core.series.Series series = dev.vigil.core.series.Series.of(ts, values());
        dev.vigil.models.ModelSpec model = ModelRegistry.standard().create("zscore_online",
                Map.of("z_threshold", 3, "decay", 0.99));
        int fit = 3 * 288;
        dev.vigil.core.prediction.Prediction frozen = model.fit(series.slice(0, fit)).infer(series.slice(fit, N));
        dev.vigil.core.prediction.Prediction learning = dev.vigil.models.Replay.run(model, series, fit, null, true,
                null);
        double maxDiff = 0;
        for (int i = 0; i < 288; i++) {
            assertThat(scores[0][i]).as("exact false, row %d", i).isCloseTo(frozen.anomalyScore(i), within(1e-9));
            assertThat(scores[1][i]).as("exact true, row %d", i).isCloseTo(learning.anomalyScore(fit + i),
                    within(1e-9));
            maxDiff = Math.max(maxDiff, Math.abs(scores[1][i] - scores[0][i]));
        }
        // decay 0.99 forgets the fit window within the day: the learning scores part from the frozen ones.
        assertThat(maxDiff).as("largest score difference between exact true and false").isGreaterThan(0.3);
    }

    @Test
    void configYaml_fromParameters_passesTheLoader_badModel422() throws Exception {
        Api.Answer cfg = api.get("/api/vmanomaly/config.yaml?query=" + URLEncoder.encode("rate(x[5m])",
                StandardCharsets.UTF_8) + "&step=1m&fit_window=2d&model_class=mad");
        assertThat(cfg.status()).as(cfg.body()).isEqualTo(200);
        RunnerConfig c = RunnerConfigs.parse(cfg.body(), "config.yaml", Map.of(), ModelRegistry.standard());
        assertThat(c.reader().datasourceUrl()).isEqualTo(VM.url());
        Api.Answer bad = api.get("/api/vmanomaly/config.yaml?query=x&model_spec="
                + URLEncoder.encode("{\"class\":\"zscore\",\"z_threshold\":\"high\"}", StandardCharsets.UTF_8));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("field").asText()).isEqualTo("model_spec.z_threshold");
        assertThat(api.get("/api/vmanomaly/config.yaml").status()).isEqualTo(400);
        assertThat(api.get("/api/vmanomaly/config.yaml?task_id=nope").status()).isEqualTo(404);
    }

    @Test
    void task_invalidFields_are422NamingTheField_unknownId404() throws Exception {
        Map<String, Object> noQuery = task();
        noQuery.remove("query");
        assertField(api.postJson("/api/v1/anomaly_detection/tasks", noQuery), 422, "query");
        Map<String, Object> badArg = task();
        badArg.put("model_spec", Map.of("class", "zscore", "z_threshold", "high"));
        assertField(api.postJson("/api/v1/anomaly_detection/tasks", badArg), 422, "model_spec.z_threshold");
        Map<String, Object> badStep = task();
        badStep.put("step", "soon");
        assertField(api.postJson("/api/v1/anomaly_detection/tasks", badStep), 422, "step");
        Map<String, Object> typo = task();
        typo.put("fit_windw", "1d");
        assertField(api.postJson("/api/v1/anomaly_detection/tasks", typo), 422, "fit_windw");
        Map<String, Object> reversed = task();
        reversed.put("start_infer_s", T0 + 5 * 86_400);
        assertField(api.postJson("/api/v1/anomaly_detection/tasks", reversed), 422, "start_infer_s");
        assertField(api.postJson("/api/v1/anomaly_detection/tasks", "[1]"), 400, "body");
        assertField(api.get("/api/v1/anomaly_detection/tasks/nope"), 404, "task_id");
        assertField(api.delete("/api/v1/anomaly_detection/tasks/nope"), 404, "task_id");
    }

    private static void assertField(Api.Answer a, int status, String field) throws IOException {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.json().get("field").asText()).as(a.body()).isEqualTo(field);
        assertThat(a.json().get("detail").asText()).isNotBlank();
    }

    @Test
    void tasks_beyondMaxConcurrent_are429_andCancelFreesNothingUntilTheThreadEnds() throws Exception {
        // A datasource that accepts connections and never answers keeps the one admitted task running.
        try (ServerSocket hang = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(hang.accept());
                    }
                } catch (IOException e) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ServerConfig c = new ServerConfig("127.0.0.1", 0, "", 1, null, null, false);
            try (ApiServer s = ApiServer.start(context(c, null))) {
                Api one = new Api(s.url());
                Map<String, Object> t = task();
                t.put("datasource_url", "http://127.0.0.1:" + hang.getLocalPort());
                Api.Answer first = one.postJson("/api/v1/anomaly_detection/tasks", t);
                assertThat(first.status()).as(first.body()).isEqualTo(202);
                String id = first.json().get("task_id").asText();
                Api.Answer second = one.postJson("/api/v1/anomaly_detection/tasks", t);
                assertThat(second.status()).as(second.body()).isEqualTo(429);
                assertThat(second.json().get("detail").asText()).contains("max_concurrent_tasks");
                assertThat(one.get("/api/v1/anomaly_detection/limits").json().get("active_tasks").asInt())
                        .isEqualTo(1);
                Api.Answer canceled = one.delete("/api/v1/anomaly_detection/tasks/" + id);
                assertThat(canceled.status()).isEqualTo(200);
                assertThat(canceled.json().get("status").asText()).isEqualTo("canceled");
                assertThat(one.get("/api/v1/anomaly_detection/tasks/" + id).json().get("status").asText())
                        .isEqualTo("canceled");
                // The interrupted thread ends and frees its slot: a new task is admitted again.
                long deadline = System.nanoTime() + 20_000_000_000L;
                int status = 429;
                while (status == 429 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    status = one.postJson("/api/v1/anomaly_detection/tasks", t).status();
                }
                assertThat(status).isEqualTo(202);
            } finally {
                for (Iterator<Socket> it = new ArrayList<>(held).iterator(); it.hasNext();) {
                    it.next().close();
                }
            }
        }
    }

    // ---- characteristics ----

    @Test
    void characteristics_findTheDailySeasonalityAndNoGaps() throws Exception {
        Api.Answer a = api.get("/api/v1/timeseries/characteristics?query=demo_load&step=5m&start=" + T0 + "&end="
                + (T0 + 4 * 86_400 - STEP_S));
        assertThat(a.status()).as(a.body()).isEqualTo(200);
        JsonNode s = a.json().get("series").get(0);
        assertThat(s.at("/gaps/missing_steps").asInt()).isZero();
        assertThat(s.at("/seasonality/daily").asBoolean()).as(s.toString()).isTrue();
        assertThat(s.at("/seasonality/weekly").asBoolean()).isFalse();
        assertThat(s.get("spiky_share").asDouble()).isGreaterThan(0).isLessThan(0.01);
        assertThat(s.at("/trend/present").asBoolean()).isFalse();
        Api.Answer bad = api.get("/api/v1/timeseries/characteristics?query=demo_load&limit=0");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("field").asText()).isEqualTo("limit");
    }
}
