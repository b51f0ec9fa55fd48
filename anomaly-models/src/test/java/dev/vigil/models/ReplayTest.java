package dev.vigil.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.testing.StubSpec;
import dev.vigil.models.zscore.ZscoreModels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The refit schedule of {@link Replay}: when it refits, on which rows, and what a failed fit does. */
class ReplayTest {

    static final long T0 = 1_704_067_200_000L;
    static final long MIN = 60_000L;

    /**
     * An offline stub that remembers every fit: fit number k (from 0) scores every row k, its yhat is
     * the number of rows it was fitted on. Fits on fewer than {@code minRows} finite rows fail.
     */
    static final class Recording {
        final List<long[]> fits = new ArrayList<>(); // {first timestamp, last timestamp, rows}
        final StubSpec spec;

        Recording(int minRows) {
            this.spec = StubSpec.offline("recording", train -> {
                if (train.finiteCount() < minRows) {
                    throw new InsufficientDataException("recording: " + train.finiteCount() + " rows");
                }
                int id = fits.size();
                fits.add(new long[] {train.firstTimestamp(), train.lastTimestamp(), train.size()});
                return data -> StubSpec.constant(data, train.size(), Double.NaN, Double.NaN, id);
            });
        }
    }

    static long[] minutes(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * MIN;
        }
        return t;
    }

    static Series series(long[] t) {
        double[] y = new double[t.length];
        Arrays.fill(y, 1.0);
        return Series.of(t, y);
    }

    @Test
    void run_everyRowsOnTrailingRows_refitsAtEachTickOnTheRowsBeforeIt() {
        Recording rec = new Recording(1);
        Prediction p = Replay.run(rec.spec, series(minutes(32)), 10, Refit.parse("5", "8"), null);
        // fits: [0,10) then at rows 15, 20, 25, 30 on the 8 rows before each
        assertThat(rec.fits).hasSize(5);
        int[] at = {10, 15, 20, 25, 30};
        for (int k = 1; k < at.length; k++) {
            assertThat(rec.fits.get(k)).as("fit %d", k)
                    .containsExactly(T0 + (at[k] - 8) * MIN, T0 + (at[k] - 1) * MIN, 8);
        }
        for (int i = 0; i < 32; i++) {
            int expect = i < 15 ? 0 : (i - 10) / 5;
            assertThat(p.anomalyScore(i)).as("row %d", i).isEqualTo(expect);
        }
    }

    @Test
    void run_everyDurationWithGap_missedTicksCollapseAndWindowIsTimeBased() {
        // rows every minute 0..19, then a gap to minute 50, rows 50..69; first inferred row at minute 10
        long[] t = new long[40];
        for (int i = 0; i < 20; i++) {
            t[i] = T0 + i * MIN;
            t[20 + i] = T0 + (50 + i) * MIN;
        }
        Recording rec = new Recording(1);
        Prediction p = Replay.run(rec.spec, series(t), 10, Refit.parse("4m", "6m"), null);
        // ticks at minutes 14, 18, (22..50 collapse into 50), 54, 58, 62, 66
        List<Long> starts = new ArrayList<>();
        for (long[] f : rec.fits) {
            starts.add((f[1] - T0) / MIN + 1);
        }
        // the collapsed tick at minute 50 has an empty 6-minute window [44, 50): its fit fails and the
        // model of the tick at 18 scores on; the others fit on the rows just before their tick
        assertThat(starts).containsExactly(10L, 14L, 18L, 54L, 58L, 62L, 66L);
        assertThat(p.anomalyScore(19)).isEqualTo(2.0);
        assertThat(p.anomalyScore(20)).isEqualTo(2.0);
        // window of the tick at 54: minutes [48, 54) -> the rows at 50..53
        assertThat(rec.fits.get(3)).containsExactly(T0 + 50 * MIN, T0 + 53 * MIN, 4);
        assertThat(p.anomalyScore(23)).isEqualTo(2.0);
        assertThat(p.anomalyScore(24)).isEqualTo(3.0);
        assertThat(p.anomalyScore(39)).isEqualTo(6.0);
    }

    @Test
    void run_leadingFitFails_rowsUnscoredUntilARefitSucceeds() {
        double[] y = new double[30];
        Arrays.fill(y, 1.0);
        Arrays.fill(y, 0, 12, Double.NaN);
        Recording rec = new Recording(3);
        Prediction p = Replay.run(rec.spec, Series.of(minutes(30), y), 10, Refit.parse("5", "10"), null);
        // fit at 10 (no finite row) fails, at 15 ([5,15): 3 finite rows) succeeds
        for (int i = 0; i < 15; i++) {
            assertThat(p.anomalyScore(i)).as("row %d", i).isNaN();
            assertThat(p.y(i)).as("row %d keeps its value", i).isEqualTo(y[i], org.assertj.core.api.Assertions.within(0.0));
        }
        assertThat(p.anomalyScore(15)).isEqualTo(0.0);
        assertThat(p.yhat(15)).isEqualTo(10.0);
    }

    @Test
    void run_noFitEverSucceeds_throwsTheLeadingFitsException() {
        double[] y = new double[30];
        Arrays.fill(y, Double.NaN);
        Recording rec = new Recording(1);
        assertThatThrownBy(() -> Replay.run(rec.spec, Series.of(minutes(30), y), 10, Refit.parse("5", "10"), null))
                .isInstanceOf(InsufficientDataException.class).hasMessage("recording: 0 rows");
    }

    @Test
    void run_noRefit_fitsOnceLikeBefore() {
        Recording rec = new Recording(1);
        Prediction p = Replay.run(rec.spec, series(minutes(30)), 10, null, null);
        assertThat(rec.fits).hasSize(1);
        assertThat(p.anomalyScore(29)).isEqualTo(0.0);
    }

    @Test
    void spanParse_rowsDurationsAndErrors() {
        assertThat(Refit.Span.parse("288")).isEqualTo(Refit.Span.ofRows(288));
        assertThat(Refit.Span.parse("2h")).isEqualTo(Refit.Span.of(Duration.ofHours(2)));
        assertThat(Refit.Span.parse("P14D")).isEqualTo(Refit.Span.of(Duration.ofDays(14)));
        assertThat(Refit.parse("2h", "14d")).hasToString("every 2h on the last 2w");
        assertThatThrownBy(() -> Refit.Span.parse("0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Refit.Span.parse("-1h")).hasMessageContaining("at least 1ms");
        assertThatThrownBy(() -> Refit.Span.parse("soon")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("soon");
    }

    /** 200 rows of seeded N(0, 1) noise, then 200 rows shifted by +10. */
    static Series shifted(long seed) {
        Random rnd = new Random(seed);
        long[] t = minutes(400);
        double[] y = new double[400];
        for (int i = 0; i < y.length; i++) {
            y[i] = rnd.nextGaussian() + (i >= 200 ? 10 : 0);
        }
        return Series.of(t, y);
    }

    @Test
    void run_learnFalse_onlineModelScoresTheInferredRowsWithTheModelAsFitted() {
        Series s = shifted(11);
        ModelSpec spec = ZscoreModels.builder().decay(0.9).build();

        Prediction frozen = Replay.run(spec, s, 150, null, false, null);
        Prediction learning = Replay.run(spec, s, 150, null, true, null);

        Prediction expected = spec.fit(s.slice(0, 150)).infer(s.slice(150, 400));
        for (int i = 150; i < 400; i++) {
            assertThat(frozen.anomalyScore(i)).as("row %d", i).isEqualTo(expected.anomalyScore(i - 150));
            assertThat(frozen.yhat(i)).isEqualTo(expected.yhat(i - 150));
        }
        // Frozen, the shift stays anomalous to the end; learning (decay 0.9), the model adapts to it.
        for (int i = 200; i < 400; i++) {
            assertThat(frozen.anomalyScore(i)).as("frozen row %d", i).isGreaterThan(1.0);
        }
        int above = 0;
        for (int i = 300; i < 400; i++) {
            above += learning.anomalyScore(i) > 1.0 ? 1 : 0;
        }
        // Its short memory (about 10 rows) makes some noise rows cross 1, far from all 100.
        assertThat(above).as("learning rows above 1 of the last 100").isLessThan(15);
    }

    @Test
    void run_learnFalseWithRefit_eachPeriodIsScoredByTheFitBeforeIt() {
        Series s = shifted(12);
        ModelSpec spec = ZscoreModels.builder().build();
        Refit refit = new Refit(Refit.Span.ofRows(50), Refit.Span.ofRows(100));

        Prediction p = Replay.run(spec, s, 100, refit, false, null);

        for (int from = 100; from < 400; from += 50) {
            Prediction expected = spec.fit(s.slice(from - 100, from)).infer(s.slice(from, from + 50));
            for (int i = 0; i < 50; i++) {
                assertThat(p.anomalyScore(from + i)).as("row %d", from + i).isEqualTo(expected.anomalyScore(i));
            }
        }
    }

    @Test
    void run_learnFalse_offlineModelScoresAsWithLearning() {
        Series s = shifted(13);
        ModelSpec spec = ZscoreModels.builder().online(false).build();

        Prediction frozen = Replay.run(spec, s, 150, null, false, null);
        Prediction learning = Replay.run(spec, s, 150, null, true, null);

        for (int i = 0; i < 400; i++) {
            assertThat(frozen.anomalyScore(i)).as("row %d", i).isEqualTo(learning.anomalyScore(i));
        }
    }
}
