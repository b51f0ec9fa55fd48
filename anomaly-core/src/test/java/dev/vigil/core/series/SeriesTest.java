package dev.vigil.core.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeriesTest {

    private static final Labels CPU = Labels.of("__name__", "cpu", "mode", "idle");

    private static Series fiveMinutely() {
        // 0, 60 000, ..., 240 000 ms with values 10, 11, NaN, 13, 14
        return Series.of(CPU, new long[] {0, 60_000, 120_000, 180_000, 240_000},
                new double[] {10, 11, Double.NaN, 13, 14});
    }

    @Test
    void of_unequalLengths_throwsNamingBothLengthsAndLabels() {
        assertThatThrownBy(() -> Series.of(CPU, new long[] {1, 2, 3}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 timestamps but 2 values")
                .hasMessageContaining("cpu{mode=\"idle\"}");
    }

    @Test
    void of_equalTimestamps_throwsNamingIndexAndValues() {
        assertThatThrownBy(() -> Series.of(CPU, new long[] {1000, 2000, 2000}, new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increasing")
                .hasMessageContaining("timestamp[2] = 2000 ms")
                .hasMessageContaining("timestamp[1] = 2000 ms");
    }

    @Test
    void of_decreasingTimestamps_throwsNamingFirstOffendingIndex() {
        assertThatThrownBy(() -> Series.of(new long[] {10, 20, 15, 5}, new double[] {1, 2, 3, 4}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timestamp[2] = 15 ms follows timestamp[1] = 20 ms");
    }

    @Test
    void ofOwned_validArrays_takesThemOverWithoutCopy() {
        long[] ts = {0, 60_000};
        double[] vs = {1.5, 2.5};
        Series s = Series.ofOwned(CPU, ts, vs);
        vs[1] = 7; // the caller must not do this; here it shows that no copy was made
        assertThat(s.value(1)).isEqualTo(7.0);
        assertThat(Series.of(CPU, ts, vs)).isEqualTo(s);
    }

    @Test
    void ofOwned_decreasingTimestamps_throwsAsOf() {
        assertThatThrownBy(() -> Series.ofOwned(CPU, new long[] {10, 20, 15}, new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timestamp[2] = 15 ms follows timestamp[1] = 20 ms");
    }

    @Test
    void of_nullArgument_throwsNamingIt() {
        assertThatThrownBy(() -> Series.of(CPU, null, new double[0])).hasMessageContaining("timestamps");
        assertThatThrownBy(() -> Series.of(CPU, new long[0], null)).hasMessageContaining("values");
        assertThatThrownBy(() -> Series.of(null, new long[0], new double[0])).hasMessageContaining("labels");
    }

    @Test
    void of_inputArraysMutatedAfterwards_seriesUnchanged() {
        long[] t = {1, 2, 3};
        double[] v = {10, 20, 30};
        Series s = Series.of(CPU, t, v);
        t[0] = 99;
        v[1] = -1;

        assertThat(s.timestamp(0)).isEqualTo(1);
        assertThat(s.value(1)).isEqualTo(20.0);
    }

    @Test
    void accessors_returnedCopiesMutated_seriesUnchanged() {
        Series s = fiveMinutely();
        s.timestamps()[0] = 42;
        s.values()[0] = 42;

        assertThat(s.timestamp(0)).isZero();
        assertThat(s.value(0)).isEqualTo(10.0);
        assertThat(s.timestamps()).containsExactly(0, 60_000, 120_000, 180_000, 240_000);
    }

    @Test
    void finiteCount_nanAndInfinity_notCounted() {
        Series s = Series.of(new long[] {1, 2, 3, 4}, new double[] {1, Double.NaN, Double.POSITIVE_INFINITY, 4});

        assertThat(s.finiteCount()).isEqualTo(2);
        assertThat(s.size()).isEqualTo(4);
    }

    @Test
    void slice_range_copiesRowsKeepingLabels() {
        Series s = fiveMinutely().slice(1, 4);

        assertThat(s.timestamps()).containsExactly(60_000, 120_000, 180_000);
        assertThat(s.values()).containsExactly(11, Double.NaN, 13);
        assertThat(s.labels()).isEqualTo(CPU);
    }

    @Test
    void slice_wholeRange_returnsSameInstance() {
        Series s = fiveMinutely();

        assertThat(s.slice(0, s.size())).isSameAs(s);
        assertThat(s.slice(2, 2).isEmpty()).isTrue();
    }

    @Test
    void slice_badRange_throwsNamingRangeAndSize() {
        Series s = fiveMinutely();

        assertThatThrownBy(() -> s.slice(3, 2)).isInstanceOf(IndexOutOfBoundsException.class)
                .hasMessageContaining("[3, 2)").hasMessageContaining("5");
        assertThatThrownBy(() -> s.slice(-1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> s.slice(0, 6)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void between_halfOpenInterval_includesStartExcludesEnd() {
        Series s = fiveMinutely();

        assertThat(s.between(60_000, 180_000).timestamps()).containsExactly(60_000, 120_000);
        assertThat(s.between(59_999, 180_001).timestamps()).containsExactly(60_000, 120_000, 180_000);
        assertThat(s.between(Long.MIN_VALUE, Long.MAX_VALUE)).isSameAs(s);
        assertThat(s.between(300_000, 400_000).isEmpty()).isTrue();
    }

    @Test
    void between_endBeforeStart_isEmpty() {
        Series s = fiveMinutely();

        assertThat(s.between(180_000, 60_000).isEmpty()).isTrue();
        assertThat(s.between(180_000, 180_000).isEmpty()).isTrue();
    }

    @Test
    void after_lastSeen_returnsStrictlyNewer() {
        Series s = fiveMinutely();

        assertThat(s.after(120_000).timestamps()).containsExactly(180_000, 240_000);
        assertThat(s.after(119_999).timestamps()).containsExactly(120_000, 180_000, 240_000);
        assertThat(s.after(Long.MIN_VALUE)).isSameAs(s);
        assertThat(s.after(Long.MAX_VALUE).isEmpty()).isTrue();
        assertThat(s.after(240_000).isEmpty()).isTrue();
    }

    @Test
    void indexAtOrAfter_exactBetweenAndBeyond_givesInsertionIndex() {
        Series s = fiveMinutely();

        assertThat(s.indexAtOrAfter(120_000)).isEqualTo(2);
        assertThat(s.indexAtOrAfter(120_001)).isEqualTo(3);
        assertThat(s.indexAtOrAfter(-5)).isZero();
        assertThat(s.indexAtOrAfter(240_001)).isEqualTo(5);
    }

    @Test
    void indexAtOrAfter_randomSeries_matchesLinearScan() {
        SplittableRandom rnd = new SplittableRandom(3L);
        for (int k = 0; k < 200; k++) {
            int n = rnd.nextInt(0, 50);
            long[] t = new long[n];
            long cur = rnd.nextLong(-1000, 1000);
            for (int i = 0; i < n; i++) {
                cur += rnd.nextLong(1, 100);
                t[i] = cur;
            }
            Series s = Series.of(t, new double[n]);
            long q = rnd.nextLong(-1200, cur + 100);
            int expected = 0;
            while (expected < n && t[expected] < q) {
                expected++;
            }
            assertThat(s.indexAtOrAfter(q)).isEqualTo(expected);
        }
    }

    @Test
    void firstAndLastTimestamp_emptySeries_throwsNamingLabels() {
        Series e = Series.empty(CPU);

        assertThatThrownBy(e::firstTimestamp).isInstanceOf(IllegalStateException.class).hasMessageContaining("cpu");
        assertThatThrownBy(e::lastTimestamp).isInstanceOf(IllegalStateException.class);
        assertThat(fiveMinutely().firstTimestamp()).isZero();
        assertThat(fiveMinutely().lastTimestamp()).isEqualTo(240_000);
    }

    @Test
    void equals_sameContentWithNan_equalAndSameHash() {
        assertThat(fiveMinutely()).isEqualTo(fiveMinutely());
        assertThat(fiveMinutely().hashCode()).isEqualTo(fiveMinutely().hashCode());
        assertThat(fiveMinutely()).isNotEqualTo(fiveMinutely().withLabels(Labels.empty()));
        assertThat(fiveMinutely()).isNotEqualTo(fiveMinutely().slice(0, 4));
    }

    @Test
    void withLabels_newLabels_keepsPoints() {
        Series s = fiveMinutely().withLabels(Labels.of("a", "b"));

        assertThat(s.labels()).isEqualTo(Labels.of("a", "b"));
        assertThat(s.values()).containsExactly(10, 11, Double.NaN, 13, 14);
    }

    @Test
    void toString_nonEmpty_showsLabelsSizeAndSpan() {
        assertThat(fiveMinutely().toString()).isEqualTo("Seriescpu{mode=\"idle\"}[5 points, 0..240000 ms]");
        assertThat(Series.empty(Labels.empty()).toString()).isEqualTo("Series{}[0 points]");
    }
}
