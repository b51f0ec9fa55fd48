package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.BufferingSeriesWriterTest.ImportServer;
import dev.vigil.runner.io.IoFactory;
import dev.vigil.runner.io.SeriesWriter;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * End to end: a periodic service whose VictoriaMetrics writer is down for 9 of 16 jobs loses no score;
 * what was produced during the outage arrives exactly once after recovery.
 */
class ServiceWriterOutageTest {

    @Test
    void run_writerDownForNineOfSixteenJobs_everyScoreArrivesOnceAfterRecovery() throws Exception {
        AtomicInteger jobsDone = new AtomicInteger();
        try (ImportServer vm = new ImportServer(0, n -> jobsDone.get() >= 3 && jobsDone.get() < 12 ? 503 : 204)) {
            String yaml = ServicePeriodicTest.config("").replace("writer:\n  datasource_url: http://127.0.0.1:1",
                    "writer:\n  datasource_url: " + vm.url() + "\n  connection_retry_attempts: 0");
            RunnerConfig c = RunnerConfigs.parse(yaml, "p.yml", Map.of(), ModelRegistry.standard());
            ManualTicker ticker = new ManualTicker(ServicePeriodicTest.START);
            PrometheusRegistry registry = new PrometheusRegistry();
            RunnerMetrics metrics = new RunnerMetrics(registry, "t");
            AnomalyService[] ref = new AnomalyService[1];
            try (SeriesWriter writer = IoFactory.writer(c.writer(), ServiceRunner.writerFaults(metrics));
                 AnomalyService s = new AnomalyService(c, new ServicePeriodicTest.FakeReader(ticker, i -> false),
                         writer, ticker, metrics, () -> {
                             if (jobsDone.incrementAndGet() == 16) {
                                 ref[0].stop();
                             }
                         })) {
                ref[0] = s;
                s.run();
            }
            // one point a minute from START - 1 min (the first job infers two) to START + 15 min, each once
            List<String> want = new ArrayList<>();
            for (int m = -1; m <= 15; m++) {
                want.add("anomaly_score/a@" + (ServicePeriodicTest.START.toEpochMilli() + m * ServicePeriodicTest.MINUTE));
            }
            assertThat(vm.accepted.stream().filter(k -> k.startsWith("anomaly_score/a@")).toList())
                    .containsExactlyElementsOf(want);
            assertThat(vm.accepted).doesNotHaveDuplicates();
            String text = ServiceVictoriaMetricsTest.scrape(registry);
            assertThat(text).contains("vmanomaly_writer_responses_total{code=\"503\",preset=\"\",query_key=\"q\","
                    + "scheduler_alias=\"p\",url=\"" + vm.url() + "\"} 9.0");
            assertThat(text).contains("vmanomaly_writer_datapoints_buffered{preset=\"\",url=\"" + vm.url() + "\"} 0.0")
                    .doesNotContain("vmanomaly_writer_datapoints_dropped_total{");
        }
    }
}
