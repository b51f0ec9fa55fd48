package dev.vigil.core.score;

import dev.vigil.core.prediction.Prediction;
import java.util.Objects;

/**
 * vmanomaly's anomaly-score pipeline (vmanomaly docs, Models, v1.31), in this order for each point:
 *
 * <ol>
 *   <li><b>scale</b>: the lower margin {@code m_l = |yhat - yhat_lower|} becomes {@code m_l * scale[0]},
 *       the upper margin {@code m_u = |yhat_upper - yhat|} becomes {@code m_u * scale[1]};</li>
 *   <li><b>clip_predictions</b>: with a data range set, {@code yhat}, {@code yhat_lower} and
 *       {@code yhat_upper} are clipped to it;</li>
 *   <li><b>linear score</b>: with {@code d = y - yhat},
 *       {@code score = d / (yhat_upper - yhat)} when {@code d > 0},
 *       {@code score = -d / (yhat - yhat_lower)} when {@code d < 0}, and 0 when {@code d = 0}; so the
 *       score is 0 at yhat, exactly 1 on the violated bound and above 1 beyond it. A margin narrower
 *       than {@link #MIN_RELATIVE_MARGIN}{@code * max(1, |yhat|)} (a zero-width band) is widened to that
 *       width, so a deviation of rounding size scores below 1 and any real deviation far above 1,
 *       never NaN and never a division by zero. Near the double maximum the differences are taken
 *       on halved operands so that they cannot overflow, an infinite bound scores 0 and a score
 *       beyond the double range saturates at {@link Double#MAX_VALUE}: a finite {@code y} with a
 *       finite {@code yhat} never scores NaN or infinity;</li>
 *   <li><b>detection_direction</b>: {@code above_expected} zeroes the score when {@code y < yhat},
 *       {@code below_expected} when {@code y > yhat};</li>
 *   <li><b>min_dev_from_expected</b> and <b>min_rel_dev_from_expected</b> (AND-combined): the score
 *       stays non-zero only if {@code |d| >= min_dev[side]} and
 *       {@code 100 * |d| >= min_rel_dev[side] * |yhat|}, where side is lower when {@code y < yhat};</li>
 *   <li><b>data_range</b>: {@code y} outside {@code [low, high]} scores
 *       {@code anomaly_score_outside_data_range}; otherwise a {@code yhat} outside the range (an
 *       uncertain prediction) scores 0;</li>
 *   <li>a {@code NaN} or infinite {@code y}, or a {@code NaN} {@code yhat}, scores {@code NaN}.</li>
 * </ol>
 *
 * <p>Immutable and thread-safe. {@link #apply} is O(n), works in place and allocates nothing.
 */
public final class ScorePipeline {

    /** The narrowest margin, relative to {@code max(1, |yhat|)}, used when a band has (almost) zero width. */
    public static final double MIN_RELATIVE_MARGIN = 1e-9;

    private final ScoreSpec spec;

