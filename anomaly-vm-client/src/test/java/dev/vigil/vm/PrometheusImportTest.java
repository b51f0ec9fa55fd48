package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PrometheusImportTest {

    @Test
    void push_singleNode_postsTextWithExtraLabelsAndCredentials() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            got.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " "
                    + URLDecoder.decode(ex.getRequestURI().getRawQuery(), StandardCharsets.UTF_8) + " "
                    + ex.getRequestHeaders().getFirst("Authorization") + " "
                    + ex.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("job", "vmanomaly");
            labels.put("env", "a b");
            HttpSettings http = HttpSettings.builder("http://127.0.0.1:" + server.getAddress().getPort())
                    .basicAuth("u", "p").build();
            PrometheusImport p = PrometheusImport.create(http, labels);
            p.push("up 1\n".getBytes(StandardCharsets.UTF_8));
            assertThat(p.url()).doesNotContain("extra_label").endsWith("/api/v1/import/prometheus");
        } finally {
            server.stop(0);
        }
        assertThat(got).containsExactly("POST /api/v1/import/prometheus extra_label=job=vmanomaly&extra_label=env=a b"
                + " Basic dTpw text/plain up 1\n");
    }

    @Test
    void push_serverError_isOneAttemptAndARequestExceptionWithTheCode() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            got.add(ex.getRequestURI().getPath());
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(500, -1);
            ex.close();
        });
        server.start();
        try {
            HttpSettings http = HttpSettings.builder("http://127.0.0.1:" + server.getAddress().getPort())
                    .tenantId("7").build();
            PrometheusImport p = PrometheusImport.create(http, Map.of());
            assertThatThrownBy(() -> p.push(new byte[0])).isInstanceOf(VmRequestException.class)
                    .satisfies(e -> assertThat(((VmRequestException) e).code()).isEqualTo("500"));
        } finally {
            server.stop(0);
        }
        assertThat(got).containsExactly("/insert/7:0/prometheus/api/v1/import/prometheus");
    }
}
