package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.registry.ModelRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerConfigsTest {

    static final String TUTORIAL = String.join("\n",
            "schedulers:",
            "  periodic:",
            "    class: 'periodic'",
            "    infer_every: '1m'",
            "    fit_every: '2h'",
            "    fit_window: '14d'",
            "models:",
            "  zscore:",
            "    class: 'zscore_online'",
            "    z_threshold: 3.0",
            "reader:",
            "  datasource_url: 'http://victoriametrics:8428/'",
            "  sampling_period: '60s'",
            "  queries:",
            "    node_cpu_rate:",
            "      expr: 'sum(rate(node_cpu_seconds_total[5m])) by (mode, instance, job)'",
            "writer:",
            "  datasource_url: 'http://victoriametrics:8428/'",
            "monitoring:",
            "  pull:",
            "    port: 8490",
            "");

    static RunnerConfig parse(String yaml) throws ConfigException {
        return RunnerConfigs.parse(yaml, "test.yml", Map.of(), ModelRegistry.standard());
    }

    static ConfigException errors(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void parse_tutorialConfig_resolvesEverySection() throws ConfigException {
        RunnerConfig c = parse(TUTORIAL);
        SchedulerConfig.Periodic p = (SchedulerConfig.Periodic) c.schedulers().get("periodic");
        assertThat(p.inferEvery()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.fitEvery()).isEqualTo(Duration.ofHours(2));
        assertThat(p.fitWindow()).isEqualTo(Duration.ofDays(14));
        ModelConfig m = c.models().get("zscore");
        assertThat(m.modelClass()).isEqualTo("zscore_online");
        assertThat(m.queries()).containsExactly("node_cpu_rate");
        assertThat(m.schedulers()).containsExactly("periodic");
        assertThat(m.specs().get("node_cpu_rate").resolvedArgs()).containsEntry("z_threshold", 3.0);
        assertThat(c.reader().queries().get("node_cpu_rate").step()).isEqualTo(Duration.ofSeconds(60));
        assertThat(c.writer().metricFormat()).containsEntry("__name__", "$VAR").containsEntry("for", "$QUERY_KEY");
        assertThat(c.monitoring().pull().port()).isEqualTo(8490);
        assertThat(c.settings().nWorkers()).isEqualTo(1);
        assertThat(c.warnings()).anyMatch(w -> w.contains("models.zscore has no 'queries'"));
        assertThat(RunnerConfigs.toYaml(c)).contains("z_threshold: 3.0").contains("fit_window: 2w");
    }

    @Test
    void parse_manyMistakes_reportsEveryErrorWithPathLineAndSuggestion() {
        String yaml = TUTORIAL.replace("    fit_window: '14d'", "    fit_windw: '14d'")
                .replace("    z_threshold: 3.0", "    z_treshold: 3.0")
                .replace("  sampling_period: '60s'", "  sampling_period: 'soon'");
        ConfigException e = errors(yaml);
        assertThat(e.errors()).extracting(ConfigError::path)
                .contains("schedulers.periodic.fit_windw", "schedulers.periodic.fit_window", "reader.sampling_period",
                        "models.zscore.z_treshold");
        assertThat(e.errors()).extracting(x -> Integer.parseInt(x.where().substring("test.yml:".length())))
                .isSorted();
        ConfigError typo = e.errors().stream().filter(x -> x.path().equals("schedulers.periodic.fit_windw")).findFirst()
                .orElseThrow();
        assertThat(typo.where()).isEqualTo("test.yml:6");
        assertThat(typo.message()).contains("did you mean 'fit_window'");
        assertThat(e.getMessage()).contains("did you mean 'z_threshold'").contains("invalid duration \"soon\"");
    }

    @Test
    void parse_unknownModelClass_suggestsNearest() {
        ConfigException e = errors(TUTORIAL.replace("class: 'zscore_online'", "class: 'zscore_onlin'"));
        assertThat(e.errors()).singleElement().satisfies(x -> {
            assertThat(x.path()).isEqualTo("models.zscore.class");
            assertThat(x.where()).isEqualTo("test.yml:9");
            assertThat(x.message()).contains("did you mean 'zscore_online'");
        });
    }

    @Test
    void parse_fullClassPaths_areAliases() throws ConfigException {
        RunnerConfig c = parse(TUTORIAL.replace("class: 'periodic'", "class: scheduler.periodic.PeriodicScheduler")
                .replace("class: 'zscore_online'", "class: model.online.OnlineZscoreModel"));
        assertThat(c.schedulers().get("periodic").kind()).isEqualTo("periodic");
        assertThat(c.models().get("zscore").modelClass()).isEqualTo("zscore_online");
    }

    @Test
    void parse_legacyForms_areConverted() throws ConfigException {
        String yaml = String.join("\n",
                "scheduler:", "  infer_every: 1m", "  fit_window: 1d",
                "model:", "  class: zscore",
                "reader:", "  datasource_url: http://x:8428", "  sampling_period: 1m",
                "  queries:", "    q1: up", "    q2: sum(rate(x[5m]))",
                "writer:", "  datasource_url: http://x:8428", "");
        RunnerConfig c = parse(yaml);
        assertThat(c.schedulers()).containsOnlyKeys("default_scheduler");
        assertThat(c.models()).containsOnlyKeys("default_model");
        assertThat(c.models().get("default_model").queries()).containsExactly("q1", "q2");
        assertThat(c.reader().queries().get("q1").expr()).isEqualTo("up");
        assertThat(c.warnings()).anyMatch(w -> w.contains("old {alias: expr} form"));
    }

    @Test
    void parse_attachment_followsSpec15() throws ConfigException {
        String yaml = TUTORIAL.replace("    z_threshold: 3.0\n", "    z_threshold: 3.0\n    queries: all\n"
                        + "    schedulers: ['periodic']\n  unattached:\n    class: zscore\n    queries: []\n")
                .replace("  periodic:\n", "  orphan:\n    infer_every: 1m\n    fit_window: 1h\n  periodic:\n");
        RunnerConfig c = parse(yaml);
        assertThat(c.models()).containsOnlyKeys("zscore");
        assertThat(c.schedulers()).containsOnlyKeys("periodic");
        assertThat(c.warnings()).anyMatch(w -> w.contains("'unattached'")).anyMatch(w -> w.contains("'orphan'"));

        ConfigException e = errors(TUTORIAL.replace("    z_threshold: 3.0\n",
                "    z_threshold: 3.0\n    queries: [node_cpu_rat]\n"));
        assertThat(e.getMessage()).contains("unknown alias \"node_cpu_rat\"").contains("did you mean 'node_cpu_rate'");
    }

    @Test
    void parse_queryPolicies_overrideModelArguments() throws ConfigException {
        String yaml = TUTORIAL.replace("    z_threshold: 3.0\n", "    z_threshold: 3.0\n    detection_direction: both\n")
                .replace("by (mode, instance, job)'\n", "by (mode, instance, job)'\n"
                        + "      detection_direction: above_expected\n      data_range: [0, inf]\n");
        RunnerConfig c = parse(yaml);
        var spec = c.models().get("zscore").specs().get("node_cpu_rate").scoreSpec();
        assertThat(spec.direction().name()).isEqualTo("ABOVE_EXPECTED");
        assertThat(spec.dataRangeLow()).isEqualTo(0.0);
    }

    @Test
    void parse_writerReport_onlyForTheFileWriterAndNotTheScoresFile() throws ConfigException {
        String file = TUTORIAL.replace("writer:\n  datasource_url: 'http://victoriametrics:8428/'",
                "writer:\n  class: file\n  path: out/scores.jsonl\n  report: out/report.html");
        RunnerConfig c = parse(file);
        assertThat(c.writer().report()).isEqualTo(Path.of("out/report.html"));
        assertThat(RunnerConfigs.toYaml(c)).contains("report: out/report.html");
        assertThat(parse(TUTORIAL).writer().report()).isNull();

        ConfigException vm = errors(TUTORIAL.replace("writer:\n  datasource_url: 'http://victoriametrics:8428/'",
                "writer:\n  datasource_url: 'http://victoriametrics:8428/'\n  report: r.html"));
        assertThat(vm.errors()).extracting(ConfigError::path).containsExactly("writer.report");
        assertThat(vm.getMessage()).contains("file writer only");
        ConfigException same = errors(file.replace("report: out/report.html", "report: ./out/scores.jsonl"));
        assertThat(same.getMessage()).contains("writer.report", "must differ from writer.path");
    }

    @Test
    void parse_writerReportLabels_needsTheReportAndAPath(@TempDir Path dir) throws Exception {
        Path labels = Files.writeString(dir.resolve("windows.json"), "{}");
        String file = TUTORIAL.replace("writer:\n  datasource_url: 'http://victoriametrics:8428/'",
                "writer:\n  class: file\n  path: out/scores.jsonl\n  report: out/report.html\n  report_labels: '"
                        + labels + "'");
        assertThat(parse(file).writer().reportLabels()).isEqualTo(labels);
        assertThat(parse(TUTORIAL).writer().reportLabels()).isNull();

        ConfigException blank = errors(file.replace("'" + labels + "'", "' '"));
        assertThat(blank.errors()).extracting(ConfigError::path).containsExactly("writer.report_labels");
        assertThat(blank.getMessage()).contains("must be a file path");
        ConfigException noReport = errors(file.replace("  report: out/report.html\n", ""));
        assertThat(noReport.getMessage()).contains("writer.report_labels", "set writer.report too");
    }

    @Test
    void parse_lastSeenLookbackAndSeriesBatch_areReadValidatedAndResolved() throws ConfigException {
        RunnerConfig d = parse(TUTORIAL);
        assertThat(d.reader().queryLastSeenMaxLookback()).isNull();
        assertThat(d.reader().seriesProcessingBatchSize()).isEqualTo(8);
        assertThat(RunnerConfigs.toYaml(d)).as("the effective default is shown").contains("query_last_seen_max_lookback: 1h");
        String on = TUTORIAL.replace("  sampling_period: '60s'\n", "  sampling_period: '60s'\n"
                + "  query_from_last_seen_timestamp: true\n  query_last_seen_max_lookback: 2h\n"
                + "  series_processing_batch_size: 32\n");
        RunnerConfig c = parse(on);
        assertThat(c.reader().queryLastSeenMaxLookback()).isEqualTo(Duration.ofHours(2));
        assertThat(c.reader().seriesProcessingBatchSize()).isEqualTo(32);
        assertThat(c.warnings()).noneMatch(w -> w.contains("query_last_seen_max_lookback"));
        assertThat(RunnerConfigs.toYaml(c)).contains("query_last_seen_max_lookback: 2h", "series_processing_batch_size: 32");
        RunnerConfig alone = parse(on.replace("  query_from_last_seen_timestamp: true\n", ""));
        assertThat(alone.reader().queryFromLastSeenTimestamp()).as("catching up is the default").isTrue();
        assertThat(alone.warnings()).noneMatch(w -> w.contains("query_last_seen_max_lookback"));
        RunnerConfig off = parse(on.replace("query_from_last_seen_timestamp: true", "query_from_last_seen_timestamp: false"));
        assertThat(off.reader().queryFromLastSeenTimestamp()).isFalse();
        assertThat(off.warnings()).anyMatch(w -> w.contains("query_last_seen_max_lookback has no effect"));
        assertThat(RunnerConfigs.toYaml(off)).as("no limit without catch-up").doesNotContain("query_last_seen_max_lookback");
        ConfigException bad = errors(on.replace("max_lookback: 2h", "max_lookback: 0s").replace("batch_size: 32", "batch_size: 0"));
        assertThat(bad.errors()).extracting(ConfigError::path).containsExactlyInAnyOrder(
                "reader.query_last_seen_max_lookback", "reader.series_processing_batch_size");
    }

    @Test
    void parse_isolationForest_univariateRuns() throws ConfigException {
        String uni = TUTORIAL.replace("    class: 'zscore_online'\n    z_threshold: 3.0\n",
                "    class: 'isolation_forest_univariate'\n    contamination: '0.01'\n    seasonal_features: [hod]\n"
                        + "    args:\n      n_estimators: 50\n");
        RunnerConfig c = parse(uni);
        assertThat(c.models().get("zscore").specs().get("node_cpu_rate").alias()).isEqualTo("isolation_forest_univariate");
        assertThat(c.models().get("zscore").specs().get("node_cpu_rate").resolvedArgs()).containsEntry("tz", "UTC");
        ConfigException bad = errors(uni.replace("n_estimators: 50", "n_estimator: 50"));
        assertThat(bad.getMessage()).contains("args.n_estimator").contains("did you mean 'args.n_estimators'");
    }

    @Test
    void parse_multivariateAndPeerWithGroupby_acceptedAndGroupbyKeptFromTheModel() throws ConfigException {
        RunnerConfig multi = parse(TUTORIAL.replace("class: 'zscore_online'\n    z_threshold: 3.0",
                "class: 'model.isolation_forest.IsolationForestMultivariateModel'\n    groupby: [instance]"));
        ModelConfig m = multi.models().get("zscore");
        assertThat(m.groupby()).containsExactly("instance");
        assertThat(m.specs().get("node_cpu_rate")).isInstanceOf(dev.vigil.models.MultivariateSpec.class);
        assertThat(m.specs().get("node_cpu_rate").resolvedArgs()).doesNotContainKey("groupby");
        RunnerConfig peer = parse(TUTORIAL.replace("class: 'zscore_online'\n    z_threshold: 3.0",
                "class: peer_outlier\n    groupby: [mode]\n    tolerance: 3"));
        assertThat(peer.models().get("zscore").groupby()).containsExactly("mode");
        assertThat(peer.models().get("zscore").specs().get("node_cpu_rate"))
                .isInstanceOf(dev.vigil.models.peer.PeerSpec.class);
    }

    @Test
    void parse_groupbyOnUnivariateOrNotAList_refusedAtItsKey() {
        ConfigException uni = errors(TUTORIAL.replace("z_threshold: 3.0", "z_threshold: 3.0\n    groupby: [instance]"));
        assertThat(uni.errors()).extracting(ConfigError::path).containsExactly("models.zscore.groupby");
        assertThat(uni.getMessage()).contains("multivariate and peer models only", "zscore_online")
                .doesNotContain("Exception");
        ConfigException notList = errors(TUTORIAL.replace("class: 'zscore_online'\n    z_threshold: 3.0",
                "class: isolation_forest_multivariate\n    groupby: instance"));
        assertThat(notList.errors()).extracting(ConfigError::path).containsExactly("models.zscore.groupby");
        assertThat(notList.getMessage()).contains("list of label names", "instance");
    }

    @Test
    void parse_temporalEnvelopeMultivariate_acceptedWithGroupbyAndBadArgumentsRefused() throws ConfigException {
        RunnerConfig ok = parse(TUTORIAL.replace("class: 'zscore_online'\n    z_threshold: 3.0",
                "class: 'temporal_envelope_multivariate'\n    dependency_rank: 4\n    groupby: [instance]"));
        assertThat(ok.models().get("zscore").specs().values()).allMatch(s -> s instanceof MultivariateSpec);
        ConfigException bad = errors(TUTORIAL.replace("class: 'zscore_online'\n    z_threshold: 3.0",
                "class: 'temporal_envelope_multivariate'\n    score_aggregation: median"));
        assertThat(bad.getMessage()).contains("score_aggregation", "l2, max, mean").doesNotContain("Exception");
    }

    @Test
    void parse_serverAndPreset_bothAccepted() throws ConfigException {
        RunnerConfig c = parse(TUTORIAL + "server:\n  port: 8490\npreset: default\n");
        assertThat(c.server().port()).isEqualTo(8490);
        assertThat(c.preset()).isEqualTo("default");
    }

    @Test
    void parse_backtestingAndOneoff_acceptIsoAndEpochSeconds() throws ConfigException {
        String yaml = TUTORIAL.replace("  periodic:\n    class: 'periodic'\n    infer_every: '1m'\n    fit_every: '2h'\n"
                        + "    fit_window: '14d'\n",
                "  bt:\n    class: backtesting\n    from_iso: '2024-01-01T00:00:00Z'\n    to_s: 1704153600\n"
                        + "    fit_window: PT1H\n    fit_every: 30m\n    inference_only: true\n"
                        + "  once:\n    class: oneoff\n    fit_start_s: 0\n    fit_end_iso: '1970-01-01T01:00:00+01:00'\n"
                        + "    infer_start_s: 10\n    infer_end_s: 20\n");
        ConfigException e = errors(yaml);
        assertThat(e.errors()).singleElement().satisfies(x -> assertThat(x.path()).isEqualTo("schedulers.once.fit_end"));

        RunnerConfig c = parse(yaml.replace("+01:00", "+00:00"));
        SchedulerConfig.Backtesting b = (SchedulerConfig.Backtesting) c.schedulers().get("bt");
        assertThat(b.to().getEpochSecond()).isEqualTo(1704153600L);
        assertThat(b.fitWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(b.inferenceOnly()).isTrue();
    }

    @Test
    void load_filesAndDirectoriesWithEnv_mergeInOrder(@TempDir Path dir) throws Exception {
        Path base = dir.resolve("base.yml");
        Files.writeString(base, TUTORIAL);
        Path d = Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(d.resolve("10-writer.yaml"), "writer:\n  datasource_url: '%{VM_URL}'\n");
        Files.writeString(d.resolve("20-model.yaml"), "models:\n  zscore:\n    z_threshold: 4\n");
        Files.writeString(d.resolve("ignored.txt"), "not: yaml");
        RunnerConfig c = RunnerConfigs.load(List.of(base, d), Map.of("VM_URL", "http://vm:9999"),
                ModelRegistry.standard());
        assertThat(c.writer().datasourceUrl()).isEqualTo("http://vm:9999");
        assertThat(c.models().get("zscore").specs().get("node_cpu_rate").resolvedArgs()).containsEntry("z_threshold", 4.0);
        assertThat(c.models().get("zscore").modelClass()).isEqualTo("zscore_online");
    }

    @Test
    void load_missingFileAndMalformedYaml_areReported(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "schedulers: [\n  x: 1\n");
        assertThatThrownBy(() -> RunnerConfigs.load(List.of(bad, dir.resolve("missing.yml")), Map.of(),
                ModelRegistry.standard()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("malformed YAML")
                .hasMessageContaining("missing.yml): no such file or directory");
    }

    @Test
    void substitute_unsetVariable_staysAsWritten() {
        assertThat(ConfigLoader.substitute("%{A}-%{B}", Map.of("A", "1"))).isEqualTo("1-%{B}");
    }

    static final String TZ_CONFIG = String.join("\n",
            "schedulers:",
            "  p: {class: periodic, infer_every: 1m, fit_every: 1h, fit_window: 14d}",
            "models:",
            "  prophet: {class: prophet, tz_aware: true, tz_seasonalities: [hod]}",
            "  prophet_utc_pinned: {class: prophet, tz_aware: true, tz: UTC, queries: [berlin]}",
            "  zscore: {class: zscore_online}",
            "  quantile: {class: quantile_online, seasonal_interval: 1d, min_subseason: 1h}",
            "  envelope: {class: temporal_envelope, holidays: {special_events: ['12-25']}}",
            "reader:",
            "  class: vm",
            "  datasource_url: http://127.0.0.1:8428",
            "  sampling_period: 1m",
            "  tz: Asia/Tokyo",
            "  queries:",
            "    berlin: {expr: 'a', tz: Europe/Berlin}",
            "    reader_zone: {expr: 'b'}",
            "writer: {class: vm, datasource_url: http://127.0.0.1:8428}",
            "");

    @Test
    void parse_tzAwareProphetWithoutTz_getsTheQueryTzElseTheReaderTz() throws ConfigException {
        RunnerConfig c = parse(TZ_CONFIG);
        ModelConfig m = c.models().get("prophet");
        assertThat(m.specs().get("berlin").resolvedArgs()).containsEntry("tz", "Europe/Berlin");
        assertThat(m.specs().get("reader_zone").resolvedArgs()).containsEntry("tz", "Asia/Tokyo");
        assertThat(m.args()).doesNotContainKey("tz");
    }

    @Test
    void parse_quantileOnlineWithoutTz_getsTheQueryTzElseTheReaderTz() throws ConfigException {
        ModelConfig m = parse(TZ_CONFIG).models().get("quantile");
        assertThat(m.specs().get("berlin").resolvedArgs()).containsEntry("tz", "Europe/Berlin");
        assertThat(m.specs().get("reader_zone").resolvedArgs()).containsEntry("tz", "Asia/Tokyo");
    }

    @Test
    void parse_temporalEnvelopeWithoutTz_getsTheQueryTzElseTheReaderTz() throws ConfigException {
        ModelConfig m = parse(TZ_CONFIG).models().get("envelope");
        assertThat(m.specs().get("berlin").resolvedArgs()).containsEntry("tz", "Europe/Berlin");
        assertThat(m.specs().get("reader_zone").resolvedArgs()).containsEntry("tz", "Asia/Tokyo");
        assertThat(m.modelClass()).isEqualTo("temporal_envelope");
    }

    @Test
    void parse_modelSetsItsOwnTz_keepsIt() throws ConfigException {
        RunnerConfig c = parse(TZ_CONFIG);
        assertThat(c.models().get("prophet_utc_pinned").specs().get("berlin").resolvedArgs()).containsEntry("tz", "UTC");
    }

    @Test
    void parse_modelWithoutTzArgument_getsNoTz() throws ConfigException {
        RunnerConfig c = parse(TZ_CONFIG);
        assertThat(c.models().get("zscore").specs().get("berlin").resolvedArgs()).doesNotContainKey("tz");
    }
}
