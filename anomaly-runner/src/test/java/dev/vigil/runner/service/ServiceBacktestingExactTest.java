package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.testing.StubSpec;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.config.SchedulerConfig;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backtesting {@code exact: true}: online models infer and update in micro-batches of {@code infer_every}. */
class ServiceBacktestingExactTest {

    static final Instant T0 = ServiceBacktestingJobsTest.T0;

    @TempDir
    Path dir;

    /** Scores each point with the size of the batch it arrived in, so the batching shows in the output. */
    static final StubSpec BATCH_SIZE = StubSpec.online("batch_size", batch -> StubSpec.constant(batch, 0, 0, 0,
            batch.size()));

    RunnerConfig config(Path data, Path out, String exact) throws Exception {
        String yaml = ServiceBacktestingJobsTest.yaml(exact, data, out,
                "  sizes:",
                "    class: batch_size",
                "    queries: [cpu]",
                "    schedulers: [bt]",
                "  z:",
                "    class: zscore_online",
                "    queries: [cpu]",
                "    schedulers: [bt]",
                "    provide_series: [anomaly_score, yhat]");
        ModelRegistry reg = ModelRegistry.standard().with(BATCH_SIZE.entry("test.BatchSize"));
        return RunnerConfigs.parse(yaml, "bt.yml", Map.of(), reg);
    }

    List<String> run(String exact) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime() + ".jsonl");
        RunnerConfig c = config(ServiceBacktestingJobsTest.data(dir), out, exact);
        try (SeriesWriter writer = IoFactory.writer(c.writer());
             AnomalyService s = new AnomalyService(c, IoFactory.reader(c.reader()), writer,
                     new ManualTicker(T0.plus(Duration.ofDays(1))), new RunnerMetrics(new PrometheusRegistry(), "t"),
                     null)) {
            s.run();
        }
        return Files.readAllLines(out);
    }

    /** The distinct anomaly scores the batch_size model wrote (as Java writes a double: the file may write 29 or 29.0). */
    static List<String> sizes(List<String> lines) {
        return lines.stream().filter(l -> l.contains("\"model_alias\":\"sizes\""))
                .flatMap(l -> List.of(l.replaceAll(".*\"values\":\\[([^]]*)].*", "$1").split(",")).stream())
                .map(v -> Double.toString(Double.parseDouble(v))).distinct().sorted().collect(Collectors.toList());
    }

    /** The zscore_online points as {@code metric timestamp value}, whatever batches they were written in. */
    static List<String> zscore(List<String> lines) {
        return lines.stream().filter(l -> l.contains("\"model_alias\":\"z\"")).flatMap(l -> {
            String metric = l.replaceAll("^\\{\"metric\":(\\{[^}]*}).*", "$1");
            String[] v = l.replaceAll(".*\"values\":\\[([^]]*)].*", "$1").split(",");
            String[] t = l.replaceAll(".*\"timestamps\":\\[([^]]*)].*", "$1").split(",");
            assertThat(v).hasSameSizeAs(t);
            return java.util.stream.IntStream.range(0, v.length).mapToObj(i -> metric + " " + t[i] + " " + v[i]);
        }).sorted().collect(Collectors.toList());
    }

    @Test
    void run_exactWithInferEvery_feedsOnlineModelsInMicroBatchesWithTheSameZscores() throws Exception {
        List<String> plain = run("    exact: false");
        List<String> exact = run("    exact: true\n    infer_every: 10m");
        List<String> byStep = run("    exact: true");
        // Windows (t, t + 30m] of 1-minute points: one batch of 30, three of 10, or thirty of 1 (the query
        // step); the last window ends after the data (05:59), so it holds 29 points and its last batch 9.
        assertThat(sizes(plain)).containsExactly("29.0", "30.0");
        assertThat(sizes(exact)).containsExactly("10.0", "9.0");
        assertThat(sizes(byStep)).containsExactly("1.0");
        // zscore_online scores point by point before each update, so batching cannot change its output
        assertThat(zscore(exact)).isNotEmpty().isEqualTo(zscore(plain));
    }

    @Test
    void parse_exact_isResolvedAndInferEveryAloneWarns() throws Exception {
        RunnerConfig c = config(dir.resolve("x.csv"), dir.resolve("o.jsonl"), "    exact: true\n    infer_every: 10m");
        SchedulerConfig.Backtesting b = (SchedulerConfig.Backtesting) c.schedulers().get("bt");
        assertThat(b.exact()).isTrue();
        assertThat(b.inferEvery()).isEqualTo(Duration.ofMinutes(10));
        assertThat(RunnerConfigs.toYaml(c)).contains("exact: true", "infer_every: 10m");
        RunnerConfig alone = config(dir.resolve("x.csv"), dir.resolve("o.jsonl"), "    infer_every: 10m");
        assertThat(alone.warnings()).anyMatch(w -> w.contains("infer_every has no effect without exact: true"));
    }
}
