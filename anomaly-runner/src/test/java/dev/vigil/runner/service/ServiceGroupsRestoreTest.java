package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code settings.restore_state} with group models (a multivariate model, {@code peer_outlier}):
 * their groups are stored after every job, so a restart reuses them without a fit and scores as an
 * uninterrupted run; a damaged group file is refitted at the first job.
 */
class ServiceGroupsRestoreTest {

    static final Instant START = ServicePeriodicTest.START;
    static final String MULTI = String.join("\n",
            "  mv:",
            "    class: isolation_forest_multivariate",
            "    queries: [q]",
            "    schedulers: [p]");
    static final String PEER = String.join("\n",
            "  mv:",
            "    class: peer_outlier",
            "    tolerance: 8",
            "    queries: [q]",
            "    schedulers: [p]");

    @TempDir
    Path dir;

    StateStore store() {
        return StateStore.in(dir, ModelRegistry.standard());
    }

    @ParameterizedTest
    @ValueSource(strings = {"isolation_forest_multivariate", "peer_outlier"})
    void restart_groupModel_reusedWithoutAFitAndScoresAsAnUninterruptedRun(String kind) throws Exception {
        String yaml = ServicePeriodicTest.config(kind.equals("peer_outlier") ? PEER : MULTI);
        ServiceRestoreStateTest.Run uninterrupted = ServiceRestoreStateTest.run(yaml, START, 25, null);

        ServiceRestoreStateTest.Run first = ServiceRestoreStateTest.run(yaml, START, 13, store()); // fits at 0, 10 min
        assertThat(first.writer().written).anyMatch(o -> o.modelAlias().equals("mv")
                && o.variable().equals("anomaly_score"));
        assertThat(store().headers()).extracting(h -> h.combination().model()).containsExactlyInAnyOrder("mv", "z");
        assertThat(ServiceRestoreStateTest.lastFit(store(), "mv")).isEqualTo(START.plusSeconds(600).toEpochMilli());

        ServiceRestoreStateTest.Run resumed = ServiceRestoreStateTest.run(yaml, START.plusSeconds(750), 12, store());
        // The first job at 13 min only infers: no fit window is read for the restored group model.
        assertThat(resumed.reader().windows.get(0)[0]).isEqualTo(START.plusSeconds(660));
        assertThat(resumed.reader().windows.get(0)[1]).isEqualTo(START.plusSeconds(780));
        // One fit_infer job (the scheduled fit at 20 min: a fit and an inference), none at the restart.
        assertThat(resumed.metrics()).contains("vmanomaly_model_runs_total{model_alias=\"mv\",preset=\"\","
                + "query_key=\"q\",scheduler_alias=\"p\",stage=\"fit_infer\"} 2.0");
        assertThat(resumed.metrics()).doesNotContain("vmanomaly_model_runs_skipped_total{model_alias=\"mv\"");
        TreeMap<String, Double> expected = mv(ServiceRestoreStateTest.after(uninterrupted.writer(),
                START.plusSeconds(720)));
        TreeMap<String, Double> actual = mv(ServiceRestoreStateTest.after(resumed.writer(), START.plusSeconds(720)));
        assertThat(actual).isNotEmpty().isEqualTo(expected);
    }

    @Test
    void restart_multivariateOnTwoQueries_bothFilesReusedAndScoresAsAnUninterruptedRun() throws Exception {
        String yaml = ServicePeriodicTest.config(String.join("\n",
                "  mv:",
                "    class: isolation_forest_multivariate",
                "    queries: [q, q2]",
                "    schedulers: [p]")).replace("    q: 'm'", "    q: 'm'\n    q2: 'm2'");
        ServiceRestoreStateTest.Run uninterrupted = ServiceRestoreStateTest.run(yaml, START, 25, null);
        ServiceRestoreStateTest.run(yaml, START, 13, store());
        assertThat(store().headers()).filteredOn(h -> h.combination().model().equals("mv"))
                .extracting(h -> h.combination().query()).containsExactlyInAnyOrder("q", "q2");

        ServiceRestoreStateTest.Run resumed = ServiceRestoreStateTest.run(yaml, START.plusSeconds(750), 12, store());
        assertThat(resumed.reader().windows.get(0)[0]).isEqualTo(START.plusSeconds(660));
        assertThat(resumed.metrics()).contains("vmanomaly_model_runs_total{model_alias=\"mv\",preset=\"\","
                + "query_key=\"q,q2\",scheduler_alias=\"p\",stage=\"fit_infer\"} 2.0");
        TreeMap<String, Double> expected = mv(ServiceRestoreStateTest.after(uninterrupted.writer(),
                START.plusSeconds(720)));
        assertThat(mv(ServiceRestoreStateTest.after(resumed.writer(), START.plusSeconds(720)))).isNotEmpty()
                .isEqualTo(expected);
    }

    @Test
    void restart_damagedGroupFile_refittedAtTheFirstJobAndScoresThere() throws Exception {
        String yaml = ServicePeriodicTest.config(MULTI);
        ServiceRestoreStateTest.Run first = ServiceRestoreStateTest.run(yaml, START, 13, store());
        assertThat(first.writer().written).anyMatch(o -> o.modelAlias().equals("mv"));
        Path file = store().headers().stream().filter(h -> h.combination().model().equals("mv")).findFirst()
                .orElseThrow().file();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 10] ^= 0x5a; // inside the last group entry: the checksum refuses the file
        Files.write(file, bytes);

        ServiceRestoreStateTest.Run resumed = ServiceRestoreStateTest.run(yaml, START.plusSeconds(750), 1, store());
        // The one job at 13 min reads the fit window for 'mv' and scores with it.
        assertThat(resumed.reader().windows.get(0)[0]).isEqualTo(START.plusSeconds(780 - 3600));
        assertThat(resumed.writer().written).anyMatch(o -> o.modelAlias().equals("mv")
                && o.series().lastTimestamp() == START.plusSeconds(780).toEpochMilli());
        assertThat(resumed.metrics()).contains("vmanomaly_model_runs_total{model_alias=\"mv\",preset=\"\","
                + "query_key=\"q\",scheduler_alias=\"p\",stage=\"fit_infer\"} 2.0");
    }

    private static TreeMap<String, Double> mv(TreeMap<String, Double> points) {
        TreeMap<String, Double> out = new TreeMap<>();
        points.forEach((k, v) -> {
            if (k.startsWith("mv/")) {
                out.put(k, v);
            }
        });
        return out;
    }
}
