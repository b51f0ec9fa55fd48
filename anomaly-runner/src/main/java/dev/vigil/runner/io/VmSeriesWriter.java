package dev.vigil.runner.io;

import dev.vigil.core.series.Series;
import dev.vigil.runner.config.WriterConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes to VictoriaMetrics' {@code /api/v1/import} (JSON lines; cluster:
 * {@code /insert/<tenant>/prometheus/api/v1/import}). Series without a finite point are not sent;
 * nothing to send means no request. A java.net.http adapter written while anomaly-vm-client is not on
 * this branch. Thread-safe.
 */
final class VmSeriesWriter implements SeriesWriter {

    private final WriterConfig config;
    private final HttpClient client;
    private final URI uri;

    VmSeriesWriter(WriterConfig config) {
        this.config = config;
        this.client = Http.client(config.timeout());
        String b = Http.trimSlash(config.datasourceUrl());
        this.uri = URI.create(config.tenantId() == null ? b + "/api/v1/import"
                : b + "/insert/" + config.tenantId() + "/prometheus/api/v1/import");
    }

    @Override
    public long write(List<Series> series) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Series s : series) {
            String line = SeriesFiles.jsonLine(s);
            if (line != null) {
                sb.append(line).append('\n');
            }
        }
        if (sb.length() == 0) {
            return 0;
        }
        byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest req = Http.auth(HttpRequest.newBuilder(uri).timeout(config.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), config.auth()).build();
        HttpResponse<String> resp;
        try {
            resp = client.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IoFailure("io_error", "interrupted while writing to " + uri, ie);
        } catch (IOException ioe) {
            throw new IoFailure(IoFailure.codeOf(ioe), uri + " unreachable: " + ioe, ioe);
        }
        if (resp.statusCode() / 100 != 2) {
            String b = resp.body();
            throw new IoFailure(String.valueOf(resp.statusCode()), "HTTP " + resp.statusCode() + " from " + uri + ": "
                    + b.substring(0, Math.min(300, b.length())), null);
        }
        return body.length;
    }

    @Override
    public String url() {
        return config.datasourceUrl();
    }
}
