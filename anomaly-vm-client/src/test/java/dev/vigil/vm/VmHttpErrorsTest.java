package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.time.Duration;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Error paths, auth, TLS and tenant paths against a scripted JDK {@code HttpServer} on loopback. */
class VmHttpErrorsTest {

    @TempDir
    static Path tmp;
    static TestCerts certs;

    private static final Instant START = Instant.ofEpochSecond(1_600_000_000);
    private static final Instant END = Instant.ofEpochSecond(1_600_000_180);
    private static final QueryConfig Q = QueryConfig.builder("q1", "m").build();

    @BeforeAll
    static void certs() throws Exception {
        certs = new TestCerts(tmp);
    }

    private static final class Events implements VmListener {
        final List<RequestEvent> requests = new CopyOnWriteArrayList<>();
        final List<String> warnings = new CopyOnWriteArrayList<>();

        @Override
        public void onRequest(RequestEvent e) {
            requests.add(e);
        }

        @Override
        public void onWarning(String component, String message) {
            warnings.add(component + ": " + message);
        }
    }

    private static VmReader reader(HttpSettings http, VmListener l) {
        return VmReader.create(ReaderConfig.builder(http).samplingPeriod(Duration.ofMinutes(1)).build(), l, Clock.systemUTC(), new Random(3));
    }

    private static VmReader reader(String url, VmListener l) {
        return reader(HttpSettings.builder(url).timeout(Duration.ofSeconds(5)).build(), l);
    }

