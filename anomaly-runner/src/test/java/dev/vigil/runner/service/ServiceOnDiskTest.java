package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.config.QueryConfig;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.io.SeriesReader;
import dev.vigil.runner.monitoring.RunnerMetrics;
import dev.vigil.runner.scheduler.ManualTicker;
import dev.vigil.runner.service.ServicePeriodicTest.FakeReader;
import dev.vigil.runner.service.ServicePeriodicTest.FakeWriter;
import dev.vigil.runner.state.Combination;
import dev.vigil.runner.state.StateStore;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On-disk mode ({@code VMANOMALY_MODEL_DUMPS_DIR} without {@code restore_state}) and
 * {@code settings.retention}, on a simulated clock.
 */
class ServiceOnDiskTest {

    static final Instant START = ServicePeriodicTest.START;

    @TempDir
    Path dir;

    /** {@link FakeReader}'s hosts, less those {@code drop} refuses at the clock's time. */
    record FilteringReader(FakeReader inner, BiPredicate<String, Instant> keep) implements SeriesReader {
        @Override
        public Result read(QueryConfig q, Instant start, Instant end, Map<Labels, Long> lastSeen) throws IOException {
            Result r = inner.read(q, start, end, lastSeen);
            List<Series> out = new ArrayList<>();
            for (Series s : r.series()) {
                if (keep.test(s.labels().get("host"), inner.ticker.now())) {
                    out.add(s);
                }
            }
            return new Result(out, r.bytes(), r.parseSeconds());
        }

        @Override
        public String url() {
            return inner.url();
        }
    }

    /**
     * Runs {@code jobs} jobs of {@code yaml} from {@link #START}, with {@code store} (or none), reading
     * the hosts {@code keep} allows; {@code afterEachJob} sees the service after each job.
     */
    static FakeWriter run(String yaml, int jobs, StateStore store, BiPredicate<String, Instant> keep,
                          Consumer<AnomalyService> afterEachJob) throws Exception {
        RunnerConfig c = RunnerConfigs.parse(yaml, "p.yml", Map.of(), ModelRegistry.standard());
        ManualTicker ticker = new ManualTicker(START);
        FakeWriter writer = new FakeWriter(i -> false);
        int[] done = {0};
        AnomalyService[] ref = new AnomalyService[1];
        try (AnomalyService s = new AnomalyService(c, new FilteringReader(new FakeReader(ticker, i -> false), keep),
                writer, ticker, new RunnerMetrics(new PrometheusRegistry(), "t"), () -> {
                    afterEachJob.accept(ref[0]);
                    if (++done[0] == jobs) {
                        ref[0].stop();
                    }
                }, store)) {
            ref[0] = s;
            s.run();
        }
        return writer;
    }

    static TreeMap<String, Double> points(FakeWriter w) {
        return ServiceRestoreStateTest.after(w, START.minusSeconds(7200));
    }

    /** Hosts held per model alias, and how many of them have a model in the heap. */
    static Map<String, Set<String>> held(AnomalyService s, boolean inHeapOnly) {
        Map<String, Set<String>> out = new TreeMap<>();
        s.heldStates().forEach((c, states) -> states.forEach((l, st) -> {
            if (!inHeapOnly || st.model != null) {
                out.computeIfAbsent(c.model(), k -> new TreeSet<>()).add(l.get("host"));
            }
        }));
        return out;
    }

    static Set<String> hostsIn(StateStore store, Combination c, RunnerConfig config) throws IOException {
        StateStore.Header h = store.header(c);
        Set<String> out = new TreeSet<>();
        if (h != null) {
            store.load(h, config.models().get(c.model()).specs().get(c.query())).keySet()
                    .forEach(l -> out.add(l.get("host")));
        }
        return out;
    }

    @Test
    void onDisk_periodicJobs_scoreExactlyAsInMemoryAndHoldNoModelBetweenJobs() throws Exception {
        String yaml = ServicePeriodicTest.config(ServiceRestoreStateTest.OFFLINE);
        FakeWriter inMemory = run(yaml, 25, null, (h, t) -> true, s -> { });

        StateStore store = StateStore.in(dir, ModelRegistry.standard());
        List<Map<String, Set<String>>> inHeap = new ArrayList<>();
        List<Map<String, Set<String>>> indexed = new ArrayList<>();
        FakeWriter onDisk = run(yaml, 25, store, (h, t) -> true, s -> {
            inHeap.add(held(s, true));
            indexed.add(held(s, false));
        });

        assertThat(points(onDisk)).isEqualTo(points(inMemory)).isNotEmpty();
        // Between jobs no model is in the heap; the index still knows every series.
        assertThat(inHeap).hasSize(25).allSatisfy(m -> assertThat(m).isEmpty());
        assertThat(indexed.get(24)).containsEntry("z", Set.of("a", "b", "c")).containsEntry("o", Set.of("a", "b", "c"));
        RunnerConfig c = RunnerConfigs.parse(yaml, "p.yml", Map.of(), ModelRegistry.standard());
        assertThat(hostsIn(store.dumps(), new Combination("p", "z", "q"), c)).containsExactly("a", "b", "c");
        assertThat(hostsIn(store.dumps(), new Combination("p", "o", "q"), c)).containsExactly("a", "b", "c");
        assertThat(store.headers()).as("no restore_state file is written").isEmpty();
    }

