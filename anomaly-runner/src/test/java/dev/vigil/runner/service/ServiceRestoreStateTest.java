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
import dev.vigil.runner.state.StateStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code settings.restore_state}: a service stopped and started again on the same state directory
 * goes on where it was, without a fit, and scores exactly as a run that was never interrupted.
 */
class ServiceRestoreStateTest {

    static final Instant START = ServicePeriodicTest.START;
    static final String OFFLINE = String.join("\n",
            "  o:",
            "    class: zscore",
            "    queries: [q]",
            "    schedulers: [p]",
            "    provide_series: [anomaly_score, y]");

    @TempDir
    Path dir;

    record Run(FakeReader reader, FakeWriter writer, String metrics) {
    }

    /**
     * Runs {@code jobs} jobs of {@code yaml} from {@code start}, with {@code restore_state: true} and
     * state in {@code store} (or none).
     */
    static Run run(String yaml, Instant start, int jobs, StateStore store) throws Exception {
        String restore = store == null ? yaml : yaml + "settings: {restore_state: true}\n";
        RunnerConfig c = RunnerConfigs.parse(restore, "p.yml", Map.of(), ModelRegistry.standard());
        ManualTicker ticker = new ManualTicker(start);
        FakeReader reader = new FakeReader(ticker, i -> false);
        FakeWriter writer = new FakeWriter(i -> false);
        PrometheusRegistry registry = new PrometheusRegistry();
        int[] done = {0};
        AnomalyService[] ref = new AnomalyService[1];
        try (AnomalyService s = new AnomalyService(c, reader, writer, ticker, new RunnerMetrics(registry, "t"), () -> {
            if (++done[0] == jobs) {
                ref[0].stop();
            }
        }, store)) {
            ref[0] = s;
            s.run();
        }
        return new Run(reader, writer, ServiceVictoriaMetricsTest.scrape(registry));
    }

    StateStore store() {
        return StateStore.in(dir, ModelRegistry.standard());
    }

    /** Every written point after {@code t}: model/variable/labels/timestamp to its value. */
    static TreeMap<String, Double> after(FakeWriter w, Instant t) {
        TreeMap<String, Double> m = new TreeMap<>();
        w.written.forEach(o -> {
            for (int i = 0; i < o.series().size(); i++) {
                long ts = o.series().timestamps()[i];
                if (ts > t.toEpochMilli()) {
                    m.put(o.modelAlias() + "/" + o.variable() + o.series().labels() + "@" + ts, o.series().values()[i]);
                }
            }
        });
        return m;
    }

    static long lastFit(StateStore store, String model) throws Exception {
        return store.headers().stream().filter(h -> h.combination().model().equals(model)).findFirst().orElseThrow()
                .lastFitMs();
    }

    @Test
    void restart_sameConfig_reusesTheModelsWithoutAFitAndScoresAsAnUninterruptedRun() throws Exception {
        String yaml = ServicePeriodicTest.config(OFFLINE);
        Run uninterrupted = run(yaml, START, 25, null);

        run(yaml, START, 13, store()); // jobs at 0..12 min; fits at 0 and 10 min
        assertThat(store().headers()).hasSize(2);
        assertThat(lastFit(store(), "o")).isEqualTo(START.plusSeconds(600).toEpochMilli());
        Run resumed = run(yaml, START.plusSeconds(750), 12, store()); // restart at 12:30, jobs at 13..24 min

        // The schedule resumed on its grid: the first job infers at 13 min and reads no fit window.
        assertThat(resumed.reader().windows.get(0)[1]).isEqualTo(START.plusSeconds(780));
        assertThat(resumed.reader().windows.get(0)[0]).isEqualTo(START.plusSeconds(660));
        // The next fit is at 20 min, as it would have been.
        assertThat(resumed.reader().windows.get(7)[0]).isEqualTo(START.plusSeconds(1200 - 3600));
        assertThat(resumed.metrics()).contains("vmanomaly_model_runs_total{model_alias=\"o\",preset=\"\","
                + "query_key=\"q\",scheduler_alias=\"p\",stage=\"infer\"} 33.0"); // 3 series x 11 infer jobs, none skipped
        assertThat(resumed.metrics()).doesNotContain("vmanomaly_model_runs_skipped_total{model_alias=\"o\"");
        // The offline model scores at 13 min at once (restored, not waiting for a fit); every output equals.
        // Every point of the uninterrupted run after 12 min is written with the same value, and nothing
        // earlier is written again: the offline model's last-seen file (written after each of its
        // inferences) resumes it after 12 min, not after its last fit at 10 min.
        TreeMap<String, Double> expected = after(uninterrupted.writer(), START.plusSeconds(720));
        TreeMap<String, Double> actual = after(resumed.writer(), START.plusSeconds(720));
        assertThat(actual).isEqualTo(expected);
        TreeMap<String, Double> all = after(uninterrupted.writer(), START.minusSeconds(7200));
        after(resumed.writer(), START.minusSeconds(7200)).forEach((k, v) -> assertThat(v).as(k).isEqualTo(all.get(k)));
        assertThat(after(resumed.writer(), START.minusSeconds(7200))).isEqualTo(actual);
        assertThat(expected.keySet()).anyMatch(k -> k.contains("anomaly_score"));
        assertThat(resumed.writer().written).anyMatch(o -> o.modelAlias().equals("o")
                && o.series().lastTimestamp() == START.plusSeconds(780).toEpochMilli());
        assertThat(lastFit(store(), "o")).isEqualTo(START.plusSeconds(1200).toEpochMilli());
    }

