package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.config.sharding.Assignment;
import dev.vigil.config.sharding.Membership;
import dev.vigil.config.sharding.Sharding;
import dev.vigil.config.sharding.SubConfig;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.vm.VictoriaMetricsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three members of a sharded group, each with its own environment ({@code VMANOMALY_MEMBERS_COUNT=3},
 * {@code VMANOMALY_MEMBER_NUM}, {@code VMANOMALY_REPLICATION_FACTOR}), run one configuration of 3 models ×
 * 2 queries against one real VictoriaMetrics. Each member tags its output with its number through
 * {@code %{VMANOMALY_MEMBER_NUM}} in {@code writer.metric_format}, so the written series show who ran what.
 */
class ShardedServiceVictoriaMetricsTest {

    @RegisterExtension
    static final VictoriaMetricsServer VM = new VictoriaMetricsServer();

    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final int N = 240;
    static final long MINUTE = 60_000;

    @BeforeAll
    static void importInput() throws Exception {
        Random rnd = new Random(11);
        StringBuilder body = new StringBuilder();
        for (String metric : List.of("cpu", "mem")) {
            for (String host : List.of("a", "b")) {
                List<Long> ts = new ArrayList<>();
                List<Double> vs = new ArrayList<>();
                for (int i = 0; i < N; i++) {
                    ts.add(T0.toEpochMilli() + i * MINUTE);
                    vs.add(50 + 5 * rnd.nextGaussian() + (i == 200 && host.equals("b") ? 60 : 0));
                }
                body.append(ServiceVictoriaMetricsTest.JSON.writeValueAsString(Map.of("metric", Map.of("__name__",
                        metric, "host", host), "values", vs, "timestamps", ts))).append('\n');
            }
        }
        HttpResponse<String> r = ServiceVictoriaMetricsTest.HTTP.send(HttpRequest.newBuilder(
                        URI.create(VM.url() + "/api/v1/import")).POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        VM.flush();
    }

    static String config() {
        return String.join("\n",
                "schedulers:",
                "  once:",
                "    class: oneoff",
                "    fit_start_iso: '2024-03-01T00:00:00Z'",
                "    fit_end_iso: '2024-03-01T02:00:00Z'",
                "    infer_start_iso: '2024-03-01T02:00:00Z'",
                "    infer_end_iso: '2024-03-01T04:00:00Z'",
                "models:",
                "  z: {class: zscore_online, z_threshold: 3}",
                "  m: {class: mad_online}",
                "  q: {class: quantile_online}",
                "reader:",
                "  class: vm",
                "  datasource_url: '" + VM.url() + "'",
                "  sampling_period: 1m",
                "  queries:",
                "    cpu: 'cpu'",
                "    mem: 'mem'",
                "writer:",
                "  class: vm",
                "  datasource_url: '" + VM.url() + "'",
                "  metric_format:",
                "    __name__: $VAR",
                "    for: $QUERY_KEY",
                "    run: '%{RUN}'",
                "    member: 'm%{VMANOMALY_MEMBER_NUM}'",
                "");
    }

    /** Runs member {@code env} to completion; returns its {@code vmanomaly_config_entities}. */
    static double runMember(Map<String, String> env) throws Exception {
        RunnerConfig whole = RunnerConfigs.parse(config(), "sharded.yml", env, ModelRegistry.standard());
        Sharding.Share share = Sharding.share(whole, Membership.fromEnv(env));
        assertThat(share.empty()).isFalse();
        PrometheusRegistry registry = new PrometheusRegistry();
        RunnerMetrics metrics = new RunnerMetrics(registry, "test");
        RunnerConfig c = share.config();
        try (SeriesReader reader = IoFactory.reader(c.reader()); SeriesWriter writer = IoFactory.writer(c.writer());
             AnomalyService service = new AnomalyService(c, reader, writer,
                     new ManualTicker(Instant.parse("2024-03-02T00:00:00Z")), metrics, null)) {
            service.run();
        }
        String text = ServiceVictoriaMetricsTest.scrape(registry);
        String line = text.lines().filter(l -> l.startsWith("vmanomaly_config_entities{")).findFirst().orElseThrow();
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    static Map<String, String> env(String run, int count, int num, int r) {
        return Map.of("RUN", run, "VMANOMALY_MEMBERS_COUNT", String.valueOf(count),
                "VMANOMALY_MEMBER_NUM", String.valueOf(num), "VMANOMALY_REPLICATION_FACTOR", String.valueOf(r));
    }

    /** The anomaly_score series of run {@code run}: identity (labels without {@code member}) to members and points. */
    static Map<String, List<String>> members(String run, Map<String, TreeMap<Long, Double>> points) throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        for (JsonNode s : export("anomaly_score{run=\"" + run + "\"}")) {
            Map<String, String> labels = ServiceVictoriaMetricsTest.labels(s);
            String member = labels.remove("member");
            labels.remove("run");
            String id = labels.toString();
            out.computeIfAbsent(id, k -> new ArrayList<>()).add(member);
            if (points != null) {
                points.put(id + member, ServiceVictoriaMetricsTest.points(s));
            }
        }
        return out;
    }

    /** The series {@code selector} matches, exported from this class's VictoriaMetrics. */
    static List<JsonNode> export(String selector) throws Exception {
        String u = VM.url() + "/api/v1/export?match[]=" + URLEncoder.encode(selector, StandardCharsets.UTF_8) + "&start=0";
        HttpResponse<String> r = ServiceVictoriaMetricsTest.HTTP.send(HttpRequest.newBuilder(URI.create(u)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        for (String l : r.body().split("\n")) {
            if (!l.isBlank()) {
                out.add(ServiceVictoriaMetricsTest.JSON.readTree(l));
            }
        }
        return out;
    }

    @Test
    void threeMembers_replicationOneAndTwo_shareTheWorkExactlyAsAssigned() throws Exception {
        runMember(Map.of("RUN", "single", "VMANOMALY_MEMBER_NUM", "0"));
        double[] entities = new double[3];
        for (int n = 0; n < 3; n++) {
            entities[n] = runMember(env("r1", 3, n, 1));
            runMember(env("r2", 3, n, 2));
        }
        VM.flush();

        Map<String, TreeMap<Long, Double>> singlePoints = new HashMap<>();
        Map<String, TreeMap<Long, Double>> r1Points = new HashMap<>();
        Map<String, List<String>> single = members("single", singlePoints);
        Map<String, List<String>> r1 = members("r1", r1Points);
        Map<String, List<String>> r2 = members("r2", null);
        // 3 models x 2 queries x 2 hosts.
        assertThat(single).hasSize(12);
        // R=1: the union is the single runner's output, each series written by one member, with the same values.
        assertThat(r1.keySet()).isEqualTo(single.keySet());
        assertThat(r1.values()).allSatisfy(ms -> assertThat(ms).hasSize(1));
        r1.forEach((id, ms) -> {
            TreeMap<Long, Double> got = r1Points.get(id + ms.get(0));
            TreeMap<Long, Double> want = singlePoints.get(id + "m0");
            assertThat(got.keySet()).isEqualTo(want.keySet());
            want.forEach((t, v) -> assertThat(got.get(t)).isCloseTo(v, within(1e-12)));
        });
        assertThat(new TreeSet<>(r1.values().stream().map(l -> l.get(0)).toList())).containsExactly("m0", "m1", "m2");
        // 6 sub-configurations (model x query) over 3 members: 2 each, as the gauge says.
        assertThat(entities).containsExactly(2.0, 2.0, 2.0);
        // R=2: every series written by exactly the 2 members the assignment names.
        assertThat(r2.keySet()).isEqualTo(single.keySet());
        Membership any = new Membership(3, 0, 2, dev.vigil.config.sharding.SplitBy.COMPLETE,
                dev.vigil.config.sharding.Strategy.ROUND_ROBIN);
        List<SubConfig> subs = Sharding.share(RunnerConfigs.parse(config(), "s.yml", Map.of(),
                ModelRegistry.standard()), any).all();
        r2.forEach((id, ms) -> {
            SubConfig sub = subs.stream().filter(s -> id.contains("for=" + s.entities().get(0).query() + ",")
                    && id.contains("model_alias=" + s.entities().get(0).model() + ",")).findFirst().orElseThrow();
            String[] want = Arrays.stream(Assignment.members(sub, any)).mapToObj(n -> "m" + n).toArray(String[]::new);
            assertThat(ms).as(id).containsExactlyInAnyOrder(want);
        });
    }
}
