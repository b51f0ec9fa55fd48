package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatchUpTest {

    static final Labels A = Labels.of("__name__", "m", "s", "a");
    static final Labels B = Labels.of("__name__", "m", "s", "b");
    static final long STEP = 10_000;

    @Test
    void of_inferOnlyJob_startsAfterTheOldestRaisedPointAndFiltersPerSeries() {
        Map<Labels, Long> seen = Map.of(A, 50_000L, B, 200_000L);
        CatchUp c = CatchUp.of(Instant.ofEpochMilli(300_000), seen, 100_000, false);
        assertThat(c.start()).isEqualTo(Instant.ofEpochMilli(100_001));
        assertThat(c.lastSeen()).containsEntry(A, 100_000L).containsEntry(B, 200_000L).hasSize(2);
    }

    @Test
    void of_jobThatFits_widensTheStartButKeepsEveryPointForTheFit() {
        CatchUp wide = CatchUp.of(Instant.ofEpochMilli(300_000), Map.of(A, 150_000L), 100_000, true);
        assertThat(wide.start()).isEqualTo(Instant.ofEpochMilli(150_001));
        assertThat(wide.lastSeen()).isEmpty();
        // a fit window reaching further back than the catch-up is kept whole
        CatchUp fit = CatchUp.of(Instant.ofEpochMilli(0), Map.of(A, 150_000L), 100_000, true);
        assertThat(fit.start()).isEqualTo(Instant.ofEpochMilli(0));
    }

    @Test
    void of_catchUpOff_readsTheJobWindowUnfiltered() {
        CatchUp c = CatchUp.of(Instant.ofEpochMilli(300_000), Map.of(A, 1L), Long.MIN_VALUE, false);
        assertThat(c.start()).isEqualTo(Instant.ofEpochMilli(300_000));
        assertThat(c.lastSeen()).isEmpty();
    }

    @Test
    void beyond_seriesBackAfterALongGap_countsTheStepSlotsUpToTheFloor() {
        Map<Labels, Long> seen = Map.of(A, 20_000L, B, 20_000L);
        Series a = Series.of(A, new long[] {110_000, 120_000}, new double[] {1, 2});
        Series b = Series.empty(B); // still silent: nothing counted
        CatchUp.Beyond got = CatchUp.beyond(seen, 100_000, STEP, List.of(a, b));
        // slots 30 s .. 100 s: 8
        assertThat(got).isEqualTo(new CatchUp.Beyond(8, 1));
        assertThat(CatchUp.beyond(Map.of(A, 100_000L), 100_000, STEP, List.of(a))).isEqualTo(new CatchUp.Beyond(0, 0));
        assertThat(CatchUp.beyond(seen, Long.MIN_VALUE, STEP, List.of(a))).isEqualTo(new CatchUp.Beyond(0, 0));
    }

    @Test
    void of_everySeriesWithinTheLimit_keepsTheMapAsIsAndCountsNoneBelow() {
        Map<Labels, Long> seen = Map.of(A, 150_000L, B, 200_000L);

        CatchUp c = CatchUp.of(Instant.ofEpochMilli(300_000), seen, 100_000, false);

        assertThat(c.lastSeen()).isSameAs(seen);
        assertThat(c.belowFloor()).isZero();
        assertThat(c.start()).isEqualTo(Instant.ofEpochMilli(150_001));
    }

    @Test
    void of_seriesBeforeTheLimit_raisedInACopyAndCounted() {
        Map<Labels, Long> seen = new java.util.HashMap<>(Map.of(A, 50_000L, B, 200_000L));

        CatchUp c = CatchUp.of(Instant.ofEpochMilli(300_000), seen, 100_000, false);
        CatchUp fit = CatchUp.of(Instant.ofEpochMilli(300_000), seen, 100_000, true);

        assertThat(c.belowFloor()).isEqualTo(1);
        assertThat(fit.belowFloor()).isEqualTo(1);
        assertThat(c.lastSeen()).isNotSameAs(seen).containsEntry(A, 100_000L);
        assertThat(seen).containsEntry(A, 50_000L);
    }
}
