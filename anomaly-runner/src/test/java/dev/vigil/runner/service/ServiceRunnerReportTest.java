package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.runner.scheduler.Ticker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A periodic runner on files refreshes its HTML report while it runs, not only when it stops. */
class ServiceRunnerReportTest {

    @TempDir
    Path dir;

    @Test
    void run_periodicWithFileWriterReport_reportShowsTheFirstJobBeforeTheRunnerStops() throws Exception {
        long now = System.currentTimeMillis() / 1000;
        StringBuilder sb = new StringBuilder("timestamp,cpu{host=\"a\"}\n");
        for (int i = 120; i >= 1; i--) {
            sb.append(now - 10L * i).append(',').append(10 + (i % 7) * 0.1 + (i == 1 ? 50 : 0)).append('\n');
        }
        Path data = Files.writeString(dir.resolve("d.csv"), sb.toString());
        Path report = dir.resolve("out/report.html");
        RunnerConfig c = RunnerConfigs.parse(String.join("\n",
                "schedulers: {p: {class: periodic, infer_every: 1h, fit_window: 1h}}",
                "models: {z: {class: zscore_online, queries: [q], schedulers: [p], provide_series: [anomaly_score, y]}}",
                "reader: {class: file, path: '" + data + "', sampling_period: 10s, queries: {q: {expr: cpu}}}",
                "writer: {class: file, path: '" + dir.resolve("out/s.jsonl") + "', report: '" + report + "'}",
                ""), "t.yml", Map.of(), ModelRegistry.standard());
        try (ServiceRunner runner = new ServiceRunner(c, Ticker.system(), "t")) {
            assertThat(Files.readString(report)).contains("No output yet");
            Thread t = new Thread(() -> {
                try {
                    runner.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "report-runner");
            t.start();
            try {
                // The first (fit-and-infer) job runs at once; the next would be in an hour.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                String html = "";
                while (System.nanoTime() < deadline && !html.contains("<svg")) {
                    Thread.sleep(100);
                    html = Files.readString(report);
                }
                assertThat(t.isAlive()).isTrue();
                assertThat(html).contains("<svg", "cpu{host=&quot;a&quot;}", "<th>model_alias</th><td>z</td>");
            } finally {
                assertThat(runner.stop(Duration.ofSeconds(30))).isTrue();
                t.join(30_000);
            }
        }
    }
}
