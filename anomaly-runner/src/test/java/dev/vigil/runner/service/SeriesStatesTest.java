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

    @Test
    void tryGuard_whileARetirementWaits_returnsNullAtOnceAndAGuardAfterIt() throws Exception {
        SeriesStates st = withModels();
        long before = st.generation();
        try (SeriesStates.Guard free = st.tryGuard(CHANGED, before)) {
            assertThat(free).isNotNull();
            assertThat(free.current()).isTrue();
        }
        CountDownLatch retired = new CountDownLatch(1);
        Thread reload;
        SeriesStates.Guard stage = st.guard(REMOVED, before);
        try {
            reload = new Thread(() -> {
                st.retire(List.of(REMOVED), List.of(CHANGED));
                retired.countDown();
            });
            reload.start();
            long until = System.nanoTime() + 5_000_000_000L;
            SeriesStates.Guard g;
            while ((g = st.tryGuard(KEPT, before)) != null && System.nanoTime() < until) {
                g.close(); // the reload has not queued yet
                Thread.sleep(1);
            }
            assertThat(g).as("no guard while the reload waits, and no wait for it").isNull();
        } finally {
            stage.close();
        }
        assertThat(retired.await(5, TimeUnit.SECONDS)).isTrue();
        reload.join();
        try (SeriesStates.Guard after = st.tryGuard(CHANGED, before)) {
            assertThat(after).isNotNull();
            assertThat(after.current()).as("retired after the job's generation").isFalse();
        }
        try (SeriesStates.Guard kept = st.tryGuard(KEPT, before)) {
            assertThat(kept.current()).isTrue();
        }
    }

    @Test
    void lastSeen_oneOrTwoModels_theOldestPerSeriesAndNoneForUnscoredSeries() {
        SeriesStates st = new SeriesStates();
        Labels b = Labels.of(Map.of("host", "b"));
        Labels c = Labels.of(Map.of("host", "c"));
        st.of("p", "k", "q").computeIfAbsent(A, l -> new SeriesState()).lastSeen = 5_000;
        st.of("p", "k", "q").computeIfAbsent(b, l -> new SeriesState()).lastSeen = 3_000;
        st.of("p", "k", "q").computeIfAbsent(c, l -> new SeriesState()); // not scored yet
        st.of("p", "c", "q").computeIfAbsent(A, l -> new SeriesState()).lastSeen = 4_000;
        st.of("p", "c", "q").computeIfAbsent(b, l -> new SeriesState()).lastSeen = 9_000;
        var spec = ModelRegistry.standard().create("zscore_online", Map.of());
        var k = new dev.vigil.config.ModelConfig("k", "zscore_online", Map.of(), List.of("q"), List.of("p"),
                Map.of("q", spec));
        var ch = new dev.vigil.config.ModelConfig("c", "zscore_online", Map.of(), List.of("q"), List.of("p"),
                Map.of("q", spec));
        var none = new dev.vigil.config.ModelConfig("n", "zscore_online", Map.of(), List.of("q"), List.of("p"),
                Map.of("q", spec));

        assertThat(st.lastSeen("p", "q", List.of(k))).isEqualTo(Map.of(A, 5_000L, b, 3_000L));
        assertThat(st.lastSeen("p", "q", List.of(k, ch, none))).isEqualTo(Map.of(A, 4_000L, b, 3_000L));
        assertThat(st.lastSeen("p", "q", List.of(none))).isEmpty();
    }
}
