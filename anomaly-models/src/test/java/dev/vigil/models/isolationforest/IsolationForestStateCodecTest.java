package dev.vigil.models.isolationforest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.series.Series;
import dev.vigil.models.registry.ModelStates;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IsolationForestStateCodecTest {

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = IsolationForestStateCodecTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    @Test
    void read_version1State_noFitRangeScoresAsScikitLearnAndSavesBackWithout() throws IOException {
        FittedForest v1 = (FittedForest) ModelStates.fromBytes(
                resource("/dev/vigil/models/state/fixtures/isolation_forest_univariate.v1.state"));
        assertThat(v1.low()).isNull();
        double[] x = {1e9, -1e9, 0.0};
        double[] sums = new double[x.length];
        v1.forest().pathSums(x, x.length, sums);
        double[] s = v1.score(new long[x.length], new double[][] {{x[0]}, {x[1]}, {x[2]}});
        for (int i = 0; i < x.length; i++) {
            assertThat(s[i]).as("value %s", x[i]).isEqualTo(v1.forest().scoreSample(sums[i]) / v1.offset());
        }
        FittedForest again = (FittedForest) ModelStates.fromBytes(ModelStates.toBytes(v1));
        assertThat(again.low()).isNull();
        assertThat(again.score(new long[x.length], new double[][] {{x[0]}, {x[1]}, {x[2]}})).isEqualTo(s);
    }

    @Test
    void roundTrip_fittedModel_keepsFitRangesAndScoresBitIdentical() throws IOException {
        double[] y = IsolationForestSpecTest.gauss(500, 31);
        FittedForest m = (FittedForest) IsolationForestSpecTest.create("isolation_forest_univariate", Map.of())
                .fit(Series.of(IsolationForestSpecTest.hours(500), y));
        FittedForest back = (FittedForest) ModelStates.fromBytes(ModelStates.toBytes(m));
        assertThat(back.low()).isEqualTo(m.low());
        assertThat(back.high()).isEqualTo(m.high());
        double[][] rows = {{m.high()[0] + 3}, {m.low()[0] - 0.5}, {0.1}};
        assertThat(back.score(new long[3], rows)).isEqualTo(m.score(new long[3], rows));
    }
}
