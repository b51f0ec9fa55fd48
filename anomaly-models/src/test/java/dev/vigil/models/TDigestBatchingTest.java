package dev.vigil.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.registry.ModelStates;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The t-digest models ({@code mad_online}, {@code quantile_online}) learn the points of a batch into
 * compact digests whose adds are deferred until a quantile is read: seeded streams scored in random
 * small batches, with state round trips through bytes between some of them (as the runner's infer
 * cycles and {@code restore_state} do, keeping the points still pending in the state), give the same
 * scores, bit for bit, as one batch, and so do the two models afterwards.
 */
class TDigestBatchingTest {

    private static final List<Map<String, Object>> CONFIGS = List.of(
            Map.of("class", "mad_online"),
            Map.of("class", "mad_online", "decay", 0.995, "history_strength", 2.0),
            Map.of("class", "quantile_online"),
            Map.of("class", "quantile_online", "decay", 0.999, "iqr_threshold", 0.5,
                    "quantiles", List.of(0.001, 0.5, 0.999)),
            Map.of("class", "quantile_online", "seasonal_interval", "1h", "min_subseason", "10m",
                    "global_smoothing", 0.2, "history_strength", 1.5));

    /** Random walk with ties (a share of integer levels), spikes and NaN gaps, one-minute points. */
    private static Series stream(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[n];
        double[] y = new double[n];
        double level = 0;
        for (int i = 0; i < n; i++) {
            t[i] = 1_700_000_000_000L + 60_000L * i;
            level += r.nextGaussian() * 0.1;
            double u = r.nextDouble();
            y[i] = u < 0.02 ? Double.NaN : u < 0.3 ? Math.rint(level) : u > 0.99 ? level + 30 : level + r.nextGaussian();
        }
        return Series.of(t, y);
    }

    private static OnlineModel model(Map<String, Object> config, Series fit) {
        Map<String, Object> args = new java.util.HashMap<>(config);
        String alias = (String) args.remove("class");
        return (OnlineModel) ModelRegistry.standard().create(alias, args).fit(fit);
    }

    /** The value's bits (NaN equal to NaN). */
    private static long bits(double x) {
        return Double.doubleToLongBits(x);
    }

    @Test
    void inferAndUpdate_smallBatchesWithStateRoundTrips_bitIdenticalToOneBatch() throws Exception {
        int fit = 1441;
        for (Map<String, Object> config : CONFIGS) {
            for (long seed = 1; seed <= 3; seed++) {
                Series s = stream(seed * 31 + config.size(), fit + 1200);
                OnlineModel whole = model(config, s.slice(0, fit));
                OnlineModel batched = model(config, s.slice(0, fit));
                Prediction all = whole.inferAndUpdate(s.slice(fit, s.size()));
                SplittableRandom r = new SplittableRandom(seed);
                int from = fit;
                while (from < s.size()) {
                    int to = Math.min(s.size(), from + 1 + r.nextInt(r.nextInt(10) == 0 ? 400 : 12));
                    Prediction p = batched.inferAndUpdate(s.slice(from, to));
                    for (int i = 0; i < to - from; i++) {
                        int j = from - fit + i;
                        String where = config + " seed " + seed + " point " + j;
                        assertThat(bits(p.anomalyScore(i))).as(where).isEqualTo(bits(all.anomalyScore(j)));
                        assertThat(bits(p.yhat(i))).as(where).isEqualTo(bits(all.yhat(j)));
                        assertThat(bits(p.yhatLower(i))).as(where).isEqualTo(bits(all.yhatLower(j)));
                        assertThat(bits(p.yhatUpper(i))).as(where).isEqualTo(bits(all.yhatUpper(j)));
                    }
                    if (r.nextInt(4) == 0) {
                        batched = (OnlineModel) ModelStates.fromBytes(ModelStates.toBytes(batched));
                    }
                    from = to;
                }
                // The states may differ in form (points still pending in one, applied in the other), not in
                // what follows: a round trip keeps the bytes, and both go on to the same scores.
                byte[] state = ModelStates.toBytes(batched);
                OnlineModel restored = (OnlineModel) ModelStates.fromBytes(state);
                assertThat(ModelStates.toBytes(restored)).as("%s seed %d", config, seed).isEqualTo(state);
                Series more = stream(seed * 97 + config.size(), 900);
                Series next = Series.of(java.util.Arrays.stream(more.timestamps())
                        .map(t -> t + 60_000L * (fit + 1200)).toArray(), more.values());
                Prediction a = whole.inferAndUpdate(next);
                Prediction b = restored.inferAndUpdate(next);
                for (int i = 0; i < next.size(); i++) {
                    String where = config + " seed " + seed + " after, point " + i;
                    assertThat(bits(b.anomalyScore(i))).as(where).isEqualTo(bits(a.anomalyScore(i)));
                    assertThat(bits(b.yhatLower(i))).as(where).isEqualTo(bits(a.yhatLower(i)));
                    assertThat(bits(b.yhatUpper(i))).as(where).isEqualTo(bits(a.yhatUpper(i)));
                }
            }
        }
    }
}
