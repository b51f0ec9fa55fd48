package dev.vigil.runner.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.config.Auth;
import dev.vigil.config.MonitoringConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsPusherTest {

    record Request(String path, String query, String auth, String body) {
    }

    @Test
    void push_bearerTokenFile_isReadOnEveryPush(@TempDir Path dir) throws Exception {
        List<Request> got = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            got.add(new Request(ex.getRequestURI().getPath(), URLDecoder.decode(ex.getRequestURI().getRawQuery(),
                    StandardCharsets.UTF_8), ex.getRequestHeaders().getFirst("Authorization"),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        Path token = Files.writeString(dir.resolve("token"), "first\n");
        RunnerMetrics m = new RunnerMetrics(new PrometheusRegistry(), "1.0");
        m.started(1.7e9, 1);
        Auth auth = new Auth(null, null, null, token.toString(), Boolean.TRUE, null, null);
        MonitoringConfig.Push cfg = new MonitoringConfig.Push("http://127.0.0.1:" + server.getAddress().getPort() + "/",
                "3:4", auth, Duration.ofSeconds(5), null, Map.of("env", "test"));
        try (MetricsPusher p = new MetricsPusher(cfg, m.registry(), "host:8490")) {
            p.push();
            Files.writeString(token, "second");
            p.push();
            Files.delete(token);
            assertThatThrownBy(p::push).isInstanceOf(IOException.class)
                    .hasMessageContaining("monitoring.push").hasMessageContaining("bearer_token_file")
                    .hasMessageContaining(token.toString());
        } finally {
            server.stop(0);
        }
        assertThat(got).hasSize(2);
        assertThat(got.get(0).auth()).isEqualTo("Bearer first");
        assertThat(got.get(1).auth()).isEqualTo("Bearer second");
        assertThat(got.get(0).path()).isEqualTo("/insert/3:4/prometheus/api/v1/import/prometheus");
        assertThat(got.get(0).query()).contains("extra_label=job=vmanomaly", "extra_label=instance=host:8490",
                "extra_label=env=test");
        assertThat(got.get(0).body()).contains("vmanomaly_start_time_seconds 1.7E9");
    }

    @Test
    void push_tlsKeys_selfSignedServerNeedsVerifyOffOrItsCaAndClientCertificateIsSent(@TempDir Path dir)
            throws Exception {
        dev.vigil.vm.TestCerts certs = new dev.vigil.vm.TestCerts(dir);
        List<String> clients = new CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(certs.serverContext(true)) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters params) {
                javax.net.ssl.SSLParameters sp = getSSLContext().getDefaultSSLParameters();
                sp.setWantClientAuth(true);
                params.setSSLParameters(sp);
            }
        });
        server.createContext("/", ex -> {
            javax.net.ssl.SSLSession session = ((com.sun.net.httpserver.HttpsExchange) ex).getSSLSession();
            String peer;
            try {
                peer = session.getPeerPrincipal().getName();
            } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
                peer = "none";
            }
            clients.add(peer);
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/";
        RunnerMetrics m = new RunnerMetrics(new PrometheusRegistry(), "1.0");
        try {
            MonitoringConfig.Push strict = new MonitoringConfig.Push(url, null, Auth.NONE, Duration.ofSeconds(5), null,
                    Map.of());
            try (MetricsPusher p = new MetricsPusher(strict, m.registry(), "host:8490")) {
                assertThatThrownBy(p::push).isInstanceOf(IOException.class);
            }
            Auth off = new Auth(null, null, null, null, Boolean.FALSE, null, null);
            try (MetricsPusher p = new MetricsPusher(new MonitoringConfig.Push(url, null, off, Duration.ofSeconds(5),
                    null, Map.of()), m.registry(), "host:8490")) {
                p.push();
            }
            Auth ca = new Auth(null, null, null, null, certs.serverPem.toString(), certs.clientPem.toString(),
                    certs.clientKeyPem.toString());
            try (MetricsPusher p = new MetricsPusher(new MonitoringConfig.Push(url, null, ca, Duration.ofSeconds(5),
                    null, Map.of()), m.registry(), "host:8490")) {
                p.push();
            }
        } finally {
            server.stop(0);
        }
        assertThat(clients).containsExactly("none", "CN=vigil-test-client");
    }
}
