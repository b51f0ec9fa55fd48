package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation of every key, and the writer's label rules. No network. */
class VmConfigTest {

    private static final HttpSettings LOCAL = HttpSettings.builder("http://localhost:8428").build();

    @Test
    void tenant_parse_acceptsAccountProjectAndMultitenantOnly() {
        assertThat(Tenant.parse("tenant_id", null).isSingle()).isTrue();
        assertThat(Tenant.parse("tenant_id", "7").selectPrefix()).isEqualTo("/select/7:0/prometheus");
        assertThat(Tenant.parse("tenant_id", "7:3").insertPrefix()).isEqualTo("/insert/7:3/prometheus");
        assertThat(Tenant.parse("tenant_id", "4294967295:0").value()).isEqualTo("4294967295:0");
        assertThat(Tenant.parse("tenant_id", "multitenant").isMultitenant()).isTrue();
        for (String bad : new String[] {"-1", "a:b", "1:2:3", "4294967296", "1:", ":1", "Multitenant"}) {
            assertThatThrownBy(() -> Tenant.parse("tenant_id", bad)).as(bad).isInstanceOf(VmConfigException.class)
                    .hasMessageContaining("'tenant_id'").hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void httpSettings_conflictingOrMissingKeys_areNamed() {
        assertThatThrownBy(() -> HttpSettings.builder("").build()).hasMessageContaining("'datasource_url' is required");
        assertThatThrownBy(() -> HttpSettings.builder("localhost:8428").build()).hasMessageContaining("http://");
        assertThatThrownBy(() -> HttpSettings.builder("http://h").bearerToken("t").basicAuth("u", "p").build())
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> HttpSettings.builder("http://h").basicAuth(null, "p").build())
                .hasMessageContaining("'password' is set but 'user' is not");
        assertThatThrownBy(() -> HttpSettings.builder("http://h").clientCertificate("/etc/hostname", null).build())
                .hasMessageContaining("only 'tls_cert_file'");
        assertThatThrownBy(() -> HttpSettings.builder("http://h").verifyTls("/no/such/ca.pem").build())
                .hasMessageContaining("'/no/such/ca.pem'").hasMessageContaining("'verify_tls'");
        assertThatThrownBy(() -> HttpSettings.builder("http://h").timeout(Duration.ZERO).build())
                .hasMessageContaining("'timeout' must be positive")
                .satisfies(e -> assertThat(((VmConfigException) e).key()).isEqualTo("timeout"));
        assertThatThrownBy(() -> HttpSettings.builder("http://h").tenantId("a:b").build())
                .satisfies(e -> assertThat(((VmConfigException) e).key()).isEqualTo("tenant_id"));
        HttpSettings s = HttpSettings.builder("https://bob:pw@vm.example:8481/").verifyTls("false").build();
        assertThat(s.datasourceUrl().toString()).isEqualTo("https://vm.example:8481");
        assertThat(s.user()).isEqualTo("bob");
        assertThat(s.password()).isEqualTo("pw");
        assertThat(s.verifyTls()).isFalse();
    }

    @Test
    void readerConfig_defaultsAndOverrides() {
        Duration minute = Duration.ofMinutes(1);
        ReaderConfig r = ReaderConfig.builder(LOCAL).samplingPeriod(minute).build();
        assertThat(r.samplingPeriod()).isEqualTo(Duration.ofMinutes(1));
        assertThat(r.queryRangePath()).isEqualTo("/api/v1/query_range");
        assertThat(r.latencyOffset()).isEqualTo(Duration.ofMillis(1));
        assertThat(r.maxPointsPerQuery()).isEqualTo(10_000);
        assertThat(r.offset()).isZero();
        assertThat(r.dataRange()).isEqualTo(DataRange.ALL);
        assertThat(r.tz()).isEqualTo(ZoneId.of("UTC"));
        assertThatThrownBy(() -> ReaderConfig.builder(LOCAL).build()).hasMessageContaining("'sampling_period' is required");
        assertThatThrownBy(() -> ReaderConfig.builder(LOCAL).samplingPeriod(minute).latencyOffset(Duration.ofSeconds(-1))
                .build()).hasMessageContaining("'latency_offset' must not be negative")
                .satisfies(e -> assertThat(((VmConfigException) e).key()).isEqualTo("latency_offset"));
        assertThatThrownBy(() -> ReaderConfig.builder(LOCAL).samplingPeriod(minute).maxPointsPerQuery(0).build())
                .hasMessageContaining("'max_points_per_query' must be >= 1, got 0");
        assertThatThrownBy(() -> ReaderConfig.builder(LOCAL).samplingPeriod(minute).queryRangePath("api").build())
                .hasMessageContaining("'query_range_path'");
        assertThatThrownBy(() -> QueryConfig.builder("cpu", "up").step(Duration.ZERO).build())
                .hasMessageStartingWith("query 'cpu': ").hasMessageContaining("'step'")
                .satisfies(e -> assertThat(((VmConfigException) e).key()).isEqualTo("step"));
        assertThatThrownBy(() -> QueryConfig.builder("cpu", "up").tenantId("x").build())
                .hasMessageStartingWith("query 'cpu': ")
                .satisfies(e -> assertThat(((VmConfigException) e).key()).isEqualTo("tenant_id"));
        assertThatThrownBy(() -> QueryConfig.builder("cpu", " ").build()).hasMessageContaining("query 'cpu': 'expr'");
        assertThatThrownBy(() -> DataRange.parse("0", "abc")).hasMessageContaining("'abc'");
        assertThatThrownBy(() -> DataRange.parse("1", "0")).hasMessageContaining("low <= high");
        assertThat(DataRange.parse("-inf", "100").contains(-1e300)).isTrue();
    }

    @Test
    void metricFormat_nameWithoutVar_isAConfigError() {
        assertThatThrownBy(() -> WriterConfig.builder(LOCAL).metricFormat(Map.of("__name__", "score")).build())
                .isInstanceOf(VmConfigException.class).hasMessageContaining("'metric_format.__name__' must contain '$VAR'")
                .hasMessageContaining("'score'")
                .satisfies(e -> assertThat(((VmConfigException) e).key()).isEqualTo("metric_format.__name__"));
        assertThatThrownBy(() -> WriterConfig.builder(LOCAL).metricFormat(Map.of("for", "$QUERY_KEY")).build())
                .hasMessageContaining("no __name__");
        assertThatThrownBy(() -> WriterConfig.builder(LOCAL).connectionRetryAttempts(-1).build())
                .hasMessageContaining("'connection_retry_attempts' must be >= 0, got -1");
    }

    @Test
    void outputLabels_templateReplacesNameAndGeneratedLabelsWin() {
        Map<String, String> format = new LinkedHashMap<>();
        format.put("__name__", "vigil_$VAR");
        format.put("for", "$QUERY_KEY");
        format.put("run", "static");
        format.put("both", "$VAR@$QUERY_KEY");
        try (VmWriter w = VmWriter.create(WriterConfig.builder(LOCAL).metricFormat(format).build())) {
            Series in = Series.of(Labels.of("__name__", "cpu_seconds", "host", "a", "for", "x", "model_alias", "old",
                    "run", "input"), new long[] {1}, new double[] {1});
            Labels got = w.outputLabels(new OutputSeries("anomaly_score", "cpu", "zscore", "s1", in));
            assertThat(got).isEqualTo(Labels.of("__name__", "vigil_anomaly_score", "host", "a", "for", "cpu",
                    "run", "static", "both", "anomaly_score@cpu", "model_alias", "zscore", "scheduler_alias", "s1"));
            Labels noAliases = w.outputLabels(new OutputSeries("yhat", "q", null, null,
                    Series.of(Labels.of("host", "b"), new long[] {1}, new double[] {1})));
            assertThat(noAliases).isEqualTo(Labels.of("__name__", "vigil_yhat", "host", "b", "for", "q", "run", "static",
                    "both", "yhat@q"));
        }
        try (VmWriter w = VmWriter.create(WriterConfig.builder(LOCAL).build())) {
            assertThat(w.outputLabels(new OutputSeries("y", "q", "m", "s", Series.of(Labels.of("__name__", "in"),
                    new long[] {1}, new double[] {1})))).isEqualTo(Labels.of("__name__", "y", "for", "q",
                    "model_alias", "m", "scheduler_alias", "s"));
        }
    }
}
