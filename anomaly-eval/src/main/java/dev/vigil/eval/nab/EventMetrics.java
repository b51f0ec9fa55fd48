package dev.vigil.eval.nab;

import java.util.List;
import java.util.Objects;

/**
 * Event-level precision, recall and F1 of a detector at a threshold: a labelled window is found when
 * any row inside it (past probation) is a detection; a run of consecutive detections outside every
 * window is one false event (a window or a non-detecting row ends the run). Probation rows are
 * ignored, as in {@link NabScorer}, and so are windows lying wholly in probation.
 *
 * <p>This is deliberately not point-adjusted F1 (which credits every row of a window once one row
 * fires and so rewards noisy detectors): each window and each false run counts once.
 * {@code precision = found / (found + falseEvents)}, {@code recall = found / windows},
 * {@code f1} their harmonic mean; each is 0 when its denominator is 0. Immutable.
 *
 * @param threshold   a row detects when its score is {@code >= threshold}
 * @param windows     counted windows
 * @param found       windows with at least one detection
 * @param falseEvents runs of detections outside windows
 * @param precision   {@code found / (found + falseEvents)}
 * @param recall      {@code found / windows}
 * @param f1          {@code 2 P R / (P + R)}
 */
public record EventMetrics(double threshold, int windows, int found, int falseEvents,
                           double precision, double recall, double f1) {

    /** The threshold equivalent to vmanomaly's "anomaly when {@code anomaly_score > 1}". */
    public static final double ABOVE_ONE = Math.nextUp(1.0);

    /** Computes the metrics of a corpus at a threshold, with the profile's probation. O(n). */
    public static EventMetrics of(List<NabFile> corpus, Profile probation, double threshold) {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(probation, "probation");
        int windows = 0;
        int found = 0;
        int falseEvents = 0;
        for (NabFile f : corpus) {
            int n = f.size();
            int start = probation.probationRows(n);
            int[] rows = f.windowRows();
            double[] s = f.scores();
            int w = 0;
            boolean inRun = false;
            for (int i = start; i < n; i++) {
                while (w < rows.length / 2 && rows[2 * w + 1] < i) {
                    w++;
                }
                boolean inWindow = w < rows.length / 2 && rows[2 * w] <= i;
                boolean det = !Double.isNaN(s[i]) && clean(s[i]) >= threshold;
                if (inWindow) {
                    inRun = false;
                } else if (det && !inRun) {
                    falseEvents++;
                    inRun = true;
                } else if (!det) {
                    inRun = false;
                }
            }
            for (int k = 0; k < rows.length / 2; k++) {
                int last = rows[2 * k + 1];
                if (last < start) {
                    continue;
                }
                windows++;
                for (int i = Math.max(start, rows[2 * k]); i <= last; i++) {
                    if (!Double.isNaN(s[i]) && clean(s[i]) >= threshold) {
                        found++;
                        break;
                    }
                }
            }
        }
        double precision = found + falseEvents == 0 ? 0 : (double) found / (found + falseEvents);
        double recall = windows == 0 ? 0 : (double) found / windows;
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new EventMetrics(threshold, windows, found, falseEvents, precision, recall, f1);
    }

    private static double clean(double s) {
        return s == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : s;
    }
}
