package dev.vigil.models.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.models.ModelConfigException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@code peer_outlier}'s documented behaviour (vmanomaly docs, "Peer Outlier", v1.31). */
class PeerOutlierModelTest {

    static String[] peers(int n) {
        String[] p = new String[n];
        for (int i = 0; i < n; i++) {
            p[i] = "pod-" + i;
        }
        return p;
    }

    /** Peer i runs at 100 + 2i with N(0, 1) noise. */
    static double[] row(SplittableRandom r, int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 100 + 2 * i + r.nextGaussian();
        }
        return v;
    }

    @Test
    void scoreAndUpdate_oneDeviatingPeer_onlyItScoresAboveOne() {
        PeerOutlierModel m = PeerOutlierModel.create(Map.of());
        SplittableRandom r = new SplittableRandom(1);
        String[] p = peers(10);
        int above = 0;
        int normal = 0;
        for (int t = 0; t < 500; t++) {
            double[] v = row(r, 10);
            if (t == 400) {
                v[3] += 15;
            }
            PeerOutlierModel.Scores s = m.scoreAndUpdate(p, v);
            for (int i = 0; i < 10; i++) {
                if (t == 400 && i == 3) {
                    assertThat(s.score()[i]).as("deviating peer").isGreaterThan(1.5);
                    assertThat(s.yhat()[i]).as("its own level, not the group's").isCloseTo(106, within(1.0));
                } else if (t > m.minNSamplesSeen()) {
                    normal++;
                    above += s.score()[i] > 1 ? 1 : 0;
                }
            }
        }
        assertThat(above / (double) normal).as("normal points above 1").isLessThan(0.01);
    }

    @Test
    void scoreAndUpdate_warmUp_zeroUntilMinSamplesSeen() {
        PeerOutlierModel m = PeerOutlierModel.create(Map.of("epsilon_quantile", 0.5));
        assertThat(m.minNSamplesSeen()).isEqualTo(16);
        assertThat(PeerOutlierModel.create(Map.of()).minNSamplesSeen()).isEqualTo(32);
        SplittableRandom r = new SplittableRandom(2);
        for (int t = 0; t <= 16; t++) {
            double[] v = row(r, 6);
            v[0] += 50;
            assertThat(m.scoreAndUpdate(peers(6), v).score()).as("t=%d", t).containsOnly(0.0);
        }
        double[] v = row(r, 6);
        v[0] -= 50;
        assertThat(m.scoreAndUpdate(peers(6), v).score()[0]).isGreaterThan(1.0);
    }

    @Test
    void scoreAndUpdate_newPeerInWarmedGroup_scoredImmediately() {
        PeerOutlierModel m = PeerOutlierModel.create(Map.of());
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 0; t < 100; t++) {
            m.scoreAndUpdate(peers(8), row(r, 8));
        }
        String[] grown = peers(9);
        double[] v = row(r, 9);
        v[8] = 300; // the newcomer is far from the group
        PeerOutlierModel.Scores s = m.scoreAndUpdate(grown, v);
        assertThat(s.score()[8]).isGreaterThan(1.0);
        double[] w = row(r, 9);
        w[8] = 107 + 0.5; // the newcomer near the group's centre
        assertThat(m.scoreAndUpdate(grown, w).score()[8]).isBetween(0.0, 1.0);
    }

    @Test
    void scoreAndUpdate_skewedSpread_asymmetricBand() {
        PeerOutlierModel m = PeerOutlierModel.create(Map.of());
        SplittableRandom r = new SplittableRandom(4);
        PeerOutlierModel.Scores s = null;
        for (int t = 0; t < 300; t++) {
            double[] v = new double[12];
            for (int i = 0; i < 12; i++) {
                v[i] = 50 - Math.log(1 - r.nextDouble()) * 4; // exponential: a long upper tail
            }
            s = m.scoreAndUpdate(peers(12), v);
        }
        double up = s.upper()[0] - s.yhat()[0];
        double down = s.yhat()[0] - s.lower()[0];
        assertThat(up).isGreaterThan(1.5 * down);
    }

    @Test
    void scoreAndUpdate_fewerPeersThanMinimum_nanAndNotLearnt() {
        PeerOutlierModel m = PeerOutlierModel.create(Map.of("min_peer_count", 3));
        double[] v = {1, 2, Double.NaN, Double.NaN};
        PeerOutlierModel.Scores s = m.scoreAndUpdate(peers(4), v);
        assertThat(s.score()).containsOnly(Double.NaN);
        assertThat(m.samplesSeen()).isZero();
        s = m.scoreAndUpdate(peers(4), new double[] {1, 2, 3, Double.NaN});
        assertThat(s.score()[3]).isNaN();
        assertThat(s.score()[0]).isZero();
        assertThat(m.samplesSeen()).isOne();
    }

    @Test
    void create_badArguments_preciseErrors() {
        assertThatThrownBy(() -> PeerOutlierModel.create(Map.of("min_peer_count", 2)))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("'peer_outlier'")
                .hasMessageContaining("min_peer_count").hasMessageContaining("2");
        assertThatThrownBy(() -> PeerOutlierModel.create(Map.of("epsilon_quantile", 1.0)))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("epsilon_quantile");
        assertThatThrownBy(() -> PeerOutlierModel.create(Map.of("tolerance", 0)))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("tolerance");
        assertThatThrownBy(() -> PeerOutlierModel.create(Map.of("args", Map.of("n_estimators", 10))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("args")
                .hasMessageContaining("n_estimators");
        assertThatThrownBy(() -> PeerOutlierModel.create(Map.of("tolerence", 3)))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("did you mean 'tolerance'");
        assertThat(PeerOutlierModel.create(Map.of("groupby", List.of("job"))).groupby()).containsExactly("job");
    }
}
