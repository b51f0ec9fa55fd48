package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.runner.service.ServiceStreamedReadTest.Observed;
import dev.vigil.runner.service.ServiceStreamedReadTest.Observing;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file reader's streamed read ({@code reader.class: file}): the same outputs as its whole read,
 * and never more cut but unscored series than one batch ({@code series_processing_batch_size} ×
 * {@code n_workers}), counted as in {@link ServiceStreamedReadTest}.
 */
class ServiceStreamedFileTest {

    static final Instant T = Instant.parse("2024-07-01T00:00:00Z");
    static final long MINUTE = 60_000;
    static final int SERIES = 120;
    static final int POINTS = 45;
    static final int JOBS = 4;

    @TempDir
    Path dir;

    Path input() throws Exception {
        StringBuilder b = new StringBuilder("timestamp");
        for (int h = 0; h < SERIES; h++) {
            b.append(",file_in{host=\"").append(String.format("h%03d", h)).append("\"}");
        }
        b.append('\n');
        Random r = new Random(7);
        double[] v = new double[SERIES];
        for (int i = 0; i < POINTS; i++) {
            b.append(T.toEpochMilli() / 1000 + 60L * i);
            for (int h = 0; h < SERIES; h++) {
                v[h] += r.nextGaussian();
                b.append(',').append(i == 20 && h % 40 == 0 ? 50 + v[h] * 20 : 50 + v[h]);
            }
            b.append('\n');
        }
        return Files.writeString(dir.resolve("in.csv"), b.toString());
    }

    /** Runs {@link #JOBS} jobs on the file; returns the reader and the output lines, sorted. */
    record Run(Observed reader, List<String> lines) {
    }

    Run run(Path in, String label, boolean stream) throws Exception {
        Path out = dir.resolve(label + ".jsonl");
        RunnerConfig c = RunnerConfigs.parse(String.join("\n",
                "schedulers:",
                "  p: {class: periodic, infer_every: 1m, fit_every: 2m, fit_window: 30m}",
                "models:",
                "  on: {class: quantile_online, queries: [q], schedulers: [p]}",
                "  off: {class: model.zscore.ZscoreModel, queries: [q], schedulers: [p]}",
                "reader:",
                "  class: file",
                "  path: '" + in + "'",
                "  sampling_period: 1m",
                "  series_processing_batch_size: " + ServiceStreamedReadTest.BATCH,
                "  queries: {q: {expr: 'file_in'}}",
                "writer: {class: file, path: '" + out + "'}",
                "settings: {n_workers: " + ServiceStreamedReadTest.WORKERS + "}",
                ""), "s.yml", Map.of(), ModelRegistry.standard());
        ManualTicker ticker = new ManualTicker(T.plusMillis(30 * MINUTE + 1_500));
        AnomalyService[] ref = new AnomalyService[1];
        int[] jobs = {0};
        Observed reader = new Observed(IoFactory.reader(c.reader()), stream);
        try (reader; SeriesWriter writer = IoFactory.writer(c.writer());
             AnomalyService s = new AnomalyService(c, reader, writer, ticker,
                     new RunnerMetrics(new PrometheusRegistry(), "t"), () -> {
                         if (++jobs[0] == JOBS) {
                             ref[0].stop();
                         }
                     }, new Observing(reader, true))) {
            ref[0] = s;
            s.run();
        }
        return new Run(reader, Files.readAllLines(out).stream().sorted().toList());
    }

    @Test
    void runJob_fileReaderStreamed_writesTheSameOutputsAsItsWholeReadHoldingABoundedNumber() throws Exception {
        Path in = input();
        Run streamed = run(in, "streamed", true);
        Run whole = run(in, "whole", false);
        // two models with four outputs each for every input series, at every job
        assertThat(whole.lines()).hasSize(SERIES * 2 * 4 * JOBS);
        assertThat(whole.lines()).anyMatch(l -> l.contains("yhat_upper"));
        assertThat(streamed.lines()).isEqualTo(whole.lines());
        assertThat(streamed.reader().handed).isEqualTo((long) SERIES * JOBS);
        int bound = ServiceStreamedReadTest.BATCH * ServiceStreamedReadTest.WORKERS;
        assertThat(streamed.reader().maxPending).isBetween(bound + 1, ServiceStreamedReadTest.held());
        assertThat(streamed.reader().overlapped).as("series read while a batch was scored").isPositive();
        assertThat(streamed.reader().laterDoneWhileFirstHeld).as("reads whose later batch was scored beside the first")
                .isEqualTo(JOBS);
        assertThat(whole.reader().handed).isZero();
    }
}
