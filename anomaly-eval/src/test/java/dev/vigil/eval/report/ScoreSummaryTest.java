package dev.vigil.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScoreSummaryTest {

    private static Prediction scores(double... s) {
        long[] ts = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            ts[i] = 1000L * i;
        }
        Prediction.Builder b = Prediction.builder(Labels.empty(), ts);
        System.arraycopy(s, 0, b.anomalyScore(), 0, s.length);
        return b.build();
    }

    @Test
    void of_runsAboveOne_countsEachRunAsOneEvent() {
        // Runs: [1, 2], [4], [7]; NaN ends a run; exactly 1 is not above 1.
        ScoreSummary s = ScoreSummary.of(scores(0, 2, 2, 1, 3, Double.NaN, 1, 5, 0.2));
        assertThat(s.anomalies()).isEqualTo(4);
        assertThat(s.events()).isEqualTo(3);
        assertThat(s.scored()).isEqualTo(8);
        assertThat(s.maxScore()).isEqualTo(5.0);
    }

    @Test
    void windowsHit_windowsWithAndWithoutAPointAboveOne_countsInclusiveBounds() {
        Prediction p = scores(0, 0, 3, 0, 0, 0, 0, 4);
        List<HtmlReport.Window> ws = HtmlReport.Window.ofPairs(new long[] {2000, 2000, 3000, 6000, 7000, 9000,
                20_000, 30_000});
        assertThat(ScoreSummary.windowsHit(p, ws, 1.0)).isEqualTo(2);
        assertThat(ScoreSummary.windowsHit(p, ws, 3.5)).isEqualTo(1);
    }
}
