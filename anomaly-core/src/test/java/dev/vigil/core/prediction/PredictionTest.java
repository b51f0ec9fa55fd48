package dev.vigil.core.prediction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Labels;
import org.junit.jupiter.api.Test;

class PredictionTest {

    private static final Labels L = Labels.of("__name__", "cpu");

    private static Prediction twoRows() {
        Prediction.Builder b = Prediction.builder(L, new long[] {1000, 2000});
        b.set(0, 5, 4, 3, 6).set(1, 7, 4.5, 3.5, 5.5);
        b.anomalyScore()[0] = 0.5;
        b.anomalyScore()[1] = 2.5;
        return b.build();
    }

    @Test
    void builder_freshColumns_areNaN() {
        Prediction.Builder b = Prediction.builder(L, new long[] {1, 2, 3});

        assertThat(b.size()).isEqualTo(3);
        assertThat(b.y()).containsOnly(Double.NaN);
        assertThat(b.yhat()).containsOnly(Double.NaN);
        assertThat(b.yhatLower()).containsOnly(Double.NaN);
        assertThat(b.yhatUpper()).containsOnly(Double.NaN);
        assertThat(b.anomalyScore()).containsOnly(Double.NaN);
        assertThat(b.extra("trend")).containsOnly(Double.NaN).hasSize(3);
    }

    @Test
    void build_setRows_readBackByIndexAndName() {
        Prediction p = twoRows();

        assertThat(p.size()).isEqualTo(2);
        assertThat(p.labels()).isEqualTo(L);
        assertThat(p.timestamp(1)).isEqualTo(2000);
        assertThat(p.y(1)).isEqualTo(7.0);
        assertThat(p.yhat(1)).isEqualTo(4.5);
        assertThat(p.yhatLower(1)).isEqualTo(3.5);
        assertThat(p.yhatUpper(1)).isEqualTo(5.5);
        assertThat(p.anomalyScore(1)).isEqualTo(2.5);
        assertThat(p.column(Columns.Y)).containsExactly(5, 7);
        assertThat(p.column(Columns.YHAT)).containsExactly(4, 4.5);
        assertThat(p.column(Columns.YHAT_LOWER)).containsExactly(3, 3.5);
        assertThat(p.column(Columns.YHAT_UPPER)).containsExactly(6, 5.5);
        assertThat(p.column(Columns.ANOMALY_SCORE)).containsExactly(0.5, 2.5);
        assertThat(p.value("yhat_upper", 0)).isEqualTo(6.0);
    }

    @Test
    void column_returnedCopyMutated_predictionUnchanged() {
        Prediction p = twoRows();
        p.column(Columns.Y)[0] = -1;
        p.timestamps()[0] = -1;

        assertThat(p.y(0)).isEqualTo(5.0);
        assertThat(p.timestamp(0)).isEqualTo(1000);
    }

    @Test
    void extras_addedInOrder_listedAndReadable() {
        Prediction.Builder b = Prediction.builder(L, new long[] {1, 2});
        b.extra("trend")[0] = 1.5;
        b.extra("seasonal")[1] = -0.5;
        b.extra("trend")[1] = 2.5; // same live array on the second call
        Prediction p = b.build();

        assertThat(p.extraNames()).containsExactly("trend", "seasonal");
        assertThat(p.column("trend")).containsExactly(1.5, 2.5);
        assertThat(p.column("seasonal")).containsExactly(Double.NaN, -0.5);
        assertThat(p.hasColumn("trend")).isTrue();
        assertThat(p.hasColumn("yhat")).isTrue();
        assertThat(p.hasColumn("resid")).isFalse();
        assertThat(p.toString()).contains("2 rows").contains("trend").contains("seasonal");
    }

    @Test
    void extra_standardName_throwsNamingIt() {
        Prediction.Builder b = Prediction.builder(L, new long[] {1});

        assertThatThrownBy(() -> b.extra("yhat"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'yhat' is a standard column");
        assertThatThrownBy(() -> b.extra(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void column_unknownName_throwsListingKnownColumns() {
        Prediction.Builder b = Prediction.builder(L, new long[] {1});
        b.extra("trend");
        Prediction p = b.build();

        assertThatThrownBy(() -> p.column("resid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no column 'resid'")
                .hasMessageContaining("anomaly_score")
                .hasMessageContaining("trend");
        assertThatThrownBy(() -> twoRows().value("resid", 0)).hasMessageContaining("no column 'resid'");
    }

    @Test
    void build_calledTwice_throws() {
        Prediction.Builder b = Prediction.builder(L, new long[] {1});
        b.build();

        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
    }

    @Test
    void builder_extraAddedAfterBuild_notVisible() {
        Prediction.Builder b = Prediction.builder(L, new long[] {1});
        Prediction p = b.build();
        b.extra("late");

        assertThat(p.extraNames()).isEmpty();
    }

    @Test
    void builder_nullArguments_throwNamingThem() {
        assertThatThrownBy(() -> Prediction.builder(null, new long[0])).hasMessageContaining("labels");
        assertThatThrownBy(() -> Prediction.builder(L, null)).hasMessageContaining("timestamps");
    }

    @Test
    void empty_labels_hasNoRows() {
        Prediction p = Prediction.empty(L);

        assertThat(p.size()).isZero();
        assertThat(p.column(Columns.ANOMALY_SCORE)).isEmpty();
        assertThat(p.extraNames()).isEmpty();
    }

    @Test
    void columns_standard_inOutputOrder() {
        assertThat(Columns.STANDARD).containsExactly("anomaly_score", "y", "yhat", "yhat_lower", "yhat_upper");
    }
}
