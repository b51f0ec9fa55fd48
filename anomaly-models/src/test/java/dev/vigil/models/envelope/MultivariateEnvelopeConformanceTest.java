package dev.vigil.models.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.series.Series;
import dev.vigil.models.ChannelBands;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.OnlineMultivariateModel;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.registry.ModelStates;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The documented behaviour of {@code temporal_envelope_multivariate} (vmanomaly docs, "Temporal
 * Envelope", multivariate variant, v1.30): one envelope per channel on its own scale, a joint score
 * above 1 for a channel beyond its band and for a break of the channels' usual co-movement while
 * each stays inside its band (only with {@code dependency_rank} above 0), the aggregations,
 * the channel limits, determinism under {@code random_state} and a bit-identical state.
 */
class MultivariateEnvelopeConformanceTest {

    static final long HOUR = 3_600_000L;
    static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
    static final int FIT = 24 * 14;
    static final int N = 24 * 28;

    static MultivariateSpec spec(Object... kv) {
        Map<String, Object> a = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            a.put((String) kv[i], kv[i + 1]);
        }
        return (MultivariateSpec) ModelRegistry.standard().create("temporal_envelope_multivariate", a);
    }

    static long[] times(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * HOUR;
        }
        return t;
    }

    /**
     * Hourly rows of {@code channels} channels driven by one common factor u ~ N(0, 1): channel c is
     * {@code scale_c · (10 + 3 sin(2π h / 24) + 2 u + N(0, 0.1²))}, the scales spanning 1 to 1000;
     * |u| is at most 1 on the {@link #planted} rows.
     */
    static double[][] rows(int n, int channels, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] rows = new double[n][channels];
        List<Integer> planted = planted();
        for (int i = 0; i < n; i++) {
            double u = r.nextGaussian();
            if (planted.contains(i)) {
                u = Math.max(-1, Math.min(1, u)); // an ordinary factor value where anomalies are planted
            }
            for (int c = 0; c < channels; c++) {
                double scale = Math.pow(10, c % 4);
                rows[i][c] = scale * (10 + 3 * Math.sin(2 * Math.PI * i / 24) + 2 * u + 0.1 * r.nextGaussian());
            }
        }
        return rows;
    }

    static double[][] slice(double[][] rows, int from, int to) {
        double[][] out = new double[to - from][];
        for (int i = from; i < to; i++) {
            out[i - from] = rows[i].clone();
        }
        return out;
    }

    static long[] slice(long[] t, int from, int to) {
        return java.util.Arrays.copyOfRange(t, from, to);
    }

    /** Fits on the first {@link #FIT} rows and scores the rest causally. */
    static double[] run(MultivariateSpec spec, long[] t, double[][] rows) {
        OnlineMultivariateModel m = (OnlineMultivariateModel) spec.fit(slice(t, 0, FIT), slice(rows, 0, FIT));
        return m.scoreAndUpdate(slice(t, FIT, t.length), slice(rows, FIT, rows.length));
    }

    /** Every 29th scored row from the 5th (a different hour each day, so no anomaly recurs daily): where the tests plant anomalies. */
    static List<Integer> planted() {
        List<Integer> at = new ArrayList<>();
        for (int i = FIT + 5; i < N; i += 29) {
            at.add(i);
        }
        return at;
    }

    @Test
    void scoreAndUpdate_normalRows_scoreBelowOne() {
        double[][] rows = rows(N, 10, 1);
        double[] s = run(spec(), times(N), rows);
        long above = java.util.Arrays.stream(s).filter(x -> x > 1).count();
        assertThat(above).as("rows above 1 of %d normal rows", s.length).isLessThanOrEqualTo(s.length / 100);
        assertThat(java.util.Arrays.stream(s).allMatch(x -> Double.isFinite(x) && x >= 0)).as("finite, >= 0").isTrue();
    }

    @Test
    void scoreAndUpdate_oneChannelSpikes_scoresAboveOne() {
        double[][] rows = rows(N, 10, 2);
        for (int i : planted()) {
            rows[i][3] += 1000 * 20; // channel 3 has scale 1000: 10 factor deviations
        }
        double[] s = run(spec(), times(N), rows);
        for (int i : planted()) {
            assertThat(s[i - FIT]).as("row %d", i).isGreaterThan(1.0);
        }
    }

    /**
     * At each planted row two channels of the same scale (c and c + 4) move apart by 1.25 factor
     * deviations each, staying inside their bands; the pair and the side change from row to row.
     */
    static double[][] brokenCorrelation(long seed) {
        double[][] rows = rows(N, 10, seed);
        int k = 0;
        for (int i : planted()) {
            int c = k % 4;
            double d = (k % 2 == 0 ? 2.5 : -2.5) * Math.pow(10, c);
            rows[i][c] += d;
            rows[i][c + 4] -= d;
            k++;
        }
        return rows;
    }

    @Test
    void scoreAndUpdate_brokenCorrelationInsideBands_scoresAboveOneOnlyWithDependencyRank() {
        double[][] rows = brokenCorrelation(3);
        double[] joint = run(spec(), times(N), rows);
        double[] channelsOnly = run(spec("dependency_rank", 0), times(N), rows);
        for (int i : planted()) {
            assertThat(channelsOnly[i - FIT]).as("channels' own scores at row %d", i).isLessThan(1.0);
            assertThat(joint[i - FIT]).as("joint score at row %d", i).isGreaterThan(1.0);
        }
    }

    @Test
    void scoreAndUpdate_oneChannel_sameScoresAsTemporalEnvelope() {
        double[][] rows = rows(N, 1, 4);
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = rows[i][0];
        }
        long[] t = times(N);
        double[] multi = run(spec(), t, rows);
        var uni = (dev.vigil.models.OnlineModel) ModelRegistry.standard().create("temporal_envelope", Map.of())
                .fit(Series.of(slice(t, 0, FIT), java.util.Arrays.copyOfRange(y, 0, FIT)));
        double[] single = uni.inferAndUpdate(Series.of(slice(t, FIT, N), java.util.Arrays.copyOfRange(y, FIT, N)))
                .column("anomaly_score");
        assertThat(multi).containsExactly(single);
    }

    @Test
    void jointScore_singleComponentAtEdge_isOneUnderEveryAggregation() {
        for (MultivariateEnvelopeSpec.Aggregation a : MultivariateEnvelopeSpec.Aggregation.values()) {
            assertThat(JointScore.of(a, new double[] {0, 1, 0, 0}, 4, 0)).as(a.name()).isEqualTo(1.0);
            assertThat(JointScore.of(a, new double[] {0, 0}, 2, 1)).as(a.name()).isEqualTo(1.0);
            assertThat(JointScore.of(a, new double[] {0.5, 3, 0.9}, 3, 0.2)).as(a.name()).isEqualTo(3.0);
            assertThat(JointScore.of(a, new double[] {0.5, 0.7, 0.2}, 3, 0.3)).as(a.name()).isEqualTo(0.7);
        }
    }

    @Test
    void jointScore_severalBeyondEdges_l2AddsUp_maxAndMeanDoNot() {
        double[] s = {2, 3, 0.5};
        assertThat(JointScore.of(MultivariateEnvelopeSpec.Aggregation.L2, s, 3, 0))
                .isCloseTo(1 + Math.sqrt(1 + 4), within(1e-12));
        assertThat(JointScore.of(MultivariateEnvelopeSpec.Aggregation.MAX, s, 3, 0)).isEqualTo(3.0);
        assertThat(JointScore.of(MultivariateEnvelopeSpec.Aggregation.MEAN, s, 3, 0)).isCloseTo(2.5, within(1e-12));
        assertThat(JointScore.of(MultivariateEnvelopeSpec.Aggregation.MEAN, s, 3, 4)).isCloseTo(3.0, within(1e-12));
        assertThat(JointScore.of(MultivariateEnvelopeSpec.Aggregation.L2, new double[] {Double.MAX_VALUE,
                Double.MAX_VALUE}, 2, 0)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(JointScore.of(MultivariateEnvelopeSpec.Aggregation.L2, new double[] {1, Double.NaN}, 2, 0)).isNaN();
    }

    @Test
    void scoreAndUpdate_twoChannelsSpike_l2ScoresHigherThanMax() {
        double[][] rows = rows(N, 10, 5);
        for (int i : planted()) {
            rows[i][0] += 20;
            rows[i][4] += 20;
        }
        double[] l2 = run(spec("score_aggregation", "l2"), times(N), rows);
        double[] max = run(spec("score_aggregation", "max"), times(N), rows);
        double[] mean = run(spec("score_aggregation", "mean"), times(N), rows);
        // the first four: a spike every 29 rows is soon more than the 0.5 % tail each channel's band covers
        for (int i : planted().subList(0, 4)) {
            assertThat(max[i - FIT]).as("row %d", i).isGreaterThan(1.0);
            assertThat(l2[i - FIT]).as("row %d", i).isGreaterThan(max[i - FIT]);
            assertThat(mean[i - FIT]).as("row %d", i).isGreaterThan(1.0).isLessThanOrEqualTo(max[i - FIT]);
        }
    }

    @Test
    void fit_moreChannelsThanMaxChannels_refusedNamingTheLimit() {
        double[][] rows = rows(48, 5, 6);
        assertThatThrownBy(() -> spec("max_channels", 4).fit(times(48), rows))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 channels").hasMessageContaining("max_channels 4");
    }

    @Test
    void fit_moreChannelsThanRecommended_logsAWarning() {
        Logger log = Logger.getLogger(MultivariateEnvelopeSpec.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(h);
        try {
            spec("recommended_max_channels", 4).fit(times(48), rows(48, 4, 7));
            assertThat(records).isEmpty();
            spec("recommended_max_channels", 4).fit(times(48), rows(48, 5, 7));
            assertThat(records).hasSize(1);
            assertThat(records.get(0).getLevel()).isEqualTo(java.util.logging.Level.WARNING);
            assertThat(records.get(0).getMessage()).contains("5 channels", "recommended_max_channels 4");
        } finally {
            log.removeHandler(h);
        }
    }

    @Test
    void create_badArguments_clearErrors() {
        assertThatThrownBy(() -> spec("score_aggregation", "median")).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("score_aggregation").hasMessageContaining("l2, max, mean");
        assertThatThrownBy(() -> spec("dependency_rank", -1)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("dependency_rank");
        assertThatThrownBy(() -> spec("max_channels", 0)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("max_channels");
    }

    @Test
    void scoreAndUpdate_rowWithNaN_scoresNaNAndLearnsTheFiniteChannels() {
        double[][] rows = rows(N, 3, 8);
        rows[FIT + 10][1] = Double.NaN;
        OnlineMultivariateModel m = (OnlineMultivariateModel) spec().fit(slice(times(N), 0, FIT), slice(rows, 0, FIT));
        double[] s = m.scoreAndUpdate(slice(times(N), FIT, N), slice(rows, FIT, N));
        assertThat(s[10]).isNaN();
        assertThat(java.util.Arrays.stream(s).filter(x -> !Double.isNaN(x)).count()).isEqualTo(N - FIT - 1);
        assertThat(m.samplesSeen()).isEqualTo(N);
        assertThatThrownBy(() -> m.scoreAndUpdate(new long[] {T0}, new double[][] {{1, 2}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 0 has 2 channels, the model 3");
    }

    @Test
    void fit_sameRandomState_identicalScores_otherStateOtherBasis() {
        double[][] rows = brokenCorrelation(9);
        assertThat(run(spec(), times(N), rows)).containsExactly(run(spec("random_state", 42), times(N), rows));
        MultivariateEnvelopeModel a = (MultivariateEnvelopeModel) spec().fit(times(4), slice(rows, 0, 4));
        MultivariateEnvelopeModel b = (MultivariateEnvelopeModel) spec("random_state", 7).fit(times(4), slice(rows, 0, 4));
        assertThat(a.cross.basis).isNotEqualTo(b.cross.basis);
    }

    @Test
    void state_restored_bitIdenticalScoresAndUpdates() throws IOException {
        double[][] rows = brokenCorrelation(10);
        long[] t = times(N);
        OnlineMultivariateModel m = (OnlineMultivariateModel) spec().fit(slice(t, 0, FIT), slice(rows, 0, FIT));
        byte[] state = ModelStates.toBytes(m);
        OnlineMultivariateModel r = (OnlineMultivariateModel) ModelStates.fromBytes(state);
        assertThat(r.channels()).isEqualTo(10);
        assertThat(r.samplesSeen()).isEqualTo(m.samplesSeen());
        assertThat(r.score(slice(t, FIT, N), slice(rows, FIT, N))).containsExactly(m.score(slice(t, FIT, N),
                slice(rows, FIT, N)));
        assertThat(r.scoreAndUpdate(slice(t, FIT, N), slice(rows, FIT, N)))
                .containsExactly(m.scoreAndUpdate(slice(t, FIT, N), slice(rows, FIT, N)));
        assertThat(ModelStates.toBytes(r)).isEqualTo(ModelStates.toBytes(m));
        // per channel about temporal_envelope's 1.5 KB and its tail digest's 1.2 KB, plus the basis
        assertThat(state.length).isLessThan(10 * 3000 + 10 * 8 * 8 + 1000);
    }

    @Test
    void score_readsOnly_copyIsIndependent() {
        double[][] rows = rows(N, 4, 11);
        long[] t = times(N);
        OnlineMultivariateModel m = (OnlineMultivariateModel) spec().fit(slice(t, 0, FIT), slice(rows, 0, FIT));
        OnlineMultivariateModel c = m.copy();
        double[] first = m.score(slice(t, FIT, N), slice(rows, FIT, N));
        assertThat(m.score(slice(t, FIT, N), slice(rows, FIT, N))).containsExactly(first);
        m.scoreAndUpdate(slice(t, FIT, N), slice(rows, FIT, N));
        assertThat(c.score(slice(t, FIT, N), slice(rows, FIT, N))).containsExactly(first);
        assertThat(c.samplesSeen()).isEqualTo(FIT);
    }

    @Test
    void scoreAndUpdate_steadyState_allocatesOnlyTheOutput() {
        int n = 20_000;
        double[][] rows = rows(n, 10, 12);
        long[] t = times(n);
        OnlineMultivariateModel m = (OnlineMultivariateModel) spec().fit(slice(t, 0, 1000), slice(rows, 0, 1000));
        m.scoreAndUpdate(slice(t, 1000, 5000), slice(rows, 1000, 5000)); // warm the JIT
        long[] tt = slice(t, 5000, n);
        double[][] rr = slice(rows, 5000, n);
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = bean.getThreadAllocatedBytes(id);
        m.scoreAndUpdate(tt, rr);
        long allocated = bean.getThreadAllocatedBytes(id) - before;
        // the output array: 8 bytes per row and a header; and t-digest 3.3 allocates an iterator (under
        // 128 bytes) when a channel reads its tail percentile, every TAIL_REFRESH points
        assertThat(allocated).as("bytes allocated for %d rows", rr.length)
                .isLessThan(8L * rr.length + 4096 + 128L * 10 * rr.length / EnvelopeModel.TAIL_REFRESH);
    }

    @Test
    void scoreAndUpdate_channelBandsRequested_eachChannelsBandAndScore() {
        double[][] rows = rows(N, 3, 13);
        rows[FIT + 7][2] = Double.NaN;
        long[] t = times(N);
        MultivariateSpec spec = spec("dependency_rank", 0, "score_aggregation", "max");
        OnlineMultivariateModel m = (OnlineMultivariateModel) spec.fit(slice(t, 0, FIT), slice(rows, 0, FIT));
        OnlineMultivariateModel plain = m.copy();
        ChannelBands bands = ChannelBands.allocate(N - FIT, 3);
        double[] joint = m.scoreAndUpdate(slice(t, FIT, N), slice(rows, FIT, N), bands);
        assertThat(joint).containsExactly(plain.scoreAndUpdate(slice(t, FIT, N), slice(rows, FIT, N)));
        for (int i = 0; i < N - FIT; i++) {
            if (i == 7) {
                assertThat(bands.yhat()[i][2]).isNaN();
                assertThat(bands.score()[i][2]).isNaN();
                assertThat(bands.yhat()[i][0]).isFinite();
                continue;
            }
            double max = 0;
            for (int c = 0; c < 3; c++) {
                assertThat(bands.lower()[i][c]).isLessThanOrEqualTo(bands.yhat()[i][c]);
                assertThat(bands.upper()[i][c]).isGreaterThanOrEqualTo(bands.yhat()[i][c]);
                max = Math.max(max, bands.score()[i][c]);
            }
            // without the cross-channel part and with max, the joint score is the largest channel score
            assertThat(joint[i]).as("row %d", i).isEqualTo(max);
        }
        assertThatThrownBy(() -> m.scoreAndUpdate(times(2), rows(2, 3, 1), ChannelBands.allocate(1, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("channel bands for 1 rows");
    }
}
