package dev.vigil.models.quantile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.OnlineModel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantileSpecTest {

    private static final long T0 = 1_704_067_200_000L; // 2024-01-01T00:00:00Z, a Monday
    private static final long HOUR = 3_600_000L;

    private static ModelSpec spec(Map<String, Object> args) {
        return ModelRegistry.standard().create("quantile_online", args);
    }

    /** Hourly, value = hour of day + N(0, 0.1²), 60 days. */
    private static Series hourOfDay(int days) {
        SplittableRandom r = new SplittableRandom(9);
        int n = 24 * days;
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * HOUR;
            y[i] = i % 24 + 0.1 * r.nextGaussian();
        }
        return Series.of(t, y);
    }

    @Test
    void bucketOf_seasonStartsFrom_bucketsCountFromThatInstant() {
        QuantileSpec s = (QuantileSpec) spec(Map.of("seasonal_interval", "1d", "min_subseason", "1h",
                "season_starts_from", "2024-01-01T06:00:00Z"));
        long start = T0 + 6 * HOUR;
        assertThat(s.bucketOf(start)).isZero();
        assertThat(s.bucketOf(start + 25 * HOUR + 59 * 60_000)).isEqualTo(1);
        assertThat(s.bucketOf(start - HOUR)).isEqualTo(23);
        assertThat(((QuantileSpec) spec(Map.of("seasonal_interval", "P7D", "min_subseason", "PT1H")))
                .bucketOf(T0 + 169 * HOUR)).isEqualTo((int) ((T0 / HOUR + 169) % 168));
    }

    @Test
    void inferAndUpdate_everyBucketFilled_keepsCountingForWarmUpAndCopies() {
        // One day fills all 24 buckets, after which the global digest is no longer updated.
        OnlineModel m = (OnlineModel) spec(Map.of("seasonal_interval", "1d", "min_subseason", "1h",
                "min_n_samples_seen", 30)).fit(hourOfDay(1));
        assertThat(m.samplesSeen()).isEqualTo(24);
        int n = 10;
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + (24 + i) * HOUR;
            y[i] = 1000;
        }
        Prediction p = m.inferAndUpdate(Series.of(t, y));
        for (int i = 0; i < 7; i++) {
            assertThat(p.anomalyScore(i)).as("point %d, %d seen before it", i, 24 + i).isZero();
        }
        for (int i = 7; i < n; i++) {
            assertThat(p.anomalyScore(i)).as("point %d, %d seen before it", i, 24 + i).isGreaterThan(1.0);
        }
        assertThat(m.samplesSeen()).isEqualTo(34);
        assertThat(m.copy().samplesSeen()).isEqualTo(34);
        assertThat(m.describe()).contains("buckets 24/24").contains("n=34");
    }

    @Test
    void infer_seasonalBuckets_yhatFollowsHourOfDay() {
        Series s = hourOfDay(60);
        Series next = Series.of(new long[] {T0 + 60 * 24 * HOUR + 5 * HOUR}, new double[] {5});
        Prediction seasonal = spec(Map.of("seasonal_interval", "1d", "min_subseason", "1h")).fit(s).infer(next);
        assertThat(seasonal.yhat(0)).isCloseTo(5.0, within(0.05));
        assertThat(seasonal.anomalyScore(0)).isLessThan(1.0);
        Prediction flat = spec(Map.of()).fit(s).infer(next);
        assertThat(flat.yhat(0)).isCloseTo(11.5, within(0.5));
        Prediction global = spec(Map.of("seasonal_interval", "1d", "min_subseason", "1h", "global_smoothing", 1))
                .fit(s).infer(next);
        assertThat(global.yhat(0)).isEqualTo(flat.yhat(0));
        Prediction half = spec(Map.of("seasonal_interval", "1d", "min_subseason", "1h", "global_smoothing", 0.5))
                .fit(s).infer(next);
        assertThat(half.yhat(0)).isCloseTo((seasonal.yhat(0) + flat.yhat(0)) / 2, within(1e-9));
    }

    @Test
    void infer_iqrThreshold_widensBothBoundsByKTimesIqr() {
        Series s = hourOfDay(10);
        Series next = Series.of(new long[] {T0 + 240 * HOUR}, new double[] {5});
        Prediction plain = spec(Map.of()).fit(s).infer(next);
        Prediction wide = spec(Map.of("iqr_threshold", 2)).fit(s).infer(next);
        double lowerShift = plain.yhatLower(0) - wide.yhatLower(0);
        assertThat(lowerShift).isGreaterThan(0).isCloseTo(wide.yhatUpper(0) - plain.yhatUpper(0), within(1e-9));
        // IQR of 0..23 uniform ~ 12: the bounds move by about 2 · 12.
        assertThat(lowerShift).isCloseTo(24, within(2.0));
    }

    @Test
    void infer_useTransform_quantilesMapBackToOriginalScale() {
        SplittableRandom r = new SplittableRandom(5);
        int n = 5000;
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * HOUR;
            y[i] = Math.exp(3 * r.nextGaussian());
        }
        Series next = Series.of(new long[] {T0 + n * HOUR}, new double[] {1});
        Prediction p = spec(Map.of("use_transform", true)).fit(Series.of(t, y)).infer(next);
        // Median of exp(3 Z) is 1; the transform keeps order so the median maps back.
        assertThat(p.yhat(0)).isCloseTo(1.0, within(0.15));
        assertThat(p.yhatUpper(0)).isGreaterThan(100);
        assertThat(p.yhatLower(0)).isGreaterThan(0).isLessThan(0.01);
    }

    @Test
    void create_badSeasonality_namesArgumentAndValue() {
        Map<String, Object> a = new HashMap<>(Map.of("seasonal_interval", "7d", "min_subseason", "5h"));
        assertThatThrownBy(() -> spec(a)).isInstanceOf(ModelConfigException.class)
                .hasMessageContaining("quantile_online").hasMessageContaining("min_subseason").hasMessageContaining("5h");
        assertThatThrownBy(() -> spec(Map.of("seasonal_interval", "weekly", "min_subseason", "1h")))
                .hasMessageContaining("seasonal_interval").hasMessageContaining("weekly");
        assertThatThrownBy(() -> spec(Map.of("seasonal_interval", "1d")))
                .hasMessageContaining("min_subseason");
        assertThatThrownBy(() -> spec(Map.of("quantiles", List.of(0.5, 0.1, 0.9))))
                .hasMessageContaining("quantiles");
        assertThatThrownBy(() -> spec(Map.of("season_starts_from", "yesterday")))
                .hasMessageContaining("season_starts_from").hasMessageContaining("yesterday");
        assertThatThrownBy(() -> spec(Map.of("global_smoothing", 1.5))).hasMessageContaining("global_smoothing");
    }

    @Test
    void fitAndInferAndUpdate_betweenBatches_digestsAreCompactAndScoresIndependentOfIt() {
        Series s = hourOfDay(30);
        ModelSpec spec = spec(Map.of("seasonal_interval", "1d", "min_subseason", "1h"));
        QuantileSpec.Model m = (QuantileSpec.Model) spec.fit(s.slice(0, 24 * 20));
        assertThat(m.digestsCompact()).as("after the fit").isTrue();
        QuantileSpec.Model one = (QuantileSpec.Model) m.copy();
        Prediction all = m.inferAndUpdate(s.slice(24 * 20, s.size()));
        assertThat(m.digestsCompact()).as("after a batch").isTrue();
        for (int i = 24 * 20; i < s.size(); i++) {
            Prediction p = one.inferAndUpdate(s.slice(i, i + 1));
            assertThat(one.digestsCompact()).isTrue();
            assertThat(p.anomalyScore(0)).isEqualTo(all.anomalyScore(i - 24 * 20));
        }
        assertThat(one.state()).usingRecursiveComparison().isEqualTo(m.state());
    }
}
