package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.vm.VictoriaMetricsServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three members started as {@code vigil run CONFIG} with a StatefulSet's environment (the member number
 * from {@code HOSTNAME}) against one real VictoriaMetrics: together they write what one runner writes,
 * each series once.
 */
class ShardedMembersCommandTest {

    @RegisterExtension
    static final VictoriaMetricsServer VM = new VictoriaMetricsServer();

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @AfterEach
    void resetEnvironment() {
        ServiceCommand.environment = null;
    }

    void importInput() throws Exception {
        Random rnd = new Random(19);
        StringBuilder body = new StringBuilder();
        long t0 = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
        for (String metric : List.of("cpu", "mem", "net")) {
            List<Long> ts = new ArrayList<>();
            List<Double> vs = new ArrayList<>();
            for (int i = 0; i < 180; i++) {
                ts.add(t0 + i * 60_000L);
                vs.add(10 + rnd.nextGaussian());
            }
            body.append(JSON.writeValueAsString(Map.of("metric", Map.of("__name__", metric, "host", "a"),
                    "values", vs, "timestamps", ts))).append('\n');
        }
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(VM.url() + "/api/v1/import"))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        VM.flush();
    }

    Path config() throws Exception {
        return Files.writeString(dir.resolve("vigil.yml"), String.join("\n",
                "schedulers:",
                "  once: {class: oneoff, fit_start_iso: '2024-03-01T00:00:00Z', fit_end_iso: '2024-03-01T02:00:00Z',"
                        + " infer_start_iso: '2024-03-01T02:00:00Z', infer_end_iso: '2024-03-01T03:00:00Z'}",
                "models:",
                "  z: {class: zscore_online}",
                "  m: {class: mad_online}",
                "reader:",
                "  datasource_url: '" + VM.url() + "'",
                "  sampling_period: 1m",
                "  queries: {cpu: 'cpu', mem: 'mem', net: 'net'}",
                "writer:",
                "  datasource_url: '" + VM.url() + "'",
                "  metric_format: {__name__: $VAR, for: $QUERY_KEY, run: '%{RUN}', pod: '%{HOSTNAME}'}",
                ""));
    }

    @Test
    void run_threeMembersFromPodNames_writeTheSingleRunnersSeriesOnceEach() throws Exception {
        importInput();
        Path cfg = config();
        ServiceCommand.environment = Map.of("RUN", "single", "HOSTNAME", "laptop");
        assertThat(ServiceCommandTest.run("run", cfg.toString(), "-loggerLevel=WARNING").code()).isZero();
        for (int n = 0; n < 3; n++) {
            ServiceCommand.environment = Map.of("RUN", "sharded", "HOSTNAME", "vigil-" + n,
                    "VMANOMALY_MEMBERS_COUNT", "3");
            ServiceCommandTest.Run r = ServiceCommandTest.run("run", cfg.toString(), "-loggerLevel=WARNING");
            assertThat(r.code()).as(r.err()).isZero();
        }
        VM.flush();
        Map<String, List<String>> single = series("single");
        Map<String, List<String>> sharded = series("sharded");
        // 2 models x 3 queries = 6 sub-configurations, 2 per member.
        assertThat(single).hasSize(6);
        assertThat(sharded.keySet()).isEqualTo(single.keySet());
        assertThat(sharded.values()).allSatisfy(pods -> assertThat(pods).hasSize(1));
        Map<String, Long> perPod = new TreeMap<>();
        sharded.values().forEach(p -> perPod.merge(p.get(0), 1L, Long::sum));
        assertThat(perPod).containsExactlyInAnyOrderEntriesOf(Map.of("vigil-0", 2L, "vigil-1", 2L, "vigil-2", 2L));
    }

    /** anomaly_score series of {@code run}: labels without {@code pod} and {@code run}, to the pods that wrote them. */
    static Map<String, List<String>> series(String run) throws Exception {
        String u = VM.url() + "/api/v1/export?match[]=" + URLEncoder.encode("anomaly_score{run=\"" + run + "\"}",
                StandardCharsets.UTF_8) + "&start=0";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(u)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, List<String>> out = new TreeMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode metric = JSON.readTree(line).get("metric");
            Map<String, String> labels = new TreeMap<>();
            metric.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            String pod = labels.remove("pod");
            labels.remove("run");
            out.computeIfAbsent(labels.toString(), k -> new ArrayList<>()).add(pod);
        }
        return out;
    }
}