    private static Map<String, String> params(String rawQuery) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        for (String kv : rawQuery.split("&")) {
            String[] p = kv.split("=", 2);
            m.merge(URLDecoder.decode(p[0], StandardCharsets.UTF_8), URLDecoder.decode(p[1], StandardCharsets.UTF_8),
                    (a, b) -> a + "|" + b);
        }
        return m;
    }

    @Test
    void read_okBody_parsesNaNAndInfinitiesAndSendsTheQueryArgs() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 200, FakeVm.OK_BODY));
             VmReader r = VmReader.create(ReaderConfig.builder(HttpSettings.builder(vm.url()).build())
                     .samplingPeriod(Duration.ofSeconds(20)).extraFilter("{env=\"prod\"}").extraFilter("{dc=\"a\"}").build())) {
            QueryResult res = r.read(Q, START, END); // both multiples of the 20 s step
            Series s = res.series().get(Labels.of("__name__", "m", "a", "x"));
            assertThat(s.timestamps()).containsExactly(1_600_000_000_000L, 1_600_000_060_000L, 1_600_000_120_000L,
                    1_600_000_180_500L);
            assertThat(s.value(0)).isEqualTo(1.0);
            assertThat(s.value(1)).isNaN();
            assertThat(s.value(2)).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat(s.value(3)).isEqualTo(Double.NEGATIVE_INFINITY);
            assertThat(res.dropped()).isEqualTo(new DroppedPoints(3, 1, 0, 0));
            FakeVm.Req req = vm.requests.get(0);
            assertThat(req.path()).isEqualTo("/api/v1/query_range");
            Map<String, String> p = params(req.query());
            assertThat(p).containsEntry("query", "m").containsEntry("start", "1600000000")
                    .containsEntry("end", "1600000180").containsEntry("step", "20")
                    .containsEntry("latency_offset", "1ms")
                    .containsEntry("extra_filters[]", "{env=\"prod\"}|{dc=\"a\"}");
        }
    }

    @Test
    void read_500Then200_isRetriedAndBothAttemptsAreReported() throws Exception {
        Events ev = new Events();
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, n == 1 ? 500 : 200, n == 1 ? "boom" : FakeVm.OK_BODY));
             VmReader r = reader(vm.url(), ev)) {
            assertThat(r.read(Q, START, END).points()).isEqualTo(4);
            assertThat(vm.requests).hasSize(2);
            assertThat(ev.requests).extracting(RequestEvent::code).containsExactly("500", "200");
            assertThat(ev.requests.get(1).points()).isEqualTo(4);
            assertThat(ev.requests.get(1).series()).isEqualTo(1);
            assertThat(ev.requests.get(1).bytes()).isEqualTo(FakeVm.OK_BODY.length());
            assertThat(ev.requests).extracting(RequestEvent::queryKey).containsOnly("q1");
        }
    }

    @Test
    void read_always500_givesUpWithinTheTimeout() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 503, "down"));
             VmReader r = reader(HttpSettings.builder(vm.url()).timeout(Duration.ofSeconds(1)).build(), VmListener.NONE)) {
            long t0 = System.nanoTime();
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> r.read(Q, START, END));
            assertThat((System.nanoTime() - t0) / 1e6).isLessThan(5000);
            assertThat(vm.requests.size()).isGreaterThan(1);
            assertThat(e.getMessage()).contains("query 'q1'").contains(vm.url()).contains("HTTP 503");
            // usually the backoff sees the deadline coming ("gave up"); on a loaded machine the last attempt
            // itself may run out of time, and the message then names the 503 before it
            if (e.code().equals("503")) {
                assertThat(e.getMessage()).contains("gave up");
            } else {
                assertThat(e.code()).isEqualTo("timeout");
                assertThat(e.getMessage()).contains("the previous attempt failed with");
            }
        }
    }

    @Test
    void read_400_isNotRetried() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 400, "bad"));
             VmReader r = reader(vm.url(), VmListener.NONE)) {
            assertThatThrownBy(() -> r.read(Q, START, END)).isInstanceOf(VmRequestException.class)
                    .hasMessageContaining("HTTP 400");
            assertThat(vm.requests).hasSize(1);
        }
    }

    @Test
    void read_slowServer_failsWithTimeoutCode() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeVm.respond(ex, 200, FakeVm.OK_BODY);
        });
             VmReader r = reader(HttpSettings.builder(vm.url()).timeout(Duration.ofMillis(300)).build(), VmListener.NONE)) {
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> r.read(Q, START, END));
            assertThat(e.code()).isEqualTo("timeout");
        }
    }

    @Test
    void read_malformedJson_failsWithAliasAndUrl() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,\"x"));
             VmReader r = reader(vm.url(), VmListener.NONE)) {
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> r.read(Q, START, END));
            assertThat(e.code()).isEqualTo("bad_response");
            assertThat(e.getMessage()).contains("query 'q1'").contains(vm.url() + "/api/v1/query_range")
                    .contains("malformed");
            assertThat(vm.requests).hasSize(1);
        }
    }

    @Test
    void read_badSampleValue_failsNamingIt() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1,\"1.2.3x\"]]}]}}"));
             VmReader r = reader(vm.url(), VmListener.NONE)) {
            assertThatThrownBy(() -> r.read(Q, START, END)).hasMessageContaining("1.2.3x");
        }
    }

    @Test
    void read_statusError_surfacesErrorTypeAndText() throws Exception {
        String err = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"unknown func \\\"foo\\\"\"}";
        try (FakeVm vm422 = new FakeVm((ex, n) -> FakeVm.respond(ex, 422, err));
             FakeVm vm200 = new FakeVm((ex, n) -> FakeVm.respond(ex, 200, err));
             VmReader r1 = reader(vm422.url(), VmListener.NONE);
             VmReader r2 = reader(vm200.url(), VmListener.NONE)) {
            VmRequestException e1 = catchThrowableOfType(VmRequestException.class, () -> r1.read(Q, START, END));
            assertThat(e1.code()).isEqualTo("422");
            assertThat(e1.getMessage()).contains("query 'q1'").contains("bad_data: unknown func \"foo\"")
                    .contains(vm422.url());
            VmRequestException e2 = catchThrowableOfType(VmRequestException.class, () -> r2.read(Q, START, END));
            assertThat(e2.code()).isEqualTo("error_status");
            assertThat(e2.getMessage()).contains("query 'q1'").contains("bad_data: unknown func \"foo\"");
        }
    }

    @Test
    void read_wrongBearerToken_gets401WithoutRetryAndWithoutPrintingTheToken() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> {
            boolean ok = "Bearer good-token".equals(ex.getRequestHeaders().getFirst("Authorization"));
            FakeVm.respond(ex, ok ? 200 : 401, ok ? FakeVm.OK_BODY : "Unauthorized");
        })) {
            Path tokenFile = tmp.resolve("token");
            Files.writeString(tokenFile, "good-token\n");
            try (VmReader bad = reader(HttpSettings.builder(vm.url()).bearerToken("wrong-secret").build(), VmListener.NONE);
                 VmReader good = reader(HttpSettings.builder(vm.url()).bearerTokenFile(tokenFile.toString()).build(),
                         VmListener.NONE)) {
                VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> bad.read(Q, START, END));
                assertThat(e.code()).isEqualTo("401");
                assertThat(e.getMessage()).doesNotContain("wrong-secret");
                assertThat(vm.requests).hasSize(1);
                assertThat(good.read(Q, START, END).points()).isEqualTo(4);
            }
        }
    }

    @Test
    void read_basicAuthInUrl_isSentAsHeaderAndNeverPrinted() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 500, "no"));
             VmReader r = reader(HttpSettings.builder(vm.url().replace("http://", "http://alice:s3cret@"))
                     .timeout(Duration.ofMillis(200)).build(), VmListener.NONE)) {
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> r.read(Q, START, END));
            assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain("alice");
            assertThat(e.url()).doesNotContain("s3cret");
            assertThat(vm.requests.get(0).authorization()).isEqualTo("Basic "
                    + java.util.Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void read_connectionRefused_isConnectionError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Events ev = new Events();
        try (VmReader r = reader(HttpSettings.builder("http://127.0.0.1:" + port).timeout(Duration.ofSeconds(10)).build(), ev)) {
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> r.read(Q, START, END));
            assertThat(e.code()).isEqualTo("connection_error");
            assertThat(ev.requests.size()).isGreaterThan(1);
            assertThat(r.health().healthy()).isFalse();
        }
    }

    @Test
    void read_selfSignedTls_rejectedUnlessVerifyIsOffOrNamesTheCa() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 200, FakeVm.OK_BODY), certs.serverContext(false), false);
             VmReader strict = reader(HttpSettings.builder(vm.url()).build(), VmListener.NONE);
             VmReader off = reader(HttpSettings.builder(vm.url()).verifyTls("false").build(), VmListener.NONE);
             VmReader ca = reader(HttpSettings.builder(vm.url()).verifyTls(certs.serverPem.toString()).build(),
                     VmListener.NONE)) {
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> strict.read(Q, START, END));
            assertThat(e.code()).isEqualTo("ssl_error");
            assertThat(e.getMessage()).contains("verify_tls");
            assertThat(off.read(Q, START, END).points()).isEqualTo(4);
            assertThat(ca.read(Q, START, END).points()).isEqualTo(4);
        }
    }

    @Test
    void read_mutualTls_needsTheClientCertificate() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 200, FakeVm.OK_BODY), certs.serverContext(true), true);
             VmReader without = reader(HttpSettings.builder(vm.url()).verifyTls(certs.serverPem.toString())
                     .timeout(Duration.ofSeconds(20)).build(), VmListener.NONE);
             VmReader with = reader(HttpSettings.builder(vm.url()).verifyTls(certs.serverPem.toString())
                     .clientCertificate(certs.clientPem.toString(), certs.clientKeyPem.toString()).build(),
                     VmListener.NONE)) {
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> without.read(Q, START, END));
            assertThat(e.code()).isEqualTo("ssl_error");
            assertThat(e.getMessage()).contains("tls_cert_file");
            assertThat(with.read(Q, START, END).points()).isEqualTo(4);
        }
    }

    @Test
    void tenantPaths_areTheVictoriaMetricsClusterPaths() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, ex.getRequestMethod().equals("POST") ? 204 : 200,
                ex.getRequestMethod().equals("POST") ? "" : FakeVm.OK_BODY))) {
            try (VmReader r = reader(HttpSettings.builder(vm.url()).tenantId("7:3").build(), VmListener.NONE);
                 VmReader r5 = reader(HttpSettings.builder(vm.url()).tenantId("5").build(), VmListener.NONE);
                 VmReader rm = reader(HttpSettings.builder(vm.url()).tenantId("multitenant").build(), VmListener.NONE)) {
                r.read(Q, START, END);
                r5.read(Q, START, END);
                rm.read(Q, START, END);
                r.read(QueryConfig.builder("q2", "m").tenantId("9:1").build(), START, END);
            }
            Events ev = new Events();
            Series one = Series.of(Labels.of("a", "b"), new long[] {1000}, new double[] {1});
            try (VmWriter w = VmWriter.create(WriterConfig.builder(HttpSettings.builder(vm.url()).tenantId("7:3").build())
                    .build());
                 VmWriter wm = VmWriter.create(WriterConfig.builder(HttpSettings.builder(vm.url()).tenantId("multitenant")
                         .build()).gzip(false).build(), ev, Clock.systemUTC(), new Random(1))) {
                w.write(List.of(new OutputSeries("y", "q", null, null, one)));
                wm.write(List.of(new OutputSeries("y", "q", null, null, one), new OutputSeries("y", "q", null, null,
                        one.withLabels(Labels.of("vm_account_id", "4", "vm_project_id", "2")))));
            }
            assertThat(vm.requests).extracting(FakeVm.Req::path).containsExactly(
                    "/select/7:3/prometheus/api/v1/query_range", "/select/5:0/prometheus/api/v1/query_range",
                    "/select/multitenant/prometheus/api/v1/query_range", "/select/9:1/prometheus/api/v1/query_range",
                    "/insert/7:3/prometheus/api/v1/import", "/insert/multitenant/prometheus/api/v1/import");
            String body = new String(vm.requests.get(5).body(), StandardCharsets.UTF_8);
            assertThat(body.split("\n")).containsExactly(
                    "{\"metric\":{\"__name__\":\"y\",\"a\":\"b\",\"for\":\"q\",\"vm_account_id\":\"0\",\"vm_project_id\":\"0\"},"
                            + "\"values\":[1],\"timestamps\":[1000]}",
                    "{\"metric\":{\"__name__\":\"y\",\"for\":\"q\",\"vm_account_id\":\"4\",\"vm_project_id\":\"2\"},"
                            + "\"values\":[1],\"timestamps\":[1000]}");
            assertThat(ev.warnings).singleElement().asString().contains("1 series").contains("0:0");
        }
    }

    @Test
    void read_queryTenantWithoutReaderTenant_isAConfigError() throws Exception {
        try (VmReader r = reader("http://127.0.0.1:1", VmListener.NONE)) {
            assertThatThrownBy(() -> r.read(QueryConfig.builder("q2", "m").tenantId("1").build(), START, END))
                    .isInstanceOf(VmConfigException.class).hasMessageContaining("tenant_id");
        }
    }

    @Test
    void write_batchesBySeriesAndBytes_gzipsAndSkipsNonFinitePoints() throws Exception {
        Events ev = new Events();
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 204, ""));
             VmWriter w = VmWriter.create(WriterConfig.builder(HttpSettings.builder(vm.url()).build())
                     .batchMaxSeries(2).batchMaxBytes(250).build(), ev, Clock.systemUTC(), new Random(1))) {
            List<OutputSeries> out = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                out.add(new OutputSeries("anomaly_score", "q", "m", "s", Series.of(Labels.of("i", "" + i),
                        new long[] {1000, 2000, 3000}, new double[] {i, Double.NaN, Double.NEGATIVE_INFINITY})));
            }
            out.add(new OutputSeries("anomaly_score", "q", "m", "s", Series.of(Labels.of("i", "nan"),
                    new long[] {1000}, new double[] {Double.NaN})));
            WriteResult res = w.write(out);
            assertThat(res.series()).isEqualTo(5);
            assertThat(res.points()).isEqualTo(5);
            StringBuilder all = new StringBuilder();
            for (FakeVm.Req req : vm.requests) {
                assertThat(req.contentEncoding()).isEqualTo("gzip");
                String text = new String(new GZIPInputStream(new ByteArrayInputStream(req.body())).readAllBytes(),
                        StandardCharsets.UTF_8);
                assertThat(text.split("\n").length).isLessThanOrEqualTo(2);
                assertThat(text.length() <= 250 || text.split("\n").length == 1).isTrue();
                all.append(text);
            }
            assertThat(vm.requests.size()).isGreaterThanOrEqualTo(3);
            assertThat(res.requests()).isEqualTo(vm.requests.size());
            assertThat(all.toString().split("\n")).hasSize(5).allMatch(l -> l.contains("\"values\":[")
                    && l.contains("\"timestamps\":[1000]") && l.contains("\"model_alias\":\"m\""));
            assertThat(ev.requests).allMatch(RequestEvent::ok);
            assertThat(ev.requests.stream().mapToLong(RequestEvent::points).sum()).isEqualTo(5);
        }
    }

    @Test
    void write_authAndMutualTls_areThoseOfTheReader() throws Exception {
        Series one = Series.of(new long[] {1000}, new double[] {1});
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 204, ""), certs.serverContext(true), true);
             VmWriter basic = VmWriter.create(WriterConfig.builder(HttpSettings.builder(vm.url())
                     .verifyTls(certs.serverPem.toString()).basicAuth("w", "pw")
                     .clientCertificate(certs.clientPem.toString(), certs.clientKeyPem.toString()).build()).build());
             VmWriter bearer = VmWriter.create(WriterConfig.builder(HttpSettings.builder(vm.url()).verifyTls("false")
                     .bearerToken("tok").clientCertificate(certs.clientPem.toString(), certs.clientKeyPem.toString())
                     .build()).build());
             VmWriter noCert = VmWriter.create(WriterConfig.builder(HttpSettings.builder(vm.url()).verifyTls("false")
                     .build()).connectionRetryAttempts(0).build())) {
            assertThat(basic.write(List.of(new OutputSeries("y", "q", null, null, one))).requests()).isEqualTo(1);
            assertThat(bearer.write(List.of(new OutputSeries("y", "q", null, null, one))).requests()).isEqualTo(1);
            VmRequestException e = catchThrowableOfType(VmRequestException.class,
                    () -> noCert.write(List.of(new OutputSeries("y", "q", null, null, one))));
            assertThat(e.code()).isEqualTo("ssl_error");
            assertThat(vm.requests).extracting(FakeVm.Req::authorization).containsExactly("Basic "
                    + java.util.Base64.getEncoder().encodeToString("w:pw".getBytes(StandardCharsets.UTF_8)), "Bearer tok");
            assertThat(vm.requests).extracting(FakeVm.Req::path).containsOnly("/api/v1/import");
        }
    }

    @Test
    void write_failedBatch_stopsTheWriteAndLaterBatchesAreNotSent() throws Exception {
        List<OutputSeries> out = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            out.add(new OutputSeries("y", "q", null, null, Series.of(Labels.of("i", "" + i), new long[] {1000},
                    new double[] {i})));
        }
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, n == 2 ? 400 : 204, n == 2 ? "bad line" : ""))) {
            VmWriter w = VmWriter.create(WriterConfig.builder(HttpSettings.builder(vm.url()).build()).batchMaxSeries(1)
                    .gzip(false).build());
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> w.write(out));
            assertThat(e.code()).isEqualTo("400");
            assertThat(e.getMessage()).contains("bad line");
            // batch 3 may already be encoded while batch 2 is in flight, but it is never sent
            assertThat(vm.requests).hasSize(2);
            assertThat(new String(vm.requests.get(1).body(), StandardCharsets.UTF_8)).contains("\"i\":\"1\"");
            w.close();
            assertThatThrownBy(() -> w.write(out)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }

    @Test
    void write_nothingFinite_sendsNoRequest() throws Exception {
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 204, ""));
             VmWriter w = VmWriter.create(WriterConfig.builder(HttpSettings.builder(vm.url()).build()).build())) {
            WriteResult res = w.write(List.of(new OutputSeries("y", "q", null, null,
                    Series.of(new long[] {1}, new double[] {Double.NaN}))));
            assertThat(res.requests()).isZero();
            assertThat(w.write(List.of()).requests()).isZero();
            assertThat(vm.requests).isEmpty();
        }
    }

    @Test
    void write_500AndConnectionErrors_areRetriedPerConfig() throws Exception {
        Series one = Series.of(new long[] {1000}, new double[] {1});
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, 500, "{\"error\":\"disk full\"}"));
             VmWriter w = VmWriter.create(WriterConfig.builder(HttpSettings.builder(vm.url()).build()).build())) {
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> w.write(List.of(new OutputSeries("y", "q", null, null, one))));
            assertThat(e.code()).isEqualTo("500");
            assertThat(e.getMessage()).contains("disk full").contains("gave up after 2 attempts");
            assertThat(e.seriesWritten()).isZero();
            assertThat(vm.requests).hasSize(2);
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Events ev = new Events();
        try (VmWriter w = VmWriter.create(WriterConfig.builder(HttpSettings.builder("http://127.0.0.1:" + port).build())
                .connectionRetryAttempts(2).build(), ev, Clock.systemUTC(), new Random(1))) {
            VmRequestException e = catchThrowableOfType(VmRequestException.class, () -> w.write(List.of(new OutputSeries("y", "q", null, null, one))));
            assertThat(e.code()).isEqualTo("connection_error");
            assertThat(ev.requests).hasSize(3).extracting(RequestEvent::code).containsOnly("connection_error");
        }
    }

    @Test
    void health_okAndFailing() throws IOException {
        try (FakeVm vm = new FakeVm((ex, n) -> FakeVm.respond(ex, n == 1 ? 200 : 503, n == 1 ? "OK" : "down"));
             VmReader r = reader(vm.url(), VmListener.NONE)) {
            assertThat(r.health().healthy()).isTrue();
            HealthStatus h = r.health();
            assertThat(h.healthy()).isFalse();
            assertThat(h.code()).isEqualTo("503");
            assertThat(vm.requests).extracting(FakeVm.Req::path).containsOnly("/health");
        }
    }
}
