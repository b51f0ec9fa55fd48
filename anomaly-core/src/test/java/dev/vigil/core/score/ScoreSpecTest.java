package dev.vigil.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScoreSpecTest {

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, Double.NaN, Double.POSITIVE_INFINITY})
    void withScale_badLower_messageNamesScaleLowerAndValue(double bad) {
        assertThatThrownBy(() -> ScoreSpec.DEFAULT.withScale(bad, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scale[0] (lower)")
                .hasMessageContaining(Double.toString(bad));
    }

    @Test
    void withScale_badUpper_messageNamesScaleUpper() {
        assertThatThrownBy(() -> ScoreSpec.DEFAULT.withScale(1, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scale[1] (upper)")
                .hasMessageContaining("-2.0");
    }

    @Test
    void withMinDev_negative_messageNamesMinDevSide() {
        assertThatThrownBy(() -> ScoreSpec.DEFAULT.withMinDev(-1, 0))
                .hasMessageContaining("min_dev_from_expected[0] (lower)").hasMessageContaining("-1.0");
        assertThatThrownBy(() -> ScoreSpec.DEFAULT.withMinDev(0, Double.NaN))
                .hasMessageContaining("min_dev_from_expected[1] (upper)").hasMessageContaining("NaN");
    }

    @Test
    void withMinRelDev_negative_messageNamesMinRelDevSide() {
        assertThatThrownBy(() -> ScoreSpec.DEFAULT.withMinRelDev(-5, 0))
                .hasMessageContaining("min_rel_dev_from_expected[0] (lower)").hasMessageContaining("-5.0");
        assertThatThrownBy(() -> ScoreSpec.DEFAULT.withMinRelDev(0, Double.POSITIVE_INFINITY))
                .hasMessageContaining("min_rel_dev_from_expected[1] (upper)").hasMessageContaining("Infinity");
    }

    @Test
    void withDataRange_lowAboveHigh_messageNamesDataRangeAndBoth() {
        assertThatThrownBy(() -> ScoreSpec.DEFAULT.withDataRange(10, 5, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data_range")
                .hasMessageContaining("[10.0, 5.0]");
        assertThatThrownBy(() -> ScoreSpec.DEFAULT.withDataRange(Double.NaN, 5, false))
                .hasMessageContaining("data_range").hasMessageContaining("NaN");
    }

    @Test
    void withDataRange_singlePoint_accepted() {
        ScoreSpec s = ScoreSpec.DEFAULT.withDataRange(3, 3, true);

        assertThat(s.hasDataRange()).isTrue();
        assertThat(s.clipPredictions()).isTrue();
    }

    @Test
    void hasDataRange_halfOpenRange_true() {
        assertThat(ScoreSpec.DEFAULT.withDataRange(0, Double.POSITIVE_INFINITY, false).hasDataRange()).isTrue();
        assertThat(ScoreSpec.DEFAULT.withDataRange(Double.NEGATIVE_INFINITY, 0, false).hasDataRange()).isTrue();
        assertThat(ScoreSpec.DEFAULT.hasDataRange()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, Double.NaN, Double.POSITIVE_INFINITY})
    void withOutsideDataRangeScore_bad_messageNamesArgument(double bad) {
        assertThatThrownBy(() -> ScoreSpec.DEFAULT.withOutsideDataRangeScore(bad))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("anomaly_score_outside_data_range")
                .hasMessageContaining(Double.toString(bad));
    }

    @Test
    void withDirection_null_messageNamesDetectionDirection() {
        assertThatThrownBy(() -> ScoreSpec.DEFAULT.withDirection(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("detection_direction");
    }

    @Test
    void withers_eachChangeOneArgument_restKept() {
        ScoreSpec s = ScoreSpec.DEFAULT.withScale(1.2, 0.75).withDataRange(0, 100, true)
                .withDirection(DetectionDirection.ABOVE_EXPECTED).withMinDev(1, 2).withMinRelDev(20, 40)
                .withOutsideDataRangeScore(3);

        assertThat(s).isEqualTo(new ScoreSpec(1.2, 0.75, true, 0, 100, DetectionDirection.ABOVE_EXPECTED,
                1, 2, 20, 40, 3));
    }

    @Test
    void detectionDirectionParse_configNames_caseInsensitive() {
        assertThat(DetectionDirection.parse("both")).isEqualTo(DetectionDirection.BOTH);
        assertThat(DetectionDirection.parse(" Above_Expected ")).isEqualTo(DetectionDirection.ABOVE_EXPECTED);
        assertThat(DetectionDirection.parse("below_expected")).isEqualTo(DetectionDirection.BELOW_EXPECTED);
        assertThat(DetectionDirection.BELOW_EXPECTED.configName()).isEqualTo("below_expected");
    }

    @Test
    void detectionDirectionParse_unknown_listsValidValuesAndQuotesText() {
        assertThatThrownBy(() -> DetectionDirection.parse("up"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"up\"")
                .hasMessageContaining("both, above_expected, below_expected");
        assertThatThrownBy(() -> DetectionDirection.parse(null)).hasMessageContaining("\"null\"");
    }
}