    /** A pipeline for the given (already validated) arguments. */
    public ScorePipeline(ScoreSpec spec) {
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /** The pipeline with every argument at vmanomaly's default. */
    public static ScorePipeline defaults() {
        return new ScorePipeline(ScoreSpec.DEFAULT);
    }

    /** The arguments of this pipeline. */
    public ScoreSpec spec() {
        return spec;
    }

    /**
     * Runs steps 1 to 7 over a prediction being built: rewrites its bounds (scale, clip) and
     * predictions (clip) and fills {@code anomaly_score}. {@code y}, {@code yhat}, {@code yhat_lower}
     * and {@code yhat_upper} must already be set.
     */
    public void apply(Prediction.Builder b) {
        apply(b.y(), b.yhat(), b.yhatLower(), b.yhatUpper(), b.anomalyScore(), 0, b.size());
    }

    /**
     * Runs the pipeline over rows {@code [from, to)} of the given columns, in place: {@code yhat},
     * {@code lower} and {@code upper} are rewritten (scale, clip) and {@code score} is filled.
     */
    public void apply(double[] y, double[] yhat, double[] lower, double[] upper, double[] score, int from, int to) {
        final double sl = spec.scaleLower();
        final double su = spec.scaleUpper();
        final boolean clip = spec.clipPredictions() && spec.hasDataRange();
        final double lo = spec.dataRangeLow();
        final double hi = spec.dataRangeHigh();
        for (int i = from; i < to; i++) {
            double yh = yhat[i];
            double l = yh - Math.abs(yh - lower[i]) * sl;
            double u = yh + Math.abs(upper[i] - yh) * su;
            if (clip) {
                yh = clamp(yh, lo, hi);
                l = clamp(l, lo, hi);
                u = clamp(u, lo, hi);
            }
            yhat[i] = yh;
            lower[i] = l;
            upper[i] = u;
            score[i] = scoreScaled(y[i], yh, l, u);
        }
    }

    /**
     * The score of one point whose bounds are already scaled and clipped (steps 3 to 7). Allocation-free.
     */
    public double scoreScaled(double y, double yhat, double lower, double upper) {
        if (!Double.isFinite(y) || Double.isNaN(yhat)) {
            return Double.NaN;
        }
        if (y < spec.dataRangeLow() || y > spec.dataRangeHigh()) {
            return spec.outsideDataRangeScore();
        }
        if (yhat < spec.dataRangeLow() || yhat > spec.dataRangeHigh()) {
            return 0.0;
        }
        double d = y - yhat;
        if (d == 0.0) {
            return 0.0;
        }
        boolean below = d < 0;
        DetectionDirection dir = spec.direction();
        if ((below && dir == DetectionDirection.ABOVE_EXPECTED) || (!below && dir == DetectionDirection.BELOW_EXPECTED)) {
            return 0.0;
        }
        double ad = Math.abs(d);
        if (ad < (below ? spec.minDevLower() : spec.minDevUpper())) {
            return 0.0;
        }
        if (100.0 * ad < (below ? spec.minRelDevLower() : spec.minRelDevUpper()) * Math.abs(yhat)) {
            return 0.0;
        }
        double margin = below ? yhat - lower : upper - yhat;
        double floor = MIN_RELATIVE_MARGIN * Math.max(1.0, Math.abs(yhat));
        if (!(margin >= floor)) {
            // A zero-width (or inverted, or NaN) band: keep the score finite and monotone in |d|.
            margin = floor;
        }
        if (ad == Double.POSITIVE_INFINITY || margin == Double.POSITIVE_INFINITY) {
            return halved(y, yhat, below ? lower : upper, below, floor);
        }
        double s = ad / margin;
        return s == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : s;
    }

    /**
     * The ratio of the last step when a difference overflowed (values of opposite sign near the
     * double maximum, or an infinite bound): the same ratio computed on halved operands, whose
     * differences cannot overflow. An infinite bound scores 0 (nothing lies outside it); a ratio
     * beyond the double range saturates at {@link Double#MAX_VALUE}.
     */
    private static double halved(double y, double yhat, double bound, boolean below, double floor) {
        double ad = Math.abs(0.5 * y - 0.5 * yhat);
        double margin = below ? 0.5 * yhat - 0.5 * bound : 0.5 * bound - 0.5 * yhat;
        if (!(margin >= 0.5 * floor)) {
            margin = 0.5 * floor;
        }
        if (margin == Double.POSITIVE_INFINITY) {
            return 0.0;
        }
        double s = ad / margin;
        return s < Double.MAX_VALUE ? s : Double.MAX_VALUE;
    }

    /**
     * The score of one point from raw model bounds: applies scale and clip (steps 1 and 2) to local
     * copies, then {@link #scoreScaled}. For online models that score point by point.
     */
    public double score(double y, double yhat, double lower, double upper) {
        double l = yhat - Math.abs(yhat - lower) * spec.scaleLower();
        double u = yhat + Math.abs(upper - yhat) * spec.scaleUpper();
        if (spec.clipPredictions() && spec.hasDataRange()) {
            double lo = spec.dataRangeLow();
            double hi = spec.dataRangeHigh();
            return scoreScaled(y, clamp(yhat, lo, hi), clamp(l, lo, hi), clamp(u, lo, hi));
        }
        return scoreScaled(y, yhat, l, u);
    }

    private static double clamp(double v, double lo, double hi) {
        return v < lo ? lo : (v > hi ? hi : v);
    }
}
