package dev.vigil.runner.monitoring;

import dev.vigil.runner.config.Auth;
import dev.vigil.runner.config.MonitoringConfig;
import dev.vigil.vm.HttpClients;
import dev.vigil.vm.HttpSettings;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the metrics in Prometheus text format to VictoriaMetrics' {@code /api/v1/import/prometheus}
 * (cluster: {@code /insert/<tenant>/prometheus/api/v1/import/prometheus}) every
 * {@code push_frequency} and on {@link #pushNow()}, adding {@code job=vmanomaly},
 * {@code instance=<host>:<port>} and {@code extra_labels} through VictoriaMetrics'
 * {@code extra_label} parameter. Credentials: {@code user}/{@code password}, {@code bearer_token}, or
 * {@code bearer_token_file} (read on every push); TLS: {@code verify_tls} (false, or a CA bundle) and
 * {@code tls_cert_file}/{@code tls_key_file} for mTLS, as for the reader and writer. Push failures are
 * logged, never thrown. Thread-safe.
 */
public final class MetricsPusher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("monitoring.push");

    private final PrometheusRegistry registry;
    private final HttpClient client;
    private final URI uri;
    private final MonitoringConfig.Push config;
    private final ScheduledExecutorService timer;

    /**
     * Starts the periodic push ({@code instance} names this runner, e.g. {@code host:8490}).
     *
     * @throws dev.vigil.vm.VmConfigException when the TLS files cannot be used (naming the key)
     */
    public MetricsPusher(MonitoringConfig.Push config, PrometheusRegistry registry, String instance) {
        this.config = config;
        this.registry = registry;
        this.client = HttpClients.create(tls(config), config.timeout());
        String base = config.url().endsWith("/") ? config.url().substring(0, config.url().length() - 1) : config.url();
        String path = config.tenantId() == null ? "/api/v1/import/prometheus"
                : "/insert/" + config.tenantId() + "/prometheus/api/v1/import/prometheus";
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("job", "vmanomaly");
        labels.put("instance", instance);
        labels.putAll(config.extraLabels());
        StringBuilder q = new StringBuilder();
        labels.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append("extra_label=")
                .append(URLEncoder.encode(k + "=" + v, StandardCharsets.UTF_8)));
        this.uri = URI.create(base + path + q);
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-push");
            t.setDaemon(true);
            return t;
        });
        if (config.pushFrequency() != null) {
            long ms = config.pushFrequency().toMillis();
            timer.scheduleAtFixedRate(this::pushQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The client's connection settings of the push URL: TLS only, since {@link #push()} sends the
     * credentials itself (the token file is re-read each time).
     *
     * @throws dev.vigil.vm.VmConfigException naming the key at fault
     */
    private static HttpSettings tls(MonitoringConfig.Push config) {
        Auth auth = config.auth();
        HttpSettings.Builder b = HttpSettings.builder(config.url()).timeout(config.timeout());
        if (auth.verifyTls() != null) {
            b.verifyTls(String.valueOf(auth.verifyTls()));
        }
        if (auth.tlsCertFile() != null || auth.tlsKeyFile() != null) {
            b.clientCertificate(auth.tlsCertFile(), auth.tlsKeyFile());
        }
        return b.build();
    }

    /** Pushes in the background now (after a stage). */
    public void pushNow() {
        timer.execute(this::pushQuietly);
    }

    private void pushQuietly() {
        try {
            push();
        } catch (IOException e) {
            LOG.warn("cannot push metrics to {}: {}", uri, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pushes synchronously. */
    public void push() throws IOException, InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(config.timeout())
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
        if (config.auth().user() != null) {
            String up = config.auth().user() + ":" + (config.auth().password() == null ? "" : config.auth().password());
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString(up.getBytes(StandardCharsets.UTF_8)));
        } else if (config.auth().bearerToken() != null) {
            b.header("Authorization", "Bearer " + config.auth().bearerToken());
        } else if (config.auth().bearerTokenFile() != null) {
            // Read on every push, so a rotated token is picked up.
            String token;
            try {
                token = java.nio.file.Files.readString(java.nio.file.Path.of(config.auth().bearerTokenFile())).trim();
            } catch (IOException e) {
                throw new IOException("cannot read monitoring.push.bearer_token_file " + config.auth().bearerTokenFile()
                        + ": " + e, e);
            }
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + r.statusCode() + ": " + r.body());
        }
    }

    /** The push target with its query string. */
    public URI uri() {
        return uri;
    }

    @Override
    public void close() {
        timer.shutdown();
    }
}
