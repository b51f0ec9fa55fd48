package dev.vigil.eval.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The Numenta Anomaly Benchmark score (Lavin and Ahmad, "Evaluating Real-time Anomaly Detection
 * Algorithms - the Numenta Anomaly Benchmark", IEEE ICMLA 2015; rules as implemented by NAB's
 * {@code nab/sweeper.py}, {@code nab/optimizer.py} and {@code nab/runner.py}).
 *
 * <p>With {@code σ(x) = 2 / (1 + e^{5x}) - 1} for {@code x <= 3} and {@code -1} beyond, each row
 * {@code i} of a file gets a weight:
 * <ul>
 *   <li>inside a window of rows {@code [a, b]} (width {@code W = b - a + 1}):
 *       {@code A_TP · σ(-(b - i + 1) / W) / σ(-1)}, so the window's first row is worth exactly
 *       {@code A_TP} and the credit decays towards 0 at its end;</li>
 *   <li>outside every window, after a window ending at row {@code b} of width {@code W}:
 *       {@code A_FP · σ((i - b) / (W - 1))}, a small penalty just after the window growing to
 *       {@code -A_FP}; before any window: {@code -A_FP}.</li>
 * </ul>
 * Rows of the probationary period ({@link Profile#probationRows}) are not scored; a window counts
 * when at least one of its rows is past probation. A row is a detection when its score is
 * {@code >= threshold}. A file's raw score is the sum over its counted windows of the weight of the
 * window's earliest detection (or {@code -A_FN} when it has none) plus the weights of all
 * detections outside windows.
 *
 * <p>{@link #score} chooses one threshold per profile for the whole corpus, the one that maximises
 * the summed raw score (ties go to the highest threshold), by a single sweep over the scores sorted
 * in decreasing order, and normalises: {@code 100 · (raw - null) / (perfect - null)}, where the null
 * detector (no detection) scores {@code -A_FN · windows} and the perfect one {@code A_TP · windows}.
 *
 * <p>Stateless and thread-safe. {@link #sweep} and {@link #score} cost O(n log n) over the corpus
 * rows, {@link #scoreAt} O(n).
 */
public final class NabScorer {

    private NabScorer() {
    }

    /**
     * The raw NAB score of one file at a fixed threshold, with its window counts.
     *
     * @param name            file name
     * @param score           raw (unnormalised) score
     * @param windows         counted windows (at least one row past probation)
     * @param windowsDetected counted windows with a detection past probation
     * @param falsePositives  detections past probation outside every window (rows)
     */
    public record FileScore(String name, double score, int windows, int windowsDetected, int falsePositives) {
    }

    /**
     * A corpus scored under one profile at one threshold.
     *
     * @param profile         the profile
     * @param threshold       the detection threshold (a row detects when its score is {@code >= threshold});
     *                        {@code +Infinity} when detecting nothing scores best
     * @param rawScore        summed raw score of every file
     * @param nullScore       raw score of the null detector ({@code -A_FN · windows})
     * @param perfectScore    raw score of the perfect detector ({@code A_TP · windows})
     * @param normalisedScore {@code 100 · (raw - null) / (perfect - null)}; NaN without windows
     * @param files           per-file breakdown, in corpus order
     */
    public record Result(Profile profile, double threshold, double rawScore, double nullScore, double perfectScore,
                         double normalisedScore, List<FileScore> files) {
        /** Makes the file list unmodifiable. */
        public Result {
            files = List.copyOf(files);
        }

        /** Counted windows over the corpus. */
        public int windows() {
            return files.stream().mapToInt(FileScore::windows).sum();
        }

        /** Counted windows with a detection. */
        public int windowsDetected() {
            return files.stream().mapToInt(FileScore::windowsDetected).sum();
        }
    }

    /**
     * The corpus raw score at every candidate threshold, highest threshold first. Entry 0 is
     * {@code +Infinity} (the null detector); then every distinct score of a row past probation.
     *
     * @param thresholds candidate thresholds, strictly decreasing
     * @param scores     summed raw score of the corpus at each threshold
     */
    record Sweep(double[] thresholds, double[] scores) {
        /** Index of the best score (the first, so the highest threshold, among ties). */
        int best() {
            int b = 0;
            for (int k = 1; k < scores.length; k++) {
                if (scores[k] > scores[b]) {
                    b = k;
                }
            }
            return b;
        }
    }

    /** NAB's scaled sigmoid: {@code 2 / (1 + e^{5x}) - 1} for {@code x <= 3}, {@code -1} beyond. */
    static double scaledSigmoid(double x) {
        if (x > 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * x)) - 1.0;
    }

    /** Per-row weights of one file under one profile, and which window each row belongs to. */
    private record Weights(int probation, int windows, int[] windowOf, double[] weight) {
    }

    private static Weights weights(NabFile f, Profile p) {
        int n = f.size();
        int probation = p.probationRows(n);
        int[] rows = f.windowRows();
        int[] windowOf = new int[n];
        double[] weight = new double[n];
        double tpNorm = p.tpWeight() / scaledSigmoid(-1.0);
        int prevEnd = -1;
        double prevWidth = 0;
        int w = 0;
        int counted = 0;
        for (int i = 0; i < n; i++) {
            if (w < rows.length / 2 && i >= rows[2 * w] && i <= rows[2 * w + 1]) {
                int end = rows[2 * w + 1];
                double width = end - rows[2 * w] + 1;
                windowOf[i] = w;
                weight[i] = tpNorm * scaledSigmoid(-(end - i + 1) / width);
                if (i == end) {
                    prevEnd = end;
                    prevWidth = width;
                    if (end >= probation) {
                        counted++;
                    }
                    w++;
                }
            } else {
                windowOf[i] = -1;
                // NAB divides by zero after a one-row window; +Infinity > 3 gives the full penalty.
                double u = prevEnd < 0 ? -1.0 : scaledSigmoid((i - prevEnd) / (prevWidth - 1));
                weight[i] = p.fpWeight() * u;
            }
        }
        return new Weights(probation, counted, windowOf, weight);
    }

    /** A score as the sweep sees it: NaN stays NaN (never detects), +Infinity becomes MAX_VALUE, -0 becomes 0. */
    private static double clean(double s) {
        return s == Double.POSITIVE_INFINITY ? Double.MAX_VALUE : s + 0.0;
    }

    private static boolean detects(double score, double threshold) {
        return clean(score) >= threshold;
    }

    /**
     * Scores one file at a fixed threshold. O(n).
     *
     * @param threshold a row detects when its score is {@code >= threshold}
     */
    static FileScore scoreFile(NabFile f, Profile p, double threshold) {
        Objects.requireNonNull(f, "file");
        Objects.requireNonNull(p, "profile");
        Weights wt = weights(f, p);
        int[] rows = f.windowRows();
        double total = 0;
        int detected = 0;
        int windows = 0;
        int fp = 0;
        for (int w = 0; w < rows.length / 2; w++) {
            int first = rows[2 * w];
            int last = rows[2 * w + 1];
            if (last < wt.probation) {
                continue;
            }
            windows++;
            double credit = -p.fnWeight();
            for (int i = Math.max(first, wt.probation); i <= last; i++) {
                if (detects(f.scores()[i], threshold)) {
                    credit = wt.weight[i];
                    detected++;
                    break;
                }
            }
            total += credit;
        }
        for (int i = wt.probation; i < f.size(); i++) {
            if (wt.windowOf[i] < 0 && detects(f.scores()[i], threshold)) {
                total += wt.weight[i];
                fp++;
            }
        }
        return new FileScore(f.name(), total, windows, detected, fp);
    }

    /** Scores the corpus at a fixed threshold (no optimisation). O(n). */
    static Result scoreAt(List<NabFile> corpus, Profile p, double threshold) {
        Objects.requireNonNull(corpus, "corpus");
        List<FileScore> files = new ArrayList<>(corpus.size());
        double raw = 0;
        int windows = 0;
        for (NabFile f : corpus) {
            FileScore fs = scoreFile(f, p, threshold);
            files.add(fs);
            raw += fs.score();
            windows += fs.windows();
        }
        double nul = -p.fnWeight() * windows;
        double perfect = p.tpWeight() * windows;
        double norm = windows == 0 ? Double.NaN : 100.0 * (raw - nul) / (perfect - nul);
        return new Result(p, threshold, raw, nul, perfect, norm, files);
    }

    /**
     * Sweeps every candidate threshold over the corpus in one pass: rows past probation are bucketed
     * by their score's rank (sorted distinct scores) and visited from the highest score down; a
     * window's credit is the best weight seen so far in it (its earliest detection, since the
     * weight decreases along the window). O(n log n).
     */
    static Sweep sweep(List<NabFile> corpus, Profile p) {
        Objects.requireNonNull(corpus, "corpus");
        Objects.requireNonNull(p, "profile");
        int total = 0;
        for (NabFile f : corpus) {
            total += f.size();
        }
        double[] score = new double[total];
        double[] weight = new double[total];
        int[] window = new int[total];
        int m = 0;
        int windowBase = 0;
        int countedWindows = 0;
        for (NabFile f : corpus) {
            Weights wt = weights(f, p);
            int[] rows = f.windowRows();
            for (int i = wt.probation; i < f.size(); i++) {
                double s = f.scores()[i];
                if (Double.isNaN(s)) {
                    continue;
                }
                score[m] = clean(s);
                weight[m] = wt.weight[i];
                window[m] = wt.windowOf[i] < 0 ? -1 : windowBase + wt.windowOf[i];
                m++;
            }
            windowBase += rows.length / 2;
            countedWindows += wt.windows;
        }
        // Rank rows by distinct score, then bucket them (counting sort) so the sweep needs no boxing.
        double[] distinct = Arrays.copyOf(score, m);
        Arrays.sort(distinct);
        int d = 0;
        for (int k = 0; k < m; k++) {
            if (d == 0 || distinct[k] != distinct[d - 1]) {
                distinct[d++] = distinct[k];
            }
        }
        int[] rank = new int[m];
        int[] start = new int[d + 1];
        for (int k = 0; k < m; k++) {
            rank[k] = Arrays.binarySearch(distinct, 0, d, score[k]);
            start[rank[k] + 1]++;
        }
        for (int r = 0; r < d; r++) {
            start[r + 1] += start[r];
        }
        int[] order = new int[m];
        int[] fill = Arrays.copyOf(start, d);
        for (int k = 0; k < m; k++) {
            order[fill[rank[k]]++] = k;
        }
        // Windows wholly in probation never see a row here, so their credit stays out of the sum.
        double[] credit = new double[windowBase];
        Arrays.fill(credit, -p.fnWeight());
        double windowSum = -p.fnWeight() * countedWindows;
        double fpSum = 0;
        double[] thresholds = new double[d + 1];
        double[] sums = new double[d + 1];
        thresholds[0] = Double.POSITIVE_INFINITY;
        sums[0] = windowSum;
        for (int r = d - 1, out = 1; r >= 0; r--, out++) {
            for (int k = start[r]; k < start[r + 1]; k++) {
                int row = order[k];
                int w = window[row];
                if (w < 0) {
                    fpSum += weight[row];
                } else if (weight[row] > credit[w]) {
                    windowSum += weight[row] - credit[w];
                    credit[w] = weight[row];
                }
            }
            thresholds[out] = distinct[r];
            sums[out] = windowSum + fpSum;
        }
        return new Sweep(thresholds, sums);
    }

    /**
     * Scores the corpus with the threshold that maximises its summed raw score ({@link #sweep}),
     * then re-scores it exactly at that threshold ({@link #scoreAt}) for the per-file breakdown.
     */
    public static Result score(List<NabFile> corpus, Profile p) {
        Sweep s = sweep(corpus, p);
        return scoreAt(corpus, p, s.thresholds()[s.best()]);
    }
}
