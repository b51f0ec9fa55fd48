package dev.vigil.server;

import dev.vigil.vm.HttpClients;
import dev.vigil.vm.HttpSettings;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET|POST /api/v1/query}: a range query ({@code query}, {@code start}, {@code end},
 * {@code step}) forwarded to the datasource's {@code /api/v1/query_range} (with the tenant's
 * {@code /select/<tenant>/prometheus} prefix), its answer passed back as is. Credentials: the
 * reader's when the datasource is the reader's or {@code use_reader_connection_settings} is on; the
 * caller's {@code Authorization} header instead when {@code pass_auth_headers=true}. Thread-safe.
 */
final class QueryProxy {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Datasources datasources;

    QueryProxy(Datasources datasources) {
        this.datasources = datasources;
    }

    void register(Router r) {
        r.add("GET", "/api/v1/query", this::proxy).add("POST", "/api/v1/query", this::proxy);
    }

    private void proxy(Exchange ex) throws IOException, InterruptedException {
        String type = ex.param("datasource_type");
        if (type != null && !type.equals("vm")) {
            throw ApiException.invalid("datasource_type", "only datasource_type=vm (VictoriaMetrics, Prometheus API)"
                    + " is supported, got \"" + type + "\"");
        }
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", ex.required("query"));
        for (String p : new String[] {"start", "end", "step"}) {
            String v = ex.param(p);
            if (v != null) {
                params.put(p, v);
            }
        }
        HttpSettings s = datasources.settings(ex.param("datasource_url"), ex.param("tenant_id"), "datasource_url");
        StringBuilder url = new StringBuilder(s.datasourceUrl().toString().replaceAll("/+$", ""))
                .append(s.tenant().selectPrefix()).append("/api/v1/query_range?");
        params.forEach((k, v) -> url.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8))
                .append('&'));
        url.setLength(url.length() - 1);
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url.toString())).timeout(s.timeoutOr(TIMEOUT)).GET();
        String auth = "true".equalsIgnoreCase(ex.param("pass_auth_headers")) ? ex.header("Authorization")
                : authorization(s);
        if (auth != null) {
            req.header("Authorization", auth);
        }
        HttpClient client = HttpClients.create(s, Duration.ofSeconds(10));
        HttpResponse<byte[]> resp;
        try {
            resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new ApiException(502, "datasource_url", "the datasource " + s.datasourceUrl() + " did not answer: "
                    + e.getMessage());
        }
        String ct = resp.headers().firstValue("Content-Type").orElse("application/json");
        ex.send(resp.statusCode(), ct, resp.body());
    }

    /** The reader's basic or bearer credentials as an {@code Authorization} value, or {@code null}. */
    private static String authorization(HttpSettings s) throws IOException {
        if (s.user() != null) {
            String up = s.user() + ":" + (s.password() == null ? "" : s.password());
            return "Basic " + Base64.getEncoder().encodeToString(up.getBytes(StandardCharsets.UTF_8));
        }
        if (s.bearerToken() != null) {
            return "Bearer " + s.bearerToken();
        }
        if (s.bearerTokenFile() != null) {
            return "Bearer " + Files.readString(s.bearerTokenFile()).trim();
        }
        return null;
    }
}
