package dev.vigil.vm;

import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

/**
 * Sends metrics in Prometheus text exposition format to VictoriaMetrics'
 * {@code /api/v1/import/prometheus} (cluster: {@code /insert/<tenant>/prometheus/api/v1/import/prometheus}),
 * with extra labels through VictoriaMetrics' {@code extra_label} parameter: how vmanomaly pushes its
 * self-monitoring metrics (vmanomaly docs, Monitoring, v1.30). Credentials, tenant and TLS come from
 * the {@link HttpSettings}, as for the reader and writer; a bearer token file is read on every push,
 * so a rotated token is picked up. One attempt per push (the caller pushes again on its schedule).
 *
 * <p>Thread-safe.
 */
public final class PrometheusImport {

    /** The timeout of a push when the settings give none. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Transport transport;
    private final URI uri;
    private final String url;

    private PrometheusImport(HttpSettings http, Map<String, String> extraLabels) {
        this.transport = new Transport(http, DEFAULT_TIMEOUT, Clock.systemUTC(), new Random(), new VmListener() {
        });
        String path = http.tenant().insertPrefix() + "/api/v1/import/prometheus";
        StringBuilder q = new StringBuilder();
        extraLabels.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append("extra_label=")
                .append(URLEncoder.encode(k + "=" + v, StandardCharsets.UTF_8)));
        this.uri = URI.create(http.datasourceUrl() + path + q);
        this.url = http.safeUrl(path);
    }

    /**
     * A pusher to {@code http}'s datasource that adds {@code extraLabels} (in order) to every pushed
     * series.
     *
     * @throws VmConfigException when the TLS files cannot be used (naming the key)
     */
    public static PrometheusImport create(HttpSettings http, Map<String, String> extraLabels) {
        return new PrometheusImport(http, extraLabels);
    }

    /**
     * Pushes one scrape, {@code text} in Prometheus text format.
     *
     * @throws VmRequestException when the push fails (its code and the URL without credentials)
     * @throws VmConfigException  when the bearer token file cannot be read
     */
    public void push(byte[] text) {
        transport.execute(RequestEvent.Kind.WRITE, null, "metrics push", url, uri, "POST",
                HttpRequest.BodyPublishers.ofByteArray(text), text.length, new String[] {"Content-Type", "text/plain"},
                new Transport.Policy(1, false, false), (in, stats) -> {
                    in.transferTo(OutputStream.nullOutputStream());
                    return null;
                });
    }

    /** The push target for messages: without credentials and without the query string. */
    public String url() {
        return url;
    }
}
