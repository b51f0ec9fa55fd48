package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.config.ServerConfig;
import dev.vigil.models.registry.ModelRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ApiServer#reconfigure}: a changed {@code server} section applied while serving, checked with real
 * HTTP requests on free loopback ports. Detection tasks read a datasource that accepts connections and
 * never answers, so they stay running for as long as a test needs.
 */
class ApiServerReconfigureTest {

    private static final RunnerConfig RUNNING = running();

    private static RunnerConfig running() {
        try {
            return RunnerConfigs.parse(String.join("\n",
            "schedulers: {s: {class: periodic, infer_every: 5m, fit_window: 1d}}",
            "models: {zs: {class: zscore_online, queries: [q], schedulers: [s]},",
            "         other: {class: mad_online, queries: [q], schedulers: [s]}}",
            "reader: {datasource_url: 'http://127.0.0.1:9', sampling_period: 5m, queries: {q: 'up'}}",
            "writer: {datasource_url: 'http://127.0.0.1:9'}",
            ""), "t.yml", Map.of(), ModelRegistry.standard());
        } catch (dev.vigil.config.ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private ServerSocket hang;
    private final List<Socket> held = new ArrayList<>();

    @BeforeEach
    void hangingDatasource() throws IOException {
        hang = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket s = hang.accept();
                    synchronized (held) {
                        held.add(s);
                    }
                }
            } catch (IOException e) {
                // closed by the test
            }
        }, "hanging-datasource");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void closeDatasource() throws IOException {
        hang.close();
        synchronized (held) {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    private static ServerConfig section(int port, String prefix, int maxTasks, String uiState, List<String> allowed) {
        return new ServerConfig("127.0.0.1", port, prefix, maxTasks, uiState, allowed, false);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static ApiServer start(ServerConfig c) throws IOException {
        return ApiServer.start(ApiServerTest.context(c, RUNNING));
    }

    private Map<String, Object> hangingTask() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("query", "up");
        t.put("step", "5m");
        t.put("fit_window", "1d");
        t.put("start_infer_s", 1_700_000_000L);
        t.put("end_infer_s", 1_700_003_600L);
        t.put("datasource_url", "http://127.0.0.1:" + hang.getLocalPort());
        t.put("model_spec", Map.of("class", "zscore_online"));
        return t;
    }

    private static boolean refused(String base) {
        try {
            new Api(base).get("/health");
            return false;
        } catch (IOException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void reconfigure_newPort_servesThereClosesTheOldPortAndKeepsTheRunningTask() throws Exception {
        try (ApiServer s = start(section(0, "", 2, null, null))) {
            String oldUrl = s.url();
            Api.Answer posted = new Api(oldUrl).postJson("/api/v1/anomaly_detection/tasks", hangingTask());
            assertThat(posted.status()).as(posted.body()).isEqualTo(202);
            String id = posted.json().get("task_id").asText();
            int port = freePort();

            s.reconfigure(section(port, "", 2, null, null));

            assertThat(s.port()).isEqualTo(port);
            assertThat(s.url()).isEqualTo("http://127.0.0.1:" + port);
            Api moved = new Api(s.url());
            assertThat(moved.get("/health").status()).isEqualTo(200);
            assertThat(refused(oldUrl)).as("old address closed").isTrue();
            JsonNode t = moved.get("/api/v1/anomaly_detection/tasks/" + id).json();
            assertThat(t.get("status").asText()).as(t.toString()).isIn("pending", "running");
            assertThat(moved.delete("/api/v1/anomaly_detection/tasks/" + id).json().get("status").asText())
                    .isEqualTo("canceled");
        }
    }

    @Test
    void reconfigure_portInUse_throwsNamingAddrPortAndTheOldAddressKeepsServing() throws Exception {
        try (ApiServer s = start(section(0, "", 2, null, null));
             ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String oldUrl = s.url();
            int oldPort = s.port();
            ServerConfig clash = section(taken.getLocalPort(), "/other", 5, null, null);

            assertThatThrownBy(() -> s.reconfigure(clash)).isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("127.0.0.1:" + taken.getLocalPort());

            assertThat(s.port()).isEqualTo(oldPort);
            assertThat(s.config().pathPrefix()).as("nothing applied").isEmpty();
            Api old = new Api(oldUrl);
            assertThat(old.get("/health").status()).isEqualTo(200);
            assertThat(old.get("/api/v1/server/buildinfo").json().get("max_concurrent_tasks").asInt()).isEqualTo(2);
        }
    }

    @Test
    void reconfigure_samePortOnAnAddressNotOfThisHost_failsAndTheOldSocketKeepsServing() throws Exception {
        try (ApiServer s = start(section(0, "", 2, null, null))) {
            int port = s.port();
            // 192.0.2.1 is TEST-NET-1 (documentation only): never an address of this machine.
            ServerConfig foreign = new ServerConfig("192.0.2.1", port, "", 2, null, null, false);

            assertThatThrownBy(() -> s.reconfigure(foreign)).isInstanceOf(ServerStartException.class)
                    .hasMessageContaining("192.0.2.1:" + port);

            assertThat(new Api("http://127.0.0.1:" + port).get("/health").status()).isEqualTo(200);
            assertThat(s.config().addr()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void reconfigure_samePortOnALocalAddressHeldByAnother_failsAndReopensTheOldAddress() throws Exception {
        try (ApiServer s = start(section(0, "", 2, null, null))) {
            int port = s.port();
            // 127.0.0.2 is this host's (all of 127/8 is loopback on Linux); another socket holds the port there,
            // so the bind fails even after the server closed its own socket, which must then be reopened.
            try (ServerSocket other = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.2"))) {
                ServerConfig held = new ServerConfig("127.0.0.2", port, "", 2, null, null, false);

                assertThatThrownBy(() -> s.reconfigure(held)).isInstanceOf(ServerStartException.class)
                        .hasMessageContaining("127.0.0.2:" + port);

                assertThat(other.isBound()).isTrue();
                assertThat(s.config().addr()).isEqualTo("127.0.0.1");
                assertThat(new Api("http://127.0.0.1:" + port).get("/health").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void reconfigure_maxConcurrentTasks_admitsAgainstTheNewLimitWithoutRebinding() throws Exception {
        try (ApiServer s = start(section(0, "", 1, null, null))) {
            int port = s.port();
            Api api = new Api(s.url());
            assertThat(api.postJson("/api/v1/anomaly_detection/tasks", hangingTask()).status()).isEqualTo(202);
            assertThat(api.postJson("/api/v1/anomaly_detection/tasks", hangingTask()).status()).isEqualTo(429);

            s.reconfigure(section(port, "", 2, null, null));

            assertThat(s.port()).isEqualTo(port);
            Api.Answer second = api.postJson("/api/v1/anomaly_detection/tasks", hangingTask());
            assertThat(second.status()).as(second.body()).isEqualTo(202);
            assertThat(api.postJson("/api/v1/anomaly_detection/tasks", hangingTask()).status()).isEqualTo(429);
            JsonNode limits = api.get("/api/v1/anomaly_detection/limits").json();
            assertThat(limits.get("max_concurrent_tasks").asInt()).isEqualTo(2);
            assertThat(limits.get("active_tasks").asInt()).isEqualTo(2);
            // Both run at once: the pool grew with the limit (a queued task would stay pending).
            long deadline = System.nanoTime() + 10_000_000_000L;
            String status = "";
            while (!status.equals("running") && System.nanoTime() < deadline) {
                Thread.sleep(50);
                status = api.get("/api/v1/anomaly_detection/tasks/" + second.json().get("task_id").asText()).json()
                        .get("status").asText();
            }
            assertThat(status).isEqualTo("running");

            // Lowering the limit cancels nothing: both go on, and a new task is refused.
            s.reconfigure(section(port, "", 1, null, null));
            assertThat(api.get("/api/v1/anomaly_detection/limits").json().get("active_tasks").asInt()).isEqualTo(2);
            Api.Answer refused = api.postJson("/api/v1/anomaly_detection/tasks", hangingTask());
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.json().get("detail").asText()).contains("already 1 task(s)");
        }
    }

    @Test
    void reconfigure_pathPrefixAndUiSettings_applyToTheNextRequestOnTheSamePort() throws Exception {
        try (ApiServer s = start(section(0, "", 2, null, null))) {
            int port = s.port();
            String root = "http://127.0.0.1:" + port;
            assertThat(new Api(root).get("/api/v1/server/models").json().size()).isEqualTo(2);

            s.reconfigure(section(port, "/vmanomaly", 2, "#/?g0.expr=up", List.of("zs")));

            assertThat(s.port()).isEqualTo(port);
            assertThat(s.url()).isEqualTo(root + "/vmanomaly");
            assertThat(new Api(root).get("/health").status()).isEqualTo(404);
            Api prefixed = new Api(root + "/vmanomaly");
            assertThat(prefixed.get("/health").status()).isEqualTo(200);
            JsonNode info = prefixed.get("/api/v1/server/buildinfo").json();
            assertThat(info.get("path_prefix").asText()).isEqualTo("/vmanomaly");
            assertThat(info.get("ui_default_state").asText()).isEqualTo("#/?g0.expr=up");
            JsonNode models = prefixed.get("/api/v1/server/models").json();
            assertThat(models.size()).isEqualTo(1);
            assertThat(models.get(0).get("alias").asText()).isEqualTo("zs");
        }
    }
}
