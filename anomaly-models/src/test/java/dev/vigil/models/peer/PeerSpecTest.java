package dev.vigil.models.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Series;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.ModelDescriptor;
import dev.vigil.models.registry.ModelRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code peer_outlier} as the registry builds it for the runner. */
class PeerSpecTest {

    static final ModelRegistry REG = ModelRegistry.standard();

    @Test
    void create_withCommonArgs_acceptedAndOnlineWithBand() {
        PeerSpec s = (PeerSpec) REG.create("model.online.PeerOutlierModel", Map.of("tolerance", 3, "data_range",
                List.of(0, 100), "groupby", List.of("dc"), "provide_series", List.of("anomaly_score", "y", "yhat")));
        assertThat(s.alias()).isEqualTo("peer_outlier");
        assertThat(s.isOnline()).isTrue();
        assertThat(s.groupby()).containsExactly("dc");
        assertThat(s.provideSeries()).containsExactly("anomaly_score", "y", "yhat");
        assertThat(s.scoreSpec().dataRangeHigh()).isEqualTo(100.0);
        assertThat(REG.descriptor("peer_outlier").topology()).isEqualTo(ModelDescriptor.Topology.PEER);
        assertThat(REG.descriptor("peer_outlier").supported()).isTrue();
    }

    @Test
    void create_badArgs_namedErrors() {
        assertThatThrownBy(() -> REG.create("peer_outlier", Map.of("min_peer_count", 2)))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("min_peer_count");
        assertThatThrownBy(() -> REG.create("peer_outlier", Map.of("args", Map.of("x", 1))))
                .isInstanceOf(ModelConfigException.class).hasMessageContaining("must be empty");
    }

    @Test
    void newGroup_freshIndependentModels_andSingleSeriesFitRefused() {
        PeerSpec s = (PeerSpec) REG.create("peer_outlier", Map.of());
        PeerOutlierModel a = s.newGroup();
        a.scoreAndUpdate(new String[] {"p1", "p2", "p3", "p4", "p5"}, new double[] {1, 2, 3, 4, 5});
        assertThat(a.samplesSeen()).isEqualTo(1);
        assertThat(s.newGroup().samplesSeen()).isZero();
        assertThatThrownBy(() -> s.fit(Series.of(new long[] {0}, new double[] {1})))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("group of peer series");
    }
}
