package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.config.sharding.Membership;
import dev.vigil.config.sharding.Sharding;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The requests the service makes for {@code tenant_id: multitenant} and for a member's share of
 * {@code reader.extra_filters}, recorded by a loopback server that answers as a VictoriaMetrics cluster
 * would (a single-node VictoriaMetrics does not serve the {@code /select/multitenant} paths): the read
 * returns series of two tenants, labelled {@code vm_account_id}/{@code vm_project_id}.
 */
class ServiceTenantRequestsTest {

    record Req(String method, String path, Map<String, List<String>> query, String body) {
    }

    final List<Req> requests = new CopyOnWriteArrayList<>();
    HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] raw = ex.getRequestBody().readAllBytes();
            if ("gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                raw = new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes();
            }
            Map<String, List<String>> q = params(ex.getRequestURI().getRawQuery());
            requests.add(new Req(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), q,
                    new String(raw, StandardCharsets.UTF_8)));
            byte[] out = ex.getRequestMethod().equals("POST") ? new byte[0]
                    : matrix(q).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(out.length == 0 ? 204 : 200, out.length == 0 ? -1 : out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static Map<String, List<String>> params(String raw) {
        Map<String, List<String>> m = new HashMap<>();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                m.computeIfAbsent(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    /** A query_range answer over the requested range: series of tenants 4:2 and 7:0. */
    static String matrix(Map<String, List<String>> q) {
        long start = (long) Double.parseDouble(q.get("start").get(0));
        long end = (long) Double.parseDouble(q.get("end").get(0));
        long step = (long) Double.parseDouble(q.get("step").get(0));
        StringBuilder sb = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
        String[][] tenants = {{"4", "2"}, {"7", "0"}};
        for (int s = 0; s < tenants.length; s++) {
            sb.append(s == 0 ? "" : ",").append("{\"metric\":{\"__name__\":\"cpu\",\"vm_account_id\":\"")
                    .append(tenants[s][0]).append("\",\"vm_project_id\":\"").append(tenants[s][1]).append("\"},\"values\":[");
            for (long t = start - start % step + step, i = 0; t <= end; t += step, i++) {
                sb.append(i == 0 ? "" : ",").append('[').append(t).append(",\"").append(10 + (i * 7919 % 13) / 10.0)
                        .append("\"]");
            }
            sb.append("]}");
        }
        return sb.append("]}}").toString();
    }

    String config(String readerTenant, String extra) {
        return String.join("\n",
                "schedulers:",
                "  once: {class: oneoff, fit_start_iso: '2024-03-01T00:00:00Z', fit_end_iso: '2024-03-01T01:00:00Z',"
                        + " infer_start_iso: '2024-03-01T01:00:00Z', infer_end_iso: '2024-03-01T01:30:00Z'}",
                "models:",
                "  z: {class: zscore_online}",
                "reader:",
                "  datasource_url: '" + url() + "'",
                "  tenant_id: '" + readerTenant + "'",
                "  sampling_period: 1m",
                extra,
                "  queries: {cpu: 'cpu'}",
                "writer:",
                "  datasource_url: '" + url() + "'",
                "  tenant_id: multitenant",
                "");
    }

    void run(RunnerConfig c) throws Exception {
        try (SeriesReader reader = IoFactory.reader(c.reader()); SeriesWriter writer = IoFactory.writer(c.writer());
             AnomalyService service = new AnomalyService(c, reader, writer,
                     new ManualTicker(Instant.parse("2024-03-02T00:00:00Z")), new RunnerMetrics(new PrometheusRegistry(),
                     "test"), null)) {
            service.run();
        }
    }

    @Test
    void multitenant_readsAndWritesTheMultitenantPathsKeepingTheTenantLabels() throws Exception {
        run(RunnerConfigs.parse(config("multitenant", ""), "mt.yml", Map.of(), ModelRegistry.standard()));
        List<Req> reads = requests.stream().filter(r -> r.method().equals("GET")).toList();
        List<Req> writes = requests.stream().filter(r -> r.method().equals("POST")).toList();
        assertThat(reads).isNotEmpty().allSatisfy(r ->
                assertThat(r.path()).isEqualTo("/select/multitenant/prometheus/api/v1/query_range"));
        assertThat(writes).isNotEmpty().allSatisfy(r ->
                assertThat(r.path()).isEqualTo("/insert/multitenant/prometheus/api/v1/import"));
        List<String> lines = writes.stream().flatMap(r -> r.body().lines()).toList();
        // 2 tenants x 4 default outputs, each series keeping its own tenant's labels.
        assertThat(lines).hasSize(8);
        assertThat(lines.stream().filter(l -> l.contains("\"vm_account_id\":\"4\",\"vm_project_id\":\"2\""))).hasSize(4);
        assertThat(lines.stream().filter(l -> l.contains("\"vm_account_id\":\"7\",\"vm_project_id\":\"0\""))).hasSize(4);
        assertThat(lines).allSatisfy(l -> assertThat(l).contains("\"model_alias\":\"z\""));
    }

    @Test
    void splitByExtraFilters_eachMemberSendsOnlyItsFilters() throws Exception {
        String extra = "  extra_filters: ['{vm_account_id=\"4\"}', '{vm_account_id=\"7\"}', '{vm_account_id=\"9\"}']";
        RunnerConfig whole = RunnerConfigs.parse(config("multitenant", extra), "f.yml", Map.of(),
                ModelRegistry.standard());
        List<List<String>> sent = new ArrayList<>();
        for (int n = 0; n < 2; n++) {
            requests.clear();
            Membership m = Membership.fromEnv(Map.of("VMANOMALY_MEMBERS_COUNT", "2", "HOSTNAME", "vigil-" + n,
                    "VMANOMALY_SPLIT_BY", "extra_filters"));
            run(Sharding.share(whole, m).config());
            List<Req> reads = requests.stream().filter(r -> r.method().equals("GET")).toList();
            assertThat(reads).isNotEmpty();
            sent.add(reads.get(0).query().get("extra_filters[]"));
            assertThat(reads).allSatisfy(r -> assertThat(r.query().get("extra_filters[]")).isEqualTo(sent.get(sent.size() - 1)));
        }
        assertThat(sent).containsExactly(List.of("{vm_account_id=\"4\"}", "{vm_account_id=\"9\"}"),
                List.of("{vm_account_id=\"7\"}"));
    }
}
