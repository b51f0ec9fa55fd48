package dev.vigil.core.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Labels;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per rule of the documented anomaly-score pipeline (vmanomaly docs, Models, v1.31), in pipeline order, then seeded properties. */
class ScorePipelineTest {

    private static final double EPS = 1e-12;

    private static double score(ScoreSpec spec, double y, double yhat, double lower, double upper) {
        return new ScorePipeline(spec).score(y, yhat, lower, upper);
    }

    private static double score(double y, double yhat, double lower, double upper) {
        return score(ScoreSpec.DEFAULT, y, yhat, lower, upper);
    }

    // ---- step 1: scale --------------------------------------------------------------------------

    @Test
    void scale_scalar_multipliesBothMargins() {
        ScoreSpec spec = ScoreSpec.DEFAULT.withScale(2, 2);
        // yhat 10, band [8, 12] -> scaled band [6, 14]
        assertThat(score(spec, 14, 10, 8, 12)).isEqualTo(1.0);
        assertThat(score(spec, 6, 10, 8, 12)).isEqualTo(1.0);
        assertThat(score(spec, 12, 10, 8, 12)).isCloseTo(0.5, within(EPS));
    }

    @Test
    void scale_lowerUpperPair_widensLowerNarrowsUpperAndRewritesBounds() {
        // The spec's example [1.2, 0.75]: lower margin +20 %, upper margin -25 %.
        ScorePipeline p = new ScorePipeline(ScoreSpec.DEFAULT.withScale(1.2, 0.75));
        double[] y = {107.5, 88};
        double[] yhat = {100, 100};
        double[] lower = {90, 90};
        double[] upper = {110, 110};
        double[] s = new double[2];

        p.apply(y, yhat, lower, upper, s, 0, 2);

        assertThat(lower).containsExactly(88, 88);
        assertThat(upper).containsExactly(107.5, 107.5);
        assertThat(yhat).containsExactly(100, 100);
        assertThat(s).containsExactly(1.0, 1.0);
    }

    @Test
    void scale_boundsOnWrongSideOfYhat_marginsTakenAsAbsolute() {
        // |yhat - yhat_lower| and |yhat_upper - yhat|: a model returning swapped bounds still gets a band.
        assertThat(score(12, 10, 12, 8)).isEqualTo(1.0);
        assertThat(score(8, 10, 12, 8)).isEqualTo(1.0);
    }

    // ---- step 2: clip_predictions ---------------------------------------------------------------

    @Test
    void clipPredictions_withDataRange_clipsAllThreePredictionColumns() {
        ScorePipeline p = new ScorePipeline(ScoreSpec.DEFAULT.withDataRange(0, 100, true));
        double[] y = {2, 99};
        double[] yhat = {-5, 104};
        double[] lower = {-10, 98};
        double[] upper = {5, 120};
        double[] s = new double[2];

        p.apply(y, yhat, lower, upper, s, 0, 2);

        assertThat(yhat).containsExactly(0, 100);
        assertThat(lower).containsExactly(0, 98);
        assertThat(upper).containsExactly(5, 100);
        // row 0: clipped yhat 0 is inside the range, so y = 2 scores 2 / (5 - 0)
        assertThat(s[0]).isCloseTo(0.4, within(EPS));
        // row 1: y = 99 below clipped yhat 100, lower margin 2
        assertThat(s[1]).isCloseTo(0.5, within(EPS));
    }

    @Test
    void clipPredictions_withoutDataRange_changesNothing() {
        ScorePipeline p = new ScorePipeline(ScoreSpec.DEFAULT.withDataRange(
                Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, true));
        double[] y = {-1e9};
        double[] yhat = {-5};
        double[] lower = {-10};
        double[] upper = {5};
        double[] s = new double[1];

        p.apply(y, yhat, lower, upper, s, 0, 1);

        assertThat(yhat).containsExactly(-5);
        assertThat(lower).containsExactly(-10);
        assertThat(upper).containsExactly(5);
        assertThat(s[0]).isCloseTo((1e9 - 5) / 5, within(1e-3));
    }

    @Test
    void clipPredictions_off_predictionsKeptAndOutOfRangeYhatScoresZero() {
        ScorePipeline p = new ScorePipeline(ScoreSpec.DEFAULT.withDataRange(0, 100, false));
        double[] y = {2};
        double[] yhat = {-5};
        double[] lower = {-10};
        double[] upper = {5};
        double[] s = new double[1];

        p.apply(y, yhat, lower, upper, s, 0, 1);

        assertThat(yhat).containsExactly(-5);
        assertThat(lower).containsExactly(-10);
        assertThat(s[0]).isZero();
    }

