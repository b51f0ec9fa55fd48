package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.runner.service.ServicePeriodicTest.FakeReader;
import dev.vigil.runner.service.ServicePeriodicTest.FakeWriter;
import dev.vigil.runner.state.Combination;
import dev.vigil.runner.state.ConfigDiff;
import dev.vigil.runner.state.Signatures;
import dev.vigil.runner.state.StateStore;
import dev.vigil.vm.OutputSeries;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AnomalyService#reload} while the periodic scheduler runs on a simulated clock. */
class ServiceReloadTest {

    static final Instant START = ServicePeriodicTest.START;
    static final String MAD = "  m: {class: mad, queries: [q], schedulers: [p]}";

    record Run(FakeReader reader, FakeWriter writer, String metrics, ConfigDiff diff) {
    }

    /** Runs 8 jobs of {@code yaml}; after the 4th (START + 3 min) reloads {@code edit(yaml)}. */
    static Run run(String yaml, UnaryOperator<String> edit) throws Exception {
        return run(yaml, edit, null);
    }

    /** {@link #run(String, UnaryOperator)} with {@code settings.restore_state} in {@code store}. */
    static Run run(String yaml, UnaryOperator<String> edit, StateStore store) throws Exception {
        RunnerConfig c = RunnerConfigs.parse(yaml, "p.yml", Map.of(), ModelRegistry.standard());
        RunnerConfig next = RunnerConfigs.parse(edit.apply(yaml), "p.yml", Map.of(), ModelRegistry.standard());
        ManualTicker ticker = new ManualTicker(START);
        FakeReader reader = new FakeReader(ticker, i -> false);
        FakeWriter writer = new FakeWriter(i -> false);
        PrometheusRegistry registry = new PrometheusRegistry();
        int[] done = {0};
        ConfigDiff[] diff = new ConfigDiff[1];
        AnomalyService[] ref = new AnomalyService[1];
        try (AnomalyService s = new AnomalyService(c, reader, writer, ticker, new RunnerMetrics(registry, "t"), () -> {
            done[0]++;
            if (done[0] == 4) {
                diff[0] = ref[0].reload(next, reader, writer);
            } else if (done[0] == 8) {
                ref[0].stop();
            }
        }, store)) {
            ref[0] = s;
            s.run();
        }
        return new Run(reader, writer, ServiceVictoriaMetricsTest.scrape(registry), diff[0]);
    }

    static String fitInferRuns(String model) {
        return "vmanomaly_model_runs_total{model_alias=\"" + model + "\",preset=\"\",query_key=\"q\","
                + "scheduler_alias=\"p\",stage=\"fit_infer\"} ";
    }

    @Test
    void reload_oneModelChanged_refitsItAtTheNextJobAndKeepsTheOther() throws Exception {
        Run r = run(ServicePeriodicTest.config(MAD), y -> y.replace("    class: zscore_online",
                "    class: zscore_online\n    z_threshold: 3.5"));

        assertThat(r.diff().changed()).extracting(c -> c.model()).containsExactly("z");
        assertThat(r.diff().kept()).extracting(c -> c.model()).containsExactly("m");
        // Job 4 (START + 4 min) only infers on the schedule, but reads the fit window for z's refit.
        Instant at = START.plusSeconds(240);
        assertThat(r.reader().windows.get(4)).containsExactly(at.minusSeconds(3600), at);
        assertThat(r.reader().windows.get(5)).containsExactly(at.plusSeconds(60).minusSeconds(120),
                at.plusSeconds(60));
        // A fit_infer stage counts a fit and an inference per series. z fitted at START and again after the
        // reload (2 series each); m only at START: its models were kept.
        assertThat(r.metrics()).contains(fitInferRuns("z") + "8.0");
        assertThat(r.metrics()).contains(fitInferRuns("m") + "4.0");
        // m wrote at every job, before and after the reload.
        assertThat(r.writer().written.stream().filter(o -> o.modelAlias().equals("m"))
                .mapToLong(o -> o.series().size()).sum()).isGreaterThanOrEqualTo(8 * 2);
    }

    @Test
    void reload_modelRemovedAndAdded_stopsOneAndFitsTheOtherAtTheNextJob() throws Exception {
        Run r = run(ServicePeriodicTest.config(MAD), y -> y.replace(MAD,
                "  h: {class: mad, threshold: 4, queries: [q], schedulers: [p]}"));

        assertThat(r.diff().removed()).extracting(c -> c.model()).containsExactly("m");
        assertThat(r.diff().added()).extracting(c -> c.model()).containsExactly("h");
        // A fit_infer stage counts a fit and an inference per series: h once after the reload, z only at START.
        assertThat(r.metrics()).contains(fitInferRuns("h") + "4.0").contains(fitInferRuns("z") + "4.0");
        long lastM = r.writer().written.stream().filter(o -> o.modelAlias().equals("m"))
                .mapToLong(o -> o.series().timestamps()[o.series().size() - 1]).max().orElseThrow();
        assertThat(Instant.ofEpochMilli(lastM)).isEqualTo(START.plusSeconds(180));
        long firstH = r.writer().written.stream().filter(o -> o.modelAlias().equals("h"))
                .mapToLong(o -> o.series().timestamps()[0]).min().orElseThrow();
        // h's first job (START + 4 min) infers its window (START + 2 min, START + 4 min] after fitting.
        assertThat(Instant.ofEpochMilli(firstH)).isEqualTo(START.plusSeconds(180));
        assertThat(r.metrics()).contains("vmanomaly_config_entities{preset=\"\",scope=\"total\"} 2.0");
    }

    @Test
    void reload_schedulerChanged_restartsItsTimelineWithTheNewSettings() throws Exception {
        Run r = run(ServicePeriodicTest.config(MAD), y -> y.replace("infer_every: 1m", "infer_every: 2m"));

        assertThat(r.diff().schedulersChanged()).containsExactly("p");
        // After the reload (START + 3 min) the restarted scheduler fits at once, then infers every 2 min.
        Instant restart = START.plusSeconds(180);
        assertThat(r.reader().windows.get(4)[1]).isEqualTo(restart);
        assertThat(r.reader().windows.get(4)[0]).isEqualTo(restart.minusSeconds(3600));
        assertThat(r.reader().windows.get(5)[1]).isEqualTo(restart.plusSeconds(120));
        assertThat(r.writer().written).extracting(OutputSeries::schedulerAlias).containsOnly("p");
    }

    @TempDir
    Path dir;

    @Test
    void reload_withRestoreState_deletesRemovedStateAndStoresTheRefitUnderTheNewSignature() throws Exception {
        String yaml = ServicePeriodicTest.config(MAD) + "settings: {restore_state: true}\n";
        UnaryOperator<String> edit = y -> y.replace(MAD, "").replace("    class: zscore_online",
                "    class: zscore_online\n    z_threshold: 3.5");
        StateStore store = StateStore.in(dir, ModelRegistry.standard());

        Run r = run(yaml, edit, store);

        RunnerConfig next = RunnerConfigs.parse(edit.apply(yaml), "p.yml", Map.of(), ModelRegistry.standard());
        Combination z = new Combination("p", "z", "q");
        assertThat(r.diff().removed()).containsExactly(new Combination("p", "m", "q"));
        assertThat(store.headers()).singleElement().satisfies(h -> {
            assertThat(h.combination()).isEqualTo(z);
            assertThat(h.signature()).isEqualTo(Signatures.of(next).get(z));
            assertThat(h.lastFitMs()).as("refitted at the first job after the reload")
                    .isEqualTo(START.plusSeconds(240).toEpochMilli());
        });
    }
}
