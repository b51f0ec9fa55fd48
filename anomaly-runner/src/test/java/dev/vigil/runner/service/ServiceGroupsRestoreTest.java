package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.state.StateStore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code settings.restore_state} with a multivariate model: its groups are not stored, so after a
 * restart it is fitted at the first job (which then reads the fit window) and scores at once, while
 * the univariate model beside it is restored.
 */
class ServiceGroupsRestoreTest {

    static final Instant START = ServicePeriodicTest.START;
    static final String MULTI = String.join("\n",
            "  mv:",
            "    class: isolation_forest_multivariate",
            "    queries: [q]",
            "    schedulers: [p]");

    @TempDir
    Path dir;

    @Test
    void restart_multivariateModel_notStoredFittedAtTheFirstJobAndScoresThere() throws Exception {
        String yaml = ServicePeriodicTest.config(MULTI);
        StateStore store = StateStore.in(dir, ModelRegistry.standard());
        ServiceRestoreStateTest.Run first = ServiceRestoreStateTest.run(yaml, START, 13, store);
        assertThat(first.writer().written).anyMatch(o -> o.modelAlias().equals("mv")
                && o.queryKey().equals("q") && o.variable().equals("anomaly_score"));
        assertThat(store.headers()).extracting(h -> h.combination().model()).containsOnly("z");

        ServiceRestoreStateTest.Run resumed = ServiceRestoreStateTest.run(yaml, START.plusSeconds(750), 1,
                StateStore.in(dir, ModelRegistry.standard()));
        // The one job at 13 min reads the fit window for 'mv' and scores with it.
        assertThat(resumed.reader().windows.get(0)[0]).isEqualTo(START.plusSeconds(780 - 3600));
        assertThat(resumed.writer().written).anyMatch(o -> o.modelAlias().equals("mv")
                && o.series().lastTimestamp() == START.plusSeconds(780).toEpochMilli());
        assertThat(resumed.metrics()).contains("vmanomaly_model_runs_total{model_alias=\"mv\",preset=\"\","
                + "query_key=\"q\",scheduler_alias=\"p\",stage=\"fit_infer\"} 2.0");
    }
}
