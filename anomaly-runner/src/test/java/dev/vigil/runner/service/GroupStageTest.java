package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.config.ModelConfig;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.scheduler.Job;
import dev.vigil.vm.OutputSeries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The alignment, grouping and labelling rules of multivariate and peer models in the runner. */
class GroupStageTest {

    static final long MIN = 60_000;

    static Series series(Labels l, long[] t, double[] v) {
        return Series.of(l, t, v);
    }

    @Test
    void align_gapOrNaNInOneChannel_dropsThatRowOnly() {
        Series a = series(Labels.of("__name__", "a"), new long[] {0, MIN, 2 * MIN, 3 * MIN}, new double[] {1, 2, 3, 4});
        Series b = series(Labels.of("__name__", "b"), new long[] {0, 2 * MIN, 3 * MIN}, new double[] {10, 30, Double.NaN});
        GroupStage.Rows r = GroupStage.Rows.align(List.of(a, b), 0, 3 * MIN);
        assertThat(r.timestamps).containsExactly(0, 2 * MIN);
        assertThat(r.rows[0]).containsExactly(1, 10);
        assertThat(r.rows[1]).containsExactly(3, 30);
        assertThat(GroupStage.Rows.align(List.of(a, b), MIN, MIN).timestamps).isEmpty();
    }

    @Test
    void common_labelsSharedByAllChannels_kept() {
        List<Series> s = List.of(
                series(Labels.of("__name__", "cpu", "host", "h1", "job", "node", "mode", "x"), new long[0], new double[0]),
                series(Labels.of("__name__", "mem", "host", "h1", "job", "node"), new long[0], new double[0]));
        assertThat(GroupStage.common(s)).isEqualTo(Labels.of("host", "h1", "job", "node"));
    }

    @Test
    void groupOf_missingGroupbyLabel_countsAsEmpty() {
        assertThat(GroupStates.groupOf(Labels.of("host", "h1", "dc", "eu"), List.of("dc", "rack")))
                .isEqualTo(Labels.of("dc", "eu", "rack", ""));
        assertThat(GroupStates.groupOf(Labels.of("host", "h1"), List.of())).isEqualTo(Labels.empty());
    }

    static ModelConfig iso(List<String> groupby) {
        Map<String, Object> args = groupby.isEmpty() ? Map.of() : Map.of("groupby", groupby);
        var spec = ModelRegistry.standard().create("isolation_forest_multivariate", Map.of());
        return new ModelConfig("iso", "isolation_forest_multivariate", args, List.of("q1", "q2"), List.of("s"),
                Map.of("q1", spec, "q2", spec));
    }

    /** Two channels per host, q1 and q2, 200 minutes; host h2's q1 jumps at minute 150. */
    static Map<String, List<Series>> data(boolean dropH1Q2) {
        SplittableRandom r = new SplittableRandom(3);
        Map<String, List<Series>> read = Map.of("q1", new ArrayList<>(), "q2", new ArrayList<>());
        for (String h : List.of("h1", "h2")) {
            for (String q : List.of("q1", "q2")) {
                if (dropH1Q2 && h.equals("h1") && q.equals("q2")) {
                    continue;
                }
                long[] t = new long[200];
                double[] v = new double[200];
                for (int i = 0; i < 200; i++) {
                    t[i] = i * MIN;
                    v[i] = 10 + r.nextGaussian() + (h.equals("h2") && q.equals("q1") && i == 150 ? 20 : 0);
                }
                read.get(q).add(series(Labels.of("__name__", q, "host", h), t, v));
            }
        }
        return read;
    }

    /** Each query's series held in memory, as a reader that does not park gives them. */
    static Map<String, ReadSeries> held(Map<String, List<Series>> read) {
        Map<String, ReadSeries> out = new java.util.LinkedHashMap<>();
        read.forEach((q, series) -> out.put(q, ReadSeries.of(series)));
        return out;
    }