    // ---- step 3: linear score -------------------------------------------------------------------

    @Test
    void linearScore_yEqualsYhat_isZero() {
        assertThat(score(10, 10, 8, 12)).isZero();
        assertThat(score(0.1, 0.1, 0.1, 0.1)).isZero();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 1e-7, 3.3, 1e12, -7.77})
    void linearScore_yOnEitherBound_isExactlyOne(double yhat) {
        double lower = yhat - 0.3 * Math.max(1, Math.abs(yhat));
        double upper = yhat + 0.7 * Math.max(1, Math.abs(yhat));

        assertThat(score(upper, yhat, lower, upper)).isEqualTo(1.0);
        assertThat(score(lower, yhat, lower, upper)).isEqualTo(1.0);
    }

    @Test
    void linearScore_beyondBound_aboveOneAndLinearInDistance() {
        // band [8, 14] around 10: lower margin 2, upper margin 4
        assertThat(score(18, 10, 8, 14)).isCloseTo(2.0, within(EPS));
        assertThat(score(22, 10, 8, 14)).isCloseTo(3.0, within(EPS));
        assertThat(score(4, 10, 8, 14)).isCloseTo(3.0, within(EPS));
        assertThat(score(14.000001, 10, 8, 14)).isGreaterThan(1.0);
    }

    @Test
    void linearScore_insideBand_proportionalToDistanceOverMargin() {
        assertThat(score(11, 10, 8, 14)).isCloseTo(0.25, within(EPS));
        assertThat(score(13, 10, 8, 14)).isCloseTo(0.75, within(EPS));
        assertThat(score(9, 10, 8, 14)).isCloseTo(0.5, within(EPS));
        assertThat(score(8.5, 10, 8, 14)).isCloseTo(0.75, within(EPS));
    }

    @Test
    void linearScore_zeroWidthBand_finiteAboveOneForRealDeviationAndBelowOneForRounding() {
        double s = score(5.1, 5, 5, 5);
        assertThat(s).isFinite().isGreaterThan(1.0);
        // margin floor is MIN_RELATIVE_MARGIN * max(1, |yhat|) = 5e-9
        assertThat(s).isCloseTo((5.1 - 5) / (5 * ScorePipeline.MIN_RELATIVE_MARGIN), within(1e-3));
        assertThat(score(4.9, 5, 5, 5)).isFinite().isGreaterThan(1.0);
        assertThat(score(Math.nextUp(5.0), 5, 5, 5)).isFinite().isGreaterThan(0.0).isLessThan(1.0);
        assertThat(score(5, 5, 5, 5)).isZero();
        // around zero the floor is absolute: 1e-9
        assertThat(score(1e-6, 0, 0, 0)).isCloseTo(1000.0, within(1e-6));
    }

    @Test
    void linearScore_zeroScale_behavesLikeZeroWidthBand() {
        double s = score(ScoreSpec.DEFAULT.withScale(0, 0), 11, 10, 8, 12);

        assertThat(s).isFinite().isGreaterThan(1e6);
    }

    @Test
    void linearScore_nanBounds_treatedAsZeroWidthBand() {
        assertThat(score(11, 10, Double.NaN, Double.NaN)).isFinite().isGreaterThan(1e6);
        assertThat(score(10, 10, Double.NaN, Double.NaN)).isZero();
    }

    // ---- step 4: detection_direction ------------------------------------------------------------

    @Test
    void detectionDirection_aboveExpected_zeroesOnlyBelow() {
        ScoreSpec spec = ScoreSpec.DEFAULT.withDirection(DetectionDirection.ABOVE_EXPECTED);

        assertThat(score(spec, 4, 10, 8, 12)).isZero();
        assertThat(score(spec, 16, 10, 8, 12)).isCloseTo(3.0, within(EPS));
    }

    @Test
    void detectionDirection_belowExpected_zeroesOnlyAbove() {
        ScoreSpec spec = ScoreSpec.DEFAULT.withDirection(DetectionDirection.BELOW_EXPECTED);

        assertThat(score(spec, 16, 10, 8, 12)).isZero();
        assertThat(score(spec, 4, 10, 8, 12)).isCloseTo(3.0, within(EPS));
    }

    @Test
    void detectionDirection_both_scoresBothSides() {
        assertThat(score(4, 10, 8, 12)).isCloseTo(3.0, within(EPS));
        assertThat(score(16, 10, 8, 12)).isCloseTo(3.0, within(EPS));
    }

    // ---- step 5: min_dev_from_expected, min_rel_dev_from_expected -------------------------------

    @Test
    void minDevFromExpected_scalar_zeroesDeviationsBelowThresholdOnBothSides() {
        ScoreSpec spec = ScoreSpec.DEFAULT.withMinDev(3, 3);

        assertThat(score(spec, 12.9, 10, 9, 11)).isZero();
        assertThat(score(spec, 7.1, 10, 9, 11)).isZero();
        // |y - yhat| == threshold is not "below" it: the plain score stays
        assertThat(score(spec, 13, 10, 9, 11)).isCloseTo(3.0, within(EPS));
        assertThat(score(spec, 7, 10, 9, 11)).isCloseTo(3.0, within(EPS));
    }

    @Test
    void minDevFromExpected_lowerUpperPair_firstBelowSecondAbove() {
        ScoreSpec spec = ScoreSpec.DEFAULT.withMinDev(1, 5);

        assertThat(score(spec, 8, 10, 9, 11)).isCloseTo(2.0, within(EPS)); // below by 2 >= 1
        assertThat(score(spec, 12, 10, 9, 11)).isZero(); // above by 2 < 5
        assertThat(score(spec, 15, 10, 9, 11)).isCloseTo(5.0, within(EPS)); // above by 5 >= 5
    }

    @Test
    void minRelDevFromExpected_percentLowerUpperPair_relativeToAbsYhat() {
        // The spec's example [20, 40]: 20 % below, 40 % above.
        ScoreSpec spec = ScoreSpec.DEFAULT.withMinRelDev(20, 40);

        assertThat(score(spec, 81, 100, 99, 101)).isZero(); // 19 % below
        assertThat(score(spec, 80, 100, 99, 101)).isCloseTo(20.0, within(EPS)); // 20 % below
        assertThat(score(spec, 139, 100, 99, 101)).isZero(); // 39 % above
        assertThat(score(spec, 140, 100, 99, 101)).isCloseTo(40.0, within(EPS)); // 40 % above
        // negative yhat: percent of |yhat|; -125 is 25 % below -100
        assertThat(score(spec, -125, -100, -101, -99)).isCloseTo(25.0, within(EPS));
        assertThat(score(spec, -85, -100, -101, -99)).isZero(); // 15 % above
    }

    @Test
    void minRelDevFromExpected_yhatZero_neverZeroesAScore() {
        // |y - yhat| / |yhat| is infinite, above any threshold.
        ScoreSpec spec = ScoreSpec.DEFAULT.withMinRelDev(50, 50);

        assertThat(score(spec, 0.5, 0, -1, 1)).isCloseTo(0.5, within(EPS));
    }

    @Test
    void minDevAndMinRelDev_bothSet_scoreOnlyWhenBothExceeded() {
        ScoreSpec spec = ScoreSpec.DEFAULT.withMinDev(10, 10).withMinRelDev(5, 5);

        assertThat(score(spec, 108, 100, 99, 101)).isZero(); // 8 % passes, 8 < 10 fails
        assertThat(score(spec, 1020, 1000, 999, 1001)).isZero(); // 20 >= 10 passes, 2 % fails
        assertThat(score(spec, 112, 100, 99, 101)).isCloseTo(12.0, within(EPS)); // both pass
        assertThat(score(spec, 88, 100, 99, 101)).isCloseTo(12.0, within(EPS)); // both pass, below
    }

    // ---- step 6: data_range ---------------------------------------------------------------------

    @Test
    void dataRange_yOutside_scoresDefaultOutsideScore() {
        ScoreSpec spec = ScoreSpec.DEFAULT.withDataRange(0, 100, false);

        assertThat(score(spec, 150, 50, 40, 60)).isEqualTo(1.01);
        assertThat(score(spec, -0.001, 50, 40, 60)).isEqualTo(1.01);
        // the bounds of the range are inside it
        assertThat(score(spec, 100, 50, 40, 60)).isCloseTo(5.0, within(EPS));
        assertThat(score(spec, 0, 50, 40, 60)).isCloseTo(5.0, within(EPS));
    }

    @Test
    void dataRange_yOutsideWithCustomScore_scoresCustomValue() {
        ScoreSpec spec = ScoreSpec.DEFAULT.withDataRange(0, 100, true).withOutsideDataRangeScore(5.0);

        assertThat(score(spec, 101, 50, 40, 60)).isEqualTo(5.0);
    }

    @Test
    void dataRange_yOutside_overridesDirectionAndMinimumDeviations() {
        ScoreSpec spec = ScoreSpec.DEFAULT.withDataRange(0, 100, false)
                .withDirection(DetectionDirection.BELOW_EXPECTED).withMinDev(1e6, 1e6);

        assertThat(score(spec, 101, 50, 40, 60)).isEqualTo(1.01);
        assertThat(score(spec, 101, 101, 101, 101)).isEqualTo(1.01);
    }

    @Test
    void dataRange_yhatOutsideAndYInside_scoresZero() {
        ScoreSpec spec = ScoreSpec.DEFAULT.withDataRange(0, 100, false);

        assertThat(score(spec, 50, 120, 110, 130)).isZero();
        assertThat(score(spec, 0, -3, -4, -2)).isZero();
    }

    // ---- step 7: non-finite input ---------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void nonFiniteY_scoresNaN_evenWithDataRange(double y) {
        assertThat(score(y, 10, 8, 12)).isNaN();
        assertThat(score(ScoreSpec.DEFAULT.withDataRange(0, 100, true), y, 10, 8, 12)).isNaN();
    }

    @Test
    void nanYhat_scoresNaN() {
        assertThat(score(10, Double.NaN, 8, 12)).isNaN();
        assertThat(score(ScoreSpec.DEFAULT.withDataRange(0, 100, true), 10, Double.NaN, 8, 12)).isNaN();
    }

    // ---- apply over builders and row ranges -----------------------------------------------------

    @Test
    void applyBuilder_filledPrediction_writesScoresAndScaledBounds() {
        Prediction.Builder b = Prediction.builder(Labels.of("__name__", "m"), new long[] {1, 2, 3});
        b.set(0, 10, 10, 8, 12).set(1, 16, 10, 8, 12).set(2, Double.NaN, 10, 8, 12);

        new ScorePipeline(ScoreSpec.DEFAULT.withScale(1, 2)).apply(b);
        Prediction p = b.build();

        assertThat(p.column("anomaly_score")).containsExactly(0.0, 1.5, Double.NaN);
        assertThat(p.column("yhat_upper")).containsExactly(14, 14, 14);
        assertThat(p.column("yhat_lower")).containsExactly(8, 8, 8);
    }

    @Test
    void applyRange_subRange_touchesOnlyThoseRows() {
        double[] y = {16, 16, 16};
        double[] yhat = {10, 10, 10};
        double[] lower = {8, 8, 8};
        double[] upper = {12, 12, 12};
        double[] s = {-1, -1, -1};

        new ScorePipeline(ScoreSpec.DEFAULT.withScale(2, 2)).apply(y, yhat, lower, upper, s, 1, 2);

        assertThat(s).containsExactly(-1, 1.5, -1);
        assertThat(upper).containsExactly(12, 14, 12);
    }

    @Test
    void defaults_spec_isVmanomalyDefault() {
        ScoreSpec d = ScorePipeline.defaults().spec();

        assertThat(d).isEqualTo(ScoreSpec.DEFAULT);
        assertThat(d.scaleLower()).isEqualTo(1.0);
        assertThat(d.scaleUpper()).isEqualTo(1.0);
        assertThat(d.clipPredictions()).isFalse();
        assertThat(d.hasDataRange()).isFalse();
        assertThat(d.direction()).isEqualTo(DetectionDirection.BOTH);
        assertThat(d.outsideDataRangeScore()).isEqualTo(1.01);
    }

    // ---- seeded properties ----------------------------------------------------------------------

    private static ScoreSpec randomSpec(SplittableRandom rnd) {
        ScoreSpec spec = ScoreSpec.DEFAULT.withScale(rnd.nextDouble(0, 3), rnd.nextDouble(0, 3))
                .withDirection(DetectionDirection.values()[rnd.nextInt(3)]);
        if (rnd.nextBoolean()) {
            spec = spec.withMinDev(rnd.nextDouble(0, 5), rnd.nextDouble(0, 5))
                    .withMinRelDev(rnd.nextDouble(0, 30), rnd.nextDouble(0, 30));
        }
        if (rnd.nextBoolean()) {
            double lo = rnd.nextDouble(-100, 0);
            spec = spec.withDataRange(lo, lo + rnd.nextDouble(0, 300), rnd.nextBoolean())
                    .withOutsideDataRangeScore(rnd.nextDouble(0, 3));
        }
        return spec;
    }

    private static double randomValue(SplittableRandom rnd) {
        switch (rnd.nextInt(12)) {
            case 0: return Double.NaN;
            case 1: return Double.POSITIVE_INFINITY;
            case 2: return Double.NEGATIVE_INFINITY;
            case 3: return 0.0;
            default: return rnd.nextDouble(-200, 200) * Math.pow(10, rnd.nextInt(-6, 4));
        }
    }

    @Test
    void property_randomInputsAndSpecs_scoreIsNonNegativeOrNaNAndApplyAgreesWithScore() {
        SplittableRandom rnd = new SplittableRandom(2024L);
        for (int k = 0; k < 50_000; k++) {
            ScorePipeline p = new ScorePipeline(randomSpec(rnd));
            double y = randomValue(rnd);
            double yhat = randomValue(rnd);
            double lower = randomValue(rnd);
            double upper = randomValue(rnd);

            double s = p.score(y, yhat, lower, upper);
            assertThat(Double.isNaN(s) || s >= 0).as("score %s for y=%s yhat=%s [%s, %s] %s",
                    s, y, yhat, lower, upper, p.spec()).isTrue();
            if (Double.isNaN(y) || Double.isInfinite(y) || Double.isNaN(yhat)) {
                assertThat(s).isNaN();
            }

            double[] ys = {y};
            double[] yh = {yhat};
            double[] lo = {lower};
            double[] up = {upper};
            double[] out = {-1};
            p.apply(ys, yh, lo, up, out, 0, 1);
            assertThat(Double.doubleToLongBits(out[0])).isEqualTo(Double.doubleToLongBits(s));
        }
    }

    @Test
    void property_yOnScaledBound_scoresExactlyOne() {
        SplittableRandom rnd = new SplittableRandom(99L);
        for (int k = 0; k < 20_000; k++) {
            double yhat = rnd.nextDouble(-1e3, 1e3) * Math.pow(10, rnd.nextInt(-4, 4));
            double floor = ScorePipeline.MIN_RELATIVE_MARGIN * Math.max(1, Math.abs(yhat));
            double scaleL = rnd.nextDouble(0.1, 3);
            double scaleU = rnd.nextDouble(0.1, 3);
            // margins comfortably above the zero-width floor after scaling
            double lower = yhat - 20 * floor / scaleL - rnd.nextDouble(0, 1e3);
            double upper = yhat + 20 * floor / scaleU + rnd.nextDouble(0, 1e3);
            ScorePipeline p = new ScorePipeline(ScoreSpec.DEFAULT.withScale(scaleL, scaleU));
            double[] yh = {yhat};
            double[] lo = {lower};
            double[] up = {upper};
            p.apply(new double[] {yhat}, yh, lo, up, new double[1], 0, 1);

            assertThat(p.score(up[0], yhat, lower, upper)).as("upper %s", up[0]).isEqualTo(1.0);
            assertThat(p.score(lo[0], yhat, lower, upper)).as("lower %s", lo[0]).isEqualTo(1.0);
        }
    }

    @Test
    void property_scoreMonotoneInDistanceOnEachSide() {
        SplittableRandom rnd = new SplittableRandom(7L);
        double[] dist = new double[40];
        for (int k = 0; k < 2_000; k++) {
            ScoreSpec spec = randomSpec(rnd);
            ScorePipeline p = new ScorePipeline(spec);
            double yhat = rnd.nextDouble(-50, 150);
            double lower = yhat - rnd.nextDouble(0, 20);
            double upper = yhat + rnd.nextDouble(0, 20);
            for (int i = 0; i < dist.length; i++) {
                dist[i] = rnd.nextDouble(0, 100);
            }
            Arrays.sort(dist);
            for (int side = -1; side <= 1; side += 2) {
                double prev = -1;
                for (double d : dist) {
                    double y = yhat + side * d;
                    if (y < spec.dataRangeLow() || y > spec.dataRangeHigh()) {
                        continue; // outside the range the constant outside score applies
                    }
                    double s = p.score(y, yhat, lower, upper);
                    assertThat(s).as("side %d distance %s spec %s", side, d, spec).isGreaterThanOrEqualTo(prev);
                    prev = s;
                }
            }
        }
    }
}
