package dev.vigil.runner.monitoring;

import dev.vigil.config.Auth;
import dev.vigil.config.MonitoringConfig;
import dev.vigil.vm.HttpSettings;
import dev.vigil.vm.PrometheusImport;
import dev.vigil.vm.VmConfigException;
import dev.vigil.vm.VmRequestException;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the metrics every {@code push_frequency} and on {@link #pushNow()}, through the
 * VictoriaMetrics client's {@link PrometheusImport} (Prometheus text format to
 * {@code /api/v1/import/prometheus}, tenant, credentials and TLS as for the reader and writer), adding
 * {@code job=vmanomaly}, {@code instance=<host>:<port>} and {@code extra_labels}. Push failures are
 * logged, never thrown, by the timer. Thread-safe.
 */
public final class MetricsPusher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("monitoring.push");

    private final PrometheusRegistry registry;
    private final PrometheusImport target;
    private final ScheduledExecutorService timer;

    /**
     * Starts the periodic push ({@code instance} names this runner, e.g. {@code host:8490}).
     *
     * @throws VmConfigException when the TLS files cannot be used (naming the key)
     */
    public MetricsPusher(MonitoringConfig.Push config, PrometheusRegistry registry, String instance) {
        this.registry = registry;
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("job", "vmanomaly");
        labels.put("instance", instance);
        labels.putAll(config.extraLabels());
        this.target = PrometheusImport.create(settings(config), labels);
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

    /** The client's connection settings of {@code monitoring.push}. */
    private static HttpSettings settings(MonitoringConfig.Push config) {
        Auth auth = config.auth();
        HttpSettings.Builder b = HttpSettings.builder(config.url()).tenantId(config.tenantId()).timeout(config.timeout());
        if (auth.user() != null) {
            b.basicAuth(auth.user(), auth.password());
        } else if (auth.bearerToken() != null) {
            b.bearerToken(auth.bearerToken());
        } else if (auth.bearerTokenFile() != null) {
            b.bearerTokenFile(auth.bearerTokenFile());
        }
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
            LOG.warn("cannot push metrics to {}: {}", target.url(), e.getMessage());
        }
    }

    /**
     * Pushes synchronously.
     *
     * @throws IOException when the push fails or the bearer token file cannot be read (the message says which)
     */
    public void push() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
        try {
            target.push(out.toByteArray());
        } catch (VmRequestException e) {
            throw new IOException(e.getMessage(), e);
        } catch (VmConfigException e) {
            throw new IOException("monitoring.push: " + e.getMessage(), e);
        }
    }

    /** The push target for logs: without credentials and without the query string. */
    public String url() {
        return target.url();
    }

    @Override
    public void close() {
        timer.shutdown();
    }
}
