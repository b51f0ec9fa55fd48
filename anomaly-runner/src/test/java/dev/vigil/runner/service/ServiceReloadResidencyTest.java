package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.runner.service.ServiceOnDiskTest.FilteringReader;
import dev.vigil.runner.service.ServicePeriodicTest.FakeReader;
import dev.vigil.runner.service.ServicePeriodicTest.FakeWriter;
import dev.vigil.runner.state.Combination;
import dev.vigil.runner.state.StateStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hot reload and where models live: {@code settings.retention} follows it, dumps of removed combinations go. */
class ServiceReloadResidencyTest {

    @TempDir
    Path dir;

    /**
     * Runs {@code jobs} jobs of {@code yaml} (host "b" leaves at 3 min), reloading {@code next} after
     * job {@code reloadAfter}; returns the hosts held per model after each job.
     */
    static List<Map<String, Set<String>>> run(String yaml, String next, int reloadAfter, int jobs, StateStore store)
            throws Exception {
        RunnerConfig c = RunnerConfigs.parse(yaml, "p.yml", Map.of(), ModelRegistry.standard());
        RunnerConfig n = RunnerConfigs.parse(next, "p.yml", Map.of(), ModelRegistry.standard());
        ManualTicker ticker = new ManualTicker(ServicePeriodicTest.START);
        FilteringReader reader = new FilteringReader(new FakeReader(ticker, i -> false), ServiceOnDiskTest::bLeavesAt3m);
        FakeWriter writer = new FakeWriter(i -> false);
        List<Map<String, Set<String>>> held = new ArrayList<>();
        AnomalyService[] ref = new AnomalyService[1];
        try (AnomalyService s = new AnomalyService(c, reader, writer, ticker, new RunnerMetrics(new PrometheusRegistry(),
                "t"), () -> {
                    held.add(ServiceOnDiskTest.held(ref[0], false));
                    if (held.size() == reloadAfter) {
                        ref[0].reload(n, reader, writer);
                    } else if (held.size() == jobs) {
                        ref[0].stop();
                    }
                }, store)) {
            ref[0] = s;
            s.run();
        }
        return held;
    }

    @Test
    void reload_retentionAdded_dropsAGoneSeriesFromThenOn() throws Exception {
        String yaml = ServicePeriodicTest.config("");

        List<Map<String, Set<String>>> held = run(yaml, yaml + ServiceOnDiskTest.RETENTION, 2, 12, null);

        // Retention from job 2 (2 min) on: "b", last read at 2 min, is kept up to 7 min and dropped at 8 min.
        assertThat(held.get(7).get("z")).contains("b");
        assertThat(held.get(8).get("z")).containsExactly("a", "c");
        assertThat(held.get(11).get("z")).containsExactly("a", "c");
    }

    @Test
    void reload_retentionRemoved_keepsGoneSeries() throws Exception {
        String yaml = ServicePeriodicTest.config("");

        List<Map<String, Set<String>>> held = run(yaml + ServiceOnDiskTest.RETENTION, yaml, 2, 12, null);

        assertThat(held.get(11).get("z")).containsExactly("a", "b", "c");
    }

    @Test
    void reload_onDiskCombinationRemoved_deletesItsDump() throws Exception {
        String yaml = ServicePeriodicTest.config(ServiceRestoreStateTest.OFFLINE);
        StateStore store = StateStore.in(dir, ModelRegistry.standard());

        List<Map<String, Set<String>>> held = run(yaml, ServicePeriodicTest.config(""), 3, 5, store);

        assertThat(held.get(2)).containsKey("o");
        assertThat(held.get(4)).doesNotContainKey("o").containsKey("z");
        assertThat(store.dumps().header(new Combination("p", "o", "q"))).as("dump of the removed model").isNull();
        assertThat(store.dumps().header(new Combination("p", "z", "q"))).isNotNull();
    }
}