    @Test
    void onDisk_start_deletesDumpsLeftByAnEarlierRun() throws Exception {
        StateStore store = StateStore.in(dir, ModelRegistry.standard());
        Path stale = store.dumps().dir().resolve("0123456789abcdef01234567.state");
        Files.createDirectories(stale.getParent());
        Files.write(stale, new byte[] {1, 2, 3});
        Files.write(store.dumps().dir().resolve("x.state.1.tmp"), new byte[] {1});
        String yaml = ServicePeriodicTest.config("");
        run(yaml, 1, store, (h, t) -> true, s -> { });
        assertThat(stale).doesNotExist();
        assertThat(Files.exists(store.dumps().header(new Combination("p", "z", "q")).file())).isTrue();
        try (var files = Files.list(store.dumps().dir())) {
            assertThat(files).hasSize(1);
        }
    }

    static final String RETENTION = "settings:\n  retention:\n    ttl: 5m\n    check_interval: 1m\n";

    /** Host "b" leaves the query's results at 3 min. */
    static boolean bLeavesAt3m(String host, Instant t) {
        return !host.equals("b") || t.isBefore(START.plusSeconds(180));
    }

    @Test
    void retention_seriesGoneLongerThanTtl_losesItsModelInMemoryAndDumps() throws Exception {
        String yaml = ServicePeriodicTest.config(ServiceRestoreStateTest.OFFLINE) + RETENTION;
        StateStore store = StateStore.in(dir, ModelRegistry.standard());
        RunnerConfig c = RunnerConfigs.parse(yaml, "p.yml", Map.of(), ModelRegistry.standard());
        List<Map<String, Set<String>>> indexed = new ArrayList<>();
        List<Set<String>> dumped = new ArrayList<>();
        run(yaml, 12, store, ServiceOnDiskTest::bLeavesAt3m, s -> {
            indexed.add(held(s, false));
            try {
                dumped.add(hostsIn(store.dumps(), new Combination("p", "z", "q"), c));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        // Jobs at 0..11 min; "b" last read at 2 min: kept up to 7 min (ttl 5m), dropped at the check of 8 min.
        assertThat(indexed.get(7).get("z")).contains("b");
        assertThat(dumped.get(7)).contains("b");
        assertThat(indexed.get(8).get("z")).doesNotContain("b").contains("a", "c");
        assertThat(indexed.get(8).get("o")).doesNotContain("b").contains("a", "c");
        assertThat(dumped.get(8)).containsExactly("a", "c");
        assertThat(indexed.get(11).get("z")).containsExactly("a", "c");
    }

    @Test
    void retention_withRestoreState_dropsTheSeriesFromTheStoredState() throws Exception {
        String yaml = ServicePeriodicTest.config(ServiceRestoreStateTest.OFFLINE)
                + RETENTION.replace("settings:\n", "settings:\n  restore_state: true\n");
        StateStore store = StateStore.in(dir, ModelRegistry.standard());
        RunnerConfig c = RunnerConfigs.parse(yaml, "p.yml", Map.of(), ModelRegistry.standard());
        List<Set<String>> stored = new ArrayList<>();
        List<Map<String, Set<String>>> inHeap = new ArrayList<>();
        run(yaml, 10, store, ServiceOnDiskTest::bLeavesAt3m, s -> {
            inHeap.add(held(s, true));
            try {
                stored.add(hostsIn(store, new Combination("p", "o", "q"), c));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        // restore_state keeps the models in the heap too; the offline model's file (written after fits
        // only) loses "b" at the retention check of 8 min, not at its next fit at 10 min.
        assertThat(inHeap.get(7).get("o")).contains("a", "b", "c");
        assertThat(stored.get(7)).contains("b");
        assertThat(stored.get(8)).containsExactly("a", "c");
        assertThat(inHeap.get(8).get("o")).containsExactly("a", "c");
        assertThat(store.dumps().dir()).doesNotExist();
    }

    @Test
    void retention_off_keepsTheModelOfAGoneSeries() throws Exception {
        String yaml = ServicePeriodicTest.config("");
        List<Map<String, Set<String>>> inHeap = new ArrayList<>();
        run(yaml, 12, null, ServiceOnDiskTest::bLeavesAt3m, s -> inHeap.add(held(s, true)));
        assertThat(inHeap.get(11).get("z")).containsExactly("a", "b", "c");
    }
}
