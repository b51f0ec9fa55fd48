package dev.vigil.eval.report;

import dev.vigil.core.prediction.Prediction;

/**
 * Statistics of a scored series: rows, rows with a finite score, anomalies (score strictly above the
 * threshold, normally 1), the largest finite score and the first and last anomalous rows. Immutable and
 * thread-safe.
 *
 * @param rows          number of rows
 * @param scored        rows whose score is finite
 * @param anomalies     rows whose score is {@code > threshold}
 * @param maxScore      the largest finite score, {@code NaN} when none
 * @param firstAnomaly  index of the first anomalous row, -1 when none
 * @param lastAnomaly   index of the last anomalous row, -1 when none
 * @param threshold     the anomaly threshold used
 */
public record ScoreSummary(int rows, int scored, int anomalies, double maxScore, int firstAnomaly, int lastAnomaly,
        double threshold) {

    /** vmanomaly's alerting threshold: {@code anomaly_score > 1}. */
    static final double DEFAULT_THRESHOLD = 1.0;

    /** Computes the statistics of {@code p}; O(n). */
    public static ScoreSummary of(Prediction p, double threshold) {
        int scored = 0;
        int anomalies = 0;
        double max = Double.NaN;
        int first = -1;
        int last = -1;
        for (int i = 0; i < p.size(); i++) {
            double s = p.anomalyScore(i);
            if (Double.isFinite(s)) {
                scored++;
                if (!(s <= max)) {
                    max = s;
                }
            }
            if (s > threshold) {
                anomalies++;
                if (first < 0) {
                    first = i;
                }
                last = i;
            }
        }
        return new ScoreSummary(p.size(), scored, anomalies, max, first, last, threshold);
    }

    /** The statistics with the default threshold of 1. */
    public static ScoreSummary of(Prediction p) {
        return of(p, DEFAULT_THRESHOLD);
    }

    /** Anomalies as a percentage of all rows (0 for no rows). */
    public double anomalyPercent() {
        return rows == 0 ? 0 : 100.0 * anomalies / rows;
    }
}
