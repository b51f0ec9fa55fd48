package dev.vigil.core.score;

import java.util.Objects;

/**
 * The validated business arguments of the score pipeline, named as in vmanomaly's config.
 *
 * @param scaleLower             factor on the lower margin {@code yhat - yhat_lower} ({@code scale[0]}), {@code >= 0}
 * @param scaleUpper             factor on the upper margin {@code yhat_upper - yhat} ({@code scale[1]}), {@code >= 0}
 * @param clipPredictions        clip {@code yhat}, {@code yhat_lower}, {@code yhat_upper} to the data range
 * @param dataRangeLow           lowest valid {@code y} ({@code data_range[0]}), may be {@code -Infinity}
 * @param dataRangeHigh          highest valid {@code y} ({@code data_range[1]}), may be {@code +Infinity}
 * @param direction              {@code detection_direction}
 * @param minDevLower            {@code min_dev_from_expected} when {@code y < yhat}, in units of y, {@code >= 0}
 * @param minDevUpper            {@code min_dev_from_expected} when {@code y > yhat}, in units of y, {@code >= 0}
 * @param minRelDevLower         {@code min_rel_dev_from_expected} when {@code y < yhat}, in percent of |yhat|, {@code >= 0}
 * @param minRelDevUpper         {@code min_rel_dev_from_expected} when {@code y > yhat}, in percent of |yhat|, {@code >= 0}
 * @param outsideDataRangeScore  {@code anomaly_score_outside_data_range}: the score of a {@code y} outside the data range
 */
public record ScoreSpec(
        double scaleLower,
        double scaleUpper,
        boolean clipPredictions,
        double dataRangeLow,
        double dataRangeHigh,
        DetectionDirection direction,
        double minDevLower,
        double minDevUpper,
        double minRelDevLower,
        double minRelDevUpper,
        double outsideDataRangeScore) {

    /** vmanomaly's default {@code anomaly_score_outside_data_range}. */
    public static final double DEFAULT_OUTSIDE_DATA_RANGE_SCORE = 1.01;

    /** Every argument at vmanomaly's default: no scaling, no range, both directions, no minimum deviation. */
    public static final ScoreSpec DEFAULT = new ScoreSpec(1.0, 1.0, false,
            Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, DetectionDirection.BOTH,
            0.0, 0.0, 0.0, 0.0, DEFAULT_OUTSIDE_DATA_RANGE_SCORE);

    /** Validates every argument; the message names the vmanomaly argument and the value. */
    public ScoreSpec {
        Objects.requireNonNull(direction, "detection_direction");
        requireNonNegative("scale[0] (lower)", scaleLower);
        requireNonNegative("scale[1] (upper)", scaleUpper);
        requireNonNegative("min_dev_from_expected[0] (lower)", minDevLower);
        requireNonNegative("min_dev_from_expected[1] (upper)", minDevUpper);
        requireNonNegative("min_rel_dev_from_expected[0] (lower)", minRelDevLower);
        requireNonNegative("min_rel_dev_from_expected[1] (upper)", minRelDevUpper);
        if (Double.isNaN(dataRangeLow) || Double.isNaN(dataRangeHigh) || dataRangeLow > dataRangeHigh) {
            throw new IllegalArgumentException("data_range must be [low, high] with low <= high, got ["
                    + dataRangeLow + ", " + dataRangeHigh + "]");
        }
        if (!Double.isFinite(outsideDataRangeScore) || outsideDataRangeScore < 0) {
            throw new IllegalArgumentException("anomaly_score_outside_data_range must be a finite number >= 0, got "
                    + outsideDataRangeScore);
        }
    }

    private static void requireNonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        }
    }

    /** Whether a data range narrower than the whole real line is set. */
    public boolean hasDataRange() {
        return dataRangeLow != Double.NEGATIVE_INFINITY || dataRangeHigh != Double.POSITIVE_INFINITY;
    }

    /** A copy with another {@code scale}. */
    public ScoreSpec withScale(double lower, double upper) {
        return new ScoreSpec(lower, upper, clipPredictions, dataRangeLow, dataRangeHigh, direction,
                minDevLower, minDevUpper, minRelDevLower, minRelDevUpper, outsideDataRangeScore);
    }

    /** A copy with another {@code data_range} and {@code clip_predictions}. */
    public ScoreSpec withDataRange(double low, double high, boolean clip) {
        return new ScoreSpec(scaleLower, scaleUpper, clip, low, high, direction,
                minDevLower, minDevUpper, minRelDevLower, minRelDevUpper, outsideDataRangeScore);
    }

    /** A copy with another {@code detection_direction}. */
    public ScoreSpec withDirection(DetectionDirection d) {
        return new ScoreSpec(scaleLower, scaleUpper, clipPredictions, dataRangeLow, dataRangeHigh, d,
                minDevLower, minDevUpper, minRelDevLower, minRelDevUpper, outsideDataRangeScore);
    }

    /** A copy with other {@code min_dev_from_expected} values. */
    public ScoreSpec withMinDev(double lower, double upper) {
        return new ScoreSpec(scaleLower, scaleUpper, clipPredictions, dataRangeLow, dataRangeHigh, direction,
                lower, upper, minRelDevLower, minRelDevUpper, outsideDataRangeScore);
    }

    /** A copy with other {@code min_rel_dev_from_expected} values (percent). */
    public ScoreSpec withMinRelDev(double lower, double upper) {
        return new ScoreSpec(scaleLower, scaleUpper, clipPredictions, dataRangeLow, dataRangeHigh, direction,
                minDevLower, minDevUpper, lower, upper, outsideDataRangeScore);
    }

    /** A copy with another {@code anomaly_score_outside_data_range}. */
    public ScoreSpec withOutsideDataRangeScore(double score) {
        return new ScoreSpec(scaleLower, scaleUpper, clipPredictions, dataRangeLow, dataRangeHigh, direction,
                minDevLower, minDevUpper, minRelDevLower, minRelDevUpper, score);
    }
}