    @Test
    void restart_changedModelArg_refitsThatModelOnlyAtTheFirstJob() throws Exception {
        String yaml = ServicePeriodicTest.config(OFFLINE);
        run(yaml, START, 13, store());
        String changed = yaml.replace("class: zscore\n", "class: zscore\n    z_threshold: 3.5\n");
        Run r = run(changed, START.plusSeconds(750), 1, store());
        // One job at 13 min: it reads the fit window for 'o' and fits it; 'z' is reused.
        assertThat(r.reader().windows.get(0)[0]).isEqualTo(START.plusSeconds(780 - 3600));
        assertThat(lastFit(store(), "o")).isEqualTo(START.plusSeconds(780).toEpochMilli());
        assertThat(lastFit(store(), "z")).isEqualTo(START.plusSeconds(600).toEpochMilli());
        assertThat(r.writer().written).anyMatch(o -> o.modelAlias().equals("o"));
    }

    @Test
    void restart_removedModel_deletesItsStateAndStalemodelsRefit() throws Exception {
        String yaml = ServicePeriodicTest.config(OFFLINE);
        run(yaml, START, 13, store());
        Run r = run(ServicePeriodicTest.config(""), START.plusSeconds(750), 1, store());
        assertThat(store().headers()).extracting(StateStore.Header::combination)
                .containsExactly(new Combination("p", "z", "q"));
        assertThat(r.writer().written).noneMatch(o -> o.modelAlias().equals("o"));

        // Restarted after the next fit time (20 min) has passed: the scheduler starts afresh with a fit.
        Run late = run(ServicePeriodicTest.config(""), START.plusSeconds(1500), 1, store());
        assertThat(late.reader().windows.get(0)[0]).isEqualTo(START.plusSeconds(1500 - 3600));
        assertThat(lastFit(store(), "z")).isEqualTo(START.plusSeconds(1500).toEpochMilli());
    }

    /** The minutes after START of the {@code y} points written for {@code model}, host a; fails on a repeat. */
    static java.util.TreeSet<Long> yMinutes(FakeWriter w, String model) {
        java.util.TreeSet<Long> out = new java.util.TreeSet<>();
        w.written.forEach(o -> {
            if (o.modelAlias().equals(model) && o.variable().equals("y") && "a".equals(o.series().labels().get("host"))) {
                for (long t : o.series().timestamps()) {
                    assertThat(out.add((t - START.toEpochMilli()) / 60_000)).as("%s minute %s once", model, t).isTrue();
                }
            }
        });
        return out;
    }

    @Test
    void restart_afterTheNextFitTime_refitsAndResumesAfterTheLastScoredPoint() throws Exception {
        String yaml = ServicePeriodicTest.config(OFFLINE);
        Run before = run(yaml, START, 13, store()); // jobs at 0..12 min
        // Restarted at 20:30, after the next fit (20 min) has passed: both models are refitted at once, and
        // the first inference catches up from 12 min (not from its own window, 18:30), scoring nothing twice.
        Run after = run(yaml, START.plusSeconds(1230), 3, store());
        assertThat(after.reader().windows.get(0)[0]).isEqualTo(START.plusSeconds(1230 - 3600));
        for (String m : new String[] {"z", "o"}) {
            java.util.TreeSet<Long> first = yMinutes(before.writer(), m);
            java.util.TreeSet<Long> second = yMinutes(after.writer(), m);
            assertThat(first.last()).isEqualTo(12);
            assertThat(second.first()).as(m).isEqualTo(13);
            assertThat(second.last()).as(m).isEqualTo(22);
            assertThat(second).as(m).hasSize(10);
        }
    }

    @Test
    void oneoffAndBacktesting_neverPersist() throws Exception {
        String yaml = ServicePeriodicTest.config(OFFLINE).replace(String.join("\n",
                "    class: periodic",
                "    infer_every: 1m",
                "    fit_every: 10m",
                "    fit_window: 1h"), String.join("\n",
                "    class: backtesting",
                "    from_iso: '2024-04-30T23:00:00Z'",
                "    to_iso: '2024-05-01T00:00:00Z'",
                "    fit_window: 30m",
                "    fit_every: 10m"));
        Run r = run(yaml, START, 100, store());
        assertThat(r.writer().written).as("the windows ran").isNotEmpty();
        assertThat(store().headers()).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void oneoff_withRestoreState_writesNothing() throws Exception {
        String yaml = ServicePeriodicTest.config(OFFLINE).replace(String.join("\n",
                "    class: periodic",
                "    infer_every: 1m",
                "    fit_every: 10m",
                "    fit_window: 1h"), String.join("\n",
                "    class: oneoff",
                "    fit_start_iso: '2024-04-30T23:00:00Z'",
                "    fit_end_iso: '2024-04-30T23:30:00Z'",
                "    infer_start_iso: '2024-04-30T23:30:00Z'",
                "    infer_end_iso: '2024-05-01T00:00:00Z'"));
        Run r = run(yaml, START, 1, store());
        assertThat(r.writer().written).as("the one-off job ran").isNotEmpty();
        assertThat(store().headers()).isEmpty();
        assertThat(dir).isEmptyDirectory();
    }
}
