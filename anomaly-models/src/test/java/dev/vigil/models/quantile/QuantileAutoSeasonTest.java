package dev.vigil.models.quantile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.FittedModel;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code seasonal_interval: auto} (Vigil extension) of {@code quantile_online}. */
class QuantileAutoSeasonTest {

    static final long T0 = 1_704_067_200_000L;
    static final long HOUR = 3_600_000L;

    static Series hourly(int n, long seed, double amplitude) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] t = new long[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = T0 + i * HOUR;
            y[i] = 100 + amplitude * Math.sin(2 * Math.PI * i / 24) + r.nextGaussian();
        }
        return Series.of(t, y);
    }

    static ModelSpec spec(Map<String, ?> args) {
        return ModelRegistry.standard().create("quantile_online", args);
    }

    @Test
    void fit_autoOnDailySeason_sameAsExplicitOneDayByOneHour() {
        Series s = hourly(24 * 30, 1, 10);
        FittedModel auto = spec(Map.of("seasonal_interval", "auto")).fit(s.slice(0, 24 * 20));
        FittedModel explicit = spec(Map.of("seasonal_interval", "1d", "min_subseason", "1h")).fit(s.slice(0, 24 * 20));
        assertThat(auto.describe()).contains("seasonal_interval=86400000 ms (auto)").contains("buckets 24/24");
        Prediction a = auto.infer(s.slice(24 * 20, s.size()));
        Prediction b = explicit.infer(s.slice(24 * 20, s.size()));
        assertThat(a.column("yhat")).isEqualTo(b.column("yhat"));
        assertThat(a.column("anomaly_score")).isEqualTo(b.column("anomaly_score"));
    }

    @Test
    void fit_autoWithMinSubseason_roundsIntervalToWholeSubseasons() {
        FittedModel m = spec(Map.of("seasonal_interval", "auto", "min_subseason", "2h")).fit(hourly(24 * 20, 2, 10));
        assertThat(m.describe()).contains("seasonal_interval=86400000 ms (auto)").contains("buckets 12/12");
    }

    @Test
    void fit_autoOnNoise_oneGlobalBucketSaidSo() {
        FittedModel m = spec(Map.of("seasonal_interval", "auto")).fit(hourly(24 * 20, 3, 0));
        assertThat(m.describe()).contains("no season detected").contains("buckets 0/1");
    }
}
