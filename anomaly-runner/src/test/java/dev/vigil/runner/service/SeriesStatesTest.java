package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.state.Combination;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link SeriesStates} across a hot reload: retired combinations, generations and guards. */
class SeriesStatesTest {

    static final Combination KEPT = new Combination("p", "k", "q");
    static final Combination CHANGED = new Combination("p", "c", "q");
    static final Combination REMOVED = new Combination("p", "r", "q");
    static final Labels A = Labels.of(Map.of("host", "a"));

    static SeriesStates withModels() {
        SeriesStates st = new SeriesStates();
        for (Combination c : List.of(KEPT, CHANGED, REMOVED)) {
            SeriesState s = st.of(c.scheduler(), c.model(), c.query()).computeIfAbsent(A, l -> new SeriesState());
            s.lastSeen = 1_000;
            s.lastUsed = 2_000;
            s.model = ModelRegistry.standard().create("zscore_online", Map.of())
                    .fit(Series.of(new long[] {0, 60_000, 120_000}, new double[] {1, 2, 4}));
        }
        return st;
    }

    @Test
    void retire_changedCombination_dropsItsModelsAndKeepsWhereItsSeriesResume() {
        SeriesStates st = withModels();

        st.retire(List.of(REMOVED), List.of(CHANGED));

        assertThat(st.has("p", "r", "q")).isFalse();
        SeriesState changed = st.of("p", "c", "q").get(A);
        assertThat(changed.model).as("refitted").isNull();
        assertThat(changed.lastSeen).as("scored once: resumes after its last point").isEqualTo(1_000);
        assertThat(changed.lastUsed).isEqualTo(2_000);
        assertThat(st.of("p", "k", "q").get(A).model).as("kept").isNotNull();
    }

    @Test
    void guard_jobStartedBeforeTheReload_isNotCurrentForRetiredCombinationsOnly() {
        SeriesStates st = withModels();
        long before = st.generation();

        long after = st.retire(List.of(REMOVED), List.of(CHANGED));

        assertThat(after).isGreaterThan(before);
        try (SeriesStates.Guard g = st.guard(REMOVED, before)) {
            assertThat(g.current()).as("removed after the job started").isFalse();
        }
        try (SeriesStates.Guard g = st.guard(CHANGED, before)) {
            assertThat(g.current()).as("changed after the job started").isFalse();
        }
        try (SeriesStates.Guard g = st.guard(KEPT, before)) {
            assertThat(g.current()).isTrue();
        }
        try (SeriesStates.Guard g = st.guard(CHANGED, after)) {
            assertThat(g.current()).as("a job of the new configuration").isTrue();
        }
    }

    @Test
    void retire_whileAStageHoldsItsGuard_waitsForTheStage() throws Exception {
        SeriesStates st = withModels();
        CountDownLatch retired = new CountDownLatch(1);
        Thread reload;
        try (SeriesStates.Guard g = st.guard(REMOVED, st.generation())) {
            assertThat(g.current()).isTrue();
            reload = new Thread(() -> {
                st.retire(List.of(REMOVED), List.of());
                retired.countDown();
            });
            reload.start();
            assertThat(retired.await(300, TimeUnit.MILLISECONDS)).as("waits for the stage in progress").isFalse();
            assertThat(st.has("p", "r", "q")).as("the stage still sees its state").isTrue();
        }
        assertThat(retired.await(5, TimeUnit.SECONDS)).isTrue();
        reload.join();
        assertThat(st.has("p", "r", "q")).isFalse();
    }
}
