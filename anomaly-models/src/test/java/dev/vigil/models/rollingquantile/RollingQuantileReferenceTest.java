package dev.vigil.models.rollingquantile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.Fixtures;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.Replay;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RollingQuantileReferenceTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 1.5})
    void replay_numpyFixture_bandsAreWindowQuantiles(double k) throws IOException {
        Fixtures.Csv f = Fixtures.load("rolling_quantile.csv");
        double[] y = f.column("y");
        long[] t = new long[y.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = 60_000L * i;
        }
        Prediction p = Replay.run(ModelRegistry.standard().create("rolling_quantile",
                Map.of("quantile", 0.95, "window_steps", 50, "iqr_threshold", k)), Series.of(t, y), 300, null);
        double[] lo = f.column("lo");
        double[] med = f.column("med");
        double[] hi = f.column("hi");
        double[] q25 = f.column("q25");
        double[] q75 = f.column("q75");
        for (int i = 300; i < y.length; i++) {
            double half = k * (q75[i] - q25[i]) / 2;
            assertThat(p.yhat(i)).as("yhat %d", i).isCloseTo(med[i], within(1e-12));
            assertThat(p.yhatLower(i)).as("lower %d", i).isCloseTo(lo[i] - half, within(1e-12));
            assertThat(p.yhatUpper(i)).as("upper %d", i).isCloseTo(hi[i] + half, within(1e-12));
        }
    }
}
