package dev.vigil.models.mad;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import dev.vigil.models.Fixtures;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.OnlineModel;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MadReferenceTest {

    private static Series series(double[] y) {
        long[] t = new long[y.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = 60_000L * i;
        }
        return Series.of(t, y);
    }

    @Test
    void mad_numpyFixture_yhatIsMedianAndBandIsThresholdTimesScaledMad() throws IOException {
        Fixtures.Csv f = Fixtures.load("mad.csv");
        double med = f.trailer().get("median");
        double mad = f.trailer().get("mad");
        Prediction p = ModelRegistry.standard().create("model.mad.MADModel", Map.of("threshold", 3)).fit(series(f.column("y")))
                .infer(Series.of(new long[] {1}, new double[] {0}));
        assertThat(p.yhat(0)).isCloseTo(med, within(1e-12));
        assertThat(p.yhatUpper(0) - med).isCloseTo(3 * MadModels.MAD_TO_SIGMA * mad, within(1e-9));
        assertThat(med - p.yhatLower(0)).isCloseTo(3 * MadModels.MAD_TO_SIGMA * mad, within(1e-9));
    }

    @Test
    void madOnline_numpyFixture_tdigestEstimatesCloseToExact() throws IOException {
        Fixtures.Csv f = Fixtures.load("mad.csv");
        double med = f.trailer().get("median");
        double mad = f.trailer().get("mad");
        OnlineModel m = (OnlineModel) ModelRegistry.standard().create("mad_online", Map.of()).fit(series(f.column("y")));
        Prediction p = m.infer(Series.of(new long[] {1}, new double[] {0}));
        // t-digest at compression 100 over 500 points: a few hundredths of a MAD.
        assertThat(p.yhat(0)).isCloseTo(med, within(0.05 * mad));
        assertThat((p.yhatUpper(0) - p.yhat(0)) / (2.5 * MadModels.MAD_TO_SIGMA)).isCloseTo(mad, within(0.05 * mad));
    }
}
