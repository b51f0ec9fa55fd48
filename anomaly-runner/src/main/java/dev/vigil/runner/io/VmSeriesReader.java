package dev.vigil.runner.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.runner.config.QueryConfig;
import dev.vigil.runner.config.ReaderConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code /api/v1/query_range} of VictoriaMetrics (single node, or vmselect with
 * {@code tenant_id}) or Prometheus. A small java.net.http adapter written while the
 * anomaly-vm-client module is not available on this branch; the lead may swap it for that client.
 * Thread-safe. Long ranges are split into requests of at most {@code max_points_per_query} points.
 */
final class VmSeriesReader implements SeriesReader {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_MAX_POINTS = 30_000;

    private final ReaderConfig config;
    private final HttpClient client;
    private final String base;

    VmSeriesReader(ReaderConfig config) {
        this.config = config;
        this.client = Http.client(config.timeout());
        String b = Http.trimSlash(config.datasourceUrl());
        this.base = config.tenantId() == null ? b : b + "/select/" + config.tenantId() + "/prometheus";
    }

    @Override
    public Result read(QueryConfig q, Instant start, Instant end) throws IOException {
        long stepMs = Math.max(1, q.step().toMillis());
        long s = start.minus(q.offset()).toEpochMilli();
        long e = end.minus(q.offset()).toEpochMilli();
        int maxPoints = q.maxPointsPerQuery() > 0 ? q.maxPointsPerQuery() : DEFAULT_MAX_POINTS;
        Map<Labels, List<double[]>> acc = new LinkedHashMap<>();
        long bytes = 0;
        for (long from = s; from <= e; from += stepMs * (long) maxPoints) {
            long to = Math.min(e, from + stepMs * ((long) maxPoints - 1));
            bytes += fetch(q, from, to, stepMs, acc);
        }
        List<Series> out = new ArrayList<>(acc.size());
        long shift = q.offset().toMillis();
        acc.forEach((l, pts) -> {
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            long[] ts = new long[pts.size()];
            double[] vs = new double[pts.size()];
            int n = 0;
            for (double[] p : pts) {
                long t = (long) p[0] + shift;
                if (n > 0 && ts[n - 1] == t) {
                    continue;
                }
                ts[n] = t;
                vs[n++] = p[1];
            }
            out.add(Series.of(l, java.util.Arrays.copyOf(ts, n), java.util.Arrays.copyOf(vs, n)));
        });
        return new Result(out, bytes);
    }

    private long fetch(QueryConfig q, long from, long to, long stepMs, Map<Labels, List<double[]>> acc)
            throws IOException {
        StringBuilder u = new StringBuilder(base).append(config.queryRangePath())
                .append("?query=").append(enc(q.expr()))
                .append("&start=").append(sec(from)).append("&end=").append(sec(to))
                .append("&step=").append(sec(stepMs)).append('s')
                .append("&latency_offset=").append(config.latencyOffset().toMillis()).append("ms");
        for (String f : config.extraFilters()) {
            u.append("&extra_filters[]=").append(enc(f));
        }
        HttpRequest req = Http.auth(HttpRequest.newBuilder(URI.create(u.toString())).timeout(config.timeout()).GET(),
                config.auth()).build();
        HttpResponse<byte[]> resp;
        try {
            resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new IoFailure("io_error", "interrupted while reading query '" + q.alias() + "'", ie);
        } catch (IOException ioe) {
            throw new IoFailure(IoFailure.codeOf(ioe), "query '" + q.alias() + "': " + base + " unreachable: " + ioe, ioe);
        }
        if (resp.statusCode() / 100 != 2) {
            String body = new String(resp.body(), StandardCharsets.UTF_8);
            throw new IoFailure(String.valueOf(resp.statusCode()), "query '" + q.alias() + "': HTTP " + resp.statusCode()
                    + " from " + base + ": " + body.substring(0, Math.min(300, body.length())), null);
        }
        JsonNode root = JSON.readTree(resp.body());
        if (!"success".equals(root.path("status").asText())) {
            throw new IoFailure("io_error", "query '" + q.alias() + "': " + root.path("error").asText("unexpected answer"),
                    null);
        }
        for (JsonNode r : root.path("data").path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            r.path("metric").fields().forEachRemaining(x -> labels.put(x.getKey(), x.getValue().asText()));
            List<double[]> pts = acc.computeIfAbsent(Labels.of(labels), k -> new ArrayList<>());
            for (JsonNode v : r.path("values")) {
                pts.add(new double[] {Math.round(v.get(0).asDouble() * 1000), parse(v.get(1).asText())});
            }
        }
        return resp.body().length;
    }

    private static double parse(String s) {
        switch (s) {
            case "+Inf": return Double.POSITIVE_INFINITY;
            case "-Inf": return Double.NEGATIVE_INFINITY;
            case "NaN": return Double.NaN;
            default: return Double.parseDouble(s);
        }
    }

    private static String sec(long ms) {
        return ms % 1000 == 0 ? Long.toString(ms / 1000) : Double.toString(ms / 1000.0);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String url() {
        return config.datasourceUrl();
    }
}