    /** Each query's series parked in a file under {@code dir}. */
    static Map<String, ReadSeries> parked(Map<String, List<Series>> read, java.nio.file.Path dir) throws Exception {
        Map<String, ReadSeries> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, List<Series>> e : read.entrySet()) {
            dev.vigil.vm.SeriesPark park = dev.vigil.vm.SeriesPark.open(dir);
            e.getValue().forEach(park::add);
            out.put(e.getKey(), ReadSeries.parked(park));
        }
        return out;
    }

    @Test
    void run_parkedReads_sameOutputsAsTheReadsInMemory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        List<OutputSeries> held = new ArrayList<>();
        GroupStage.Tally th = GroupStage.run("s", iso(List.of("host")), List.of("q1", "q2"), held(data(false)),
                fitInfer(), new GroupStates(), held);
        List<OutputSeries> parked = new ArrayList<>();
        Map<String, ReadSeries> read = parked(data(false), dir);
        GroupStage.Tally tp = GroupStage.run("s", iso(List.of("host")), List.of("q1", "q2"), read, fitInfer(),
                new GroupStates(), parked);
        read.values().forEach(ReadSeries::close);
        assertThat(tp).isEqualTo(th);
        assertThat(parked).hasSize(2).isEqualTo(held);
    }

    static Job fitInfer() {
        return new Job(Instant.ofEpochMilli(200 * MIN), Job.Stage.FIT_INFER, Instant.EPOCH,
                Instant.ofEpochMilli(100 * MIN), Instant.ofEpochMilli(100 * MIN), Instant.ofEpochMilli(199 * MIN));
    }

    @Test
    void run_groupbyHost_oneJointScorePerHostWithCommonLabels() {
        List<OutputSeries> out = new ArrayList<>();
        GroupStage.Tally t = GroupStage.run("s", iso(List.of("host")), List.of("q1", "q2"), held(data(false)), fitInfer(),
                new GroupStates(), out);
        assertThat(out).hasSize(2);
        assertThat(out).allSatisfy(o -> {
            assertThat(o.variable()).isEqualTo("anomaly_score");
            assertThat(o.queryKey()).isEqualTo("q1,q2");
            assertThat(o.series().size()).isEqualTo(99);
            assertThat(o.series().labels().asMap()).containsOnlyKeys("host");
        });
        Series h2 = out.stream().filter(o -> "h2".equals(o.series().labels().get("host"))).findFirst().orElseThrow()
                .series();
        assertThat(h2.value(h2.indexAtOrAfter(150 * MIN))).isGreaterThan(1.0);
        assertThat(t.runs()).isEqualTo(4);
        assertThat(t.produced()).isEqualTo(198);
    }

    @Test
    void run_noGroupby_oneModelOverAllChannels() {
        List<OutputSeries> out = new ArrayList<>();
        GroupStage.run("s", iso(List.of()), List.of("q1", "q2"), held(data(false)), fitInfer(), new GroupStates(), out);
        assertThat(out).singleElement().satisfies(o -> assertThat(o.series().labels()).isEqualTo(Labels.empty()));
    }

    @Test
    void run_channelMissingAtInference_groupSkippedUntilNextFit() {
        GroupStates st = new GroupStates();
        ModelConfig m = iso(List.of("host"));
        Job fit = new Job(Instant.ofEpochMilli(100 * MIN), Job.Stage.FIT, Instant.EPOCH, Instant.ofEpochMilli(100 * MIN),
                null, null);
        GroupStage.run("s", m, List.of("q1", "q2"), held(data(false)), fit, st, new ArrayList<>());
        Job infer = new Job(Instant.ofEpochMilli(200 * MIN), Job.Stage.INFER, null, null,
                Instant.ofEpochMilli(100 * MIN), Instant.ofEpochMilli(199 * MIN));
        List<OutputSeries> out = new ArrayList<>();
        GroupStage.Tally t = GroupStage.run("s", m, List.of("q1", "q2"), held(data(true)), infer, st, out);
        assertThat(out).singleElement().satisfies(o -> assertThat(o.series().labels().get("host")).isEqualTo("h2"));
        assertThat(t.skipped()).isEqualTo(1);
        // A second inference scores only rows newer than the last one scored.
        List<OutputSeries> again = new ArrayList<>();
        GroupStage.run("s", m, List.of("q1", "q2"), held(data(false)), infer, st, again);
        assertThat(again).singleElement().satisfies(o -> assertThat(o.series().labels().get("host")).isEqualTo("h1"));
    }

    @Test
    void peer_newPeerInWarmedGroup_scoredAtOnceAndOthersStayQuiet() {
        var spec = ModelRegistry.standard().create("peer_outlier", Map.of("tolerance", 8));
        ModelConfig m = new ModelConfig("p", "peer_outlier", Map.of("groupby", List.of("dc")), List.of("q"),
                List.of("s"), Map.of("q", spec));
        SplittableRandom r = new SplittableRandom(11);
        List<Series> peers = new ArrayList<>();
        for (int p = 0; p < 7; p++) {
            int from = p == 6 ? 150 : 0; // peer 6 appears at minute 150, 5 above the others
            long[] t = new long[200 - from];
            double[] v = new double[200 - from];
            for (int i = from; i < 200; i++) {
                t[i - from] = i * MIN;
                v[i - from] = 50 + p * 0.1 + r.nextGaussian() + (p == 6 ? 10 : 0);
            }
            peers.add(series(Labels.of("__name__", "q", "peer", "p" + p, "dc", "eu"), t, v));
        }
        List<OutputSeries> out = new ArrayList<>();
        PeerStage.run("s", m, "q", ReadSeries.of(peers), fitInfer(), new GroupStates(), out);
        List<OutputSeries> scores = out.stream().filter(o -> o.variable().equals("anomaly_score")).toList();
        assertThat(scores).hasSize(7);
        for (OutputSeries o : scores) {
            Series s = o.series();
            if ("p6".equals(s.labels().get("peer"))) {
                assertThat(s.size()).isEqualTo(50);
                assertThat(s.value(0)).isGreaterThan(1.0);
            } else {
                assertThat(s.size()).isEqualTo(99);
                for (int i = 0; i < s.size(); i++) {
                    assertThat(s.value(i)).as("%s row %d", s.labels(), i).isLessThanOrEqualTo(1.0);
                }
            }
        }
        OutputSeries yhat = out.stream().filter(o -> o.variable().equals("yhat")).findFirst().orElseThrow();
        assertThat(yhat.series().value(0)).isCloseTo(50.3, within(3.0));
    }
}
