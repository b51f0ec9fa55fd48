package dev.vigil.eval.report;

import dev.vigil.core.prediction.Prediction;

import java.util.List;
import java.util.function.IntToDoubleFunction;

/**
 * Statistics of a scored series: rows, rows with a finite score, anomalies (score strictly above the
 * threshold, normally 1), anomaly events (runs of consecutive anomalous rows), the largest finite score
 * and the first and last anomalous rows. Immutable and thread-safe.
 *
 * @param rows          number of rows
 * @param scored        rows whose score is finite
 * @param anomalies     rows whose score is {@code > threshold}
 * @param events        runs of consecutive anomalous rows (a row without a score ends a run): what an
 *                      alert on {@code anomaly_score > threshold} would fire
 * @param maxScore      the largest finite score, {@code NaN} when none
 * @param firstAnomaly  index of the first anomalous row, -1 when none
 * @param lastAnomaly   index of the last anomalous row, -1 when none
 * @param threshold     the anomaly threshold used
 */
public record ScoreSummary(int rows, int scored, int anomalies, int events, double maxScore, int firstAnomaly, int lastAnomaly,
        double threshold) {

    /** vmanomaly's alerting threshold: {@code anomaly_score > 1}. */
    static final double DEFAULT_THRESHOLD = 1.0;

    /** Computes the statistics of {@code p}; O(n). */
    public static ScoreSummary of(Prediction p, double threshold) {
        return of(p.size(), p::anomalyScore, threshold);
    }

    /** Computes the statistics of the scores {@code scores} (NaN: no score); O(n). */
    public static ScoreSummary ofScores(double[] scores, double threshold) {
        return of(scores.length, i -> scores[i], threshold);
    }

    private static ScoreSummary of(int n, IntToDoubleFunction score, double threshold) {
        int scored = 0;
        int anomalies = 0;
        int events = 0;
        boolean inEvent = false;
        double max = Double.NaN;
        int first = -1;
        int last = -1;
        for (int i = 0; i < n; i++) {
            double s = score.applyAsDouble(i);
            if (Double.isFinite(s)) {
                scored++;
                if (!(s <= max)) {
                    max = s;
                }
            }
            if (s > threshold) {
                if (!inEvent) {
                    events++;
                }
                inEvent = true;
                anomalies++;
                if (first < 0) {
                    first = i;
                }
                last = i;
            } else {
                inEvent = false;
            }
        }
        return new ScoreSummary(n, scored, anomalies, events, max, first, last, threshold);
    }

    /** The statistics with the default threshold of 1. */
    public static ScoreSummary of(Prediction p) {
        return of(p, DEFAULT_THRESHOLD);
    }

    /** Anomalies as a percentage of all rows (0 for no rows). */
    public double anomalyPercent() {
        return rows == 0 ? 0 : 100.0 * anomalies / rows;
    }

    /**
     * How many of {@code windows} hold at least one row of {@code p} scoring above {@code threshold}
     * (a window is inclusive at both ends; rows are in time order). O(w log n + rows inside windows).
     */
    public static int windowsHit(Prediction p, List<HtmlReport.Window> windows, double threshold) {
        int hit = 0;
        for (HtmlReport.Window w : windows) {
            for (int i = firstAtOrAfter(p, w.startMs()); i < p.size() && p.timestamp(i) <= w.endMs(); i++) {
                if (p.anomalyScore(i) > threshold) {
                    hit++;
                    break;
                }
            }
        }
        return hit;
    }

    private static int firstAtOrAfter(Prediction p, long t) {
        int lo = 0;
        int hi = p.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (p.timestamp(mid) < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
