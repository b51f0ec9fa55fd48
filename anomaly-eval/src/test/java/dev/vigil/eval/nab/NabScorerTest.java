package dev.vigil.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NabScorerTest {

    private static final double EPS = 1e-12;
    /** No probation, distinct weights so each rule shows in the sum. */
    private static final Profile P = new Profile("test", 1.0, 0.5, 2.0, 0.0, 0);

    private static long[] ts(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1000L * i;
        }
        return t;
    }

    /** A file of n rows, rows in {@code hits} score 1, others 0, windows given as row pairs. */
    private static NabFile file(int n, int[] hits, int... windowRows) {
        double[] s = new double[n];
        for (int h : hits) {
            s[h] = 1.0;
        }
        long[] w = new long[windowRows.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = 1000L * windowRows[i];
        }
        return new NabFile("f", ts(n), s, w);
    }

    @Test
    void scaledSigmoid_keyPoints_matchNabDefinition() {
        assertThat(NabScorer.scaledSigmoid(0)).isCloseTo(0.0, within(EPS));
        assertThat(NabScorer.scaledSigmoid(-1)).isCloseTo(2 / (1 + Math.exp(-5)) - 1, within(EPS));
        assertThat(NabScorer.scaledSigmoid(3.0)).isCloseTo(2 / (1 + Math.exp(15)) - 1, within(EPS));
        assertThat(NabScorer.scaledSigmoid(3.0001)).isEqualTo(-1.0);
    }

    @Test
    void scoreFile_noDetection_costsFnWeightPerWindow() {
        NabScorer.FileScore s = NabScorer.scoreFile(file(20, new int[0], 5, 9, 14, 16), P, 0.5);
        assertThat(s.score()).isCloseTo(-4.0, within(EPS));
        assertThat(s.windows()).isEqualTo(2);
        assertThat(s.windowsDetected()).isZero();
    }

    @Test
    void scoreFile_detectionAtWindowStart_earnsExactlyTpWeight() {
        NabScorer.FileScore s = NabScorer.scoreFile(file(20, new int[] {5}, 5, 9), P, 0.5);
        assertThat(s.score()).isCloseTo(1.0, within(EPS));
        assertThat(s.windowsDetected()).isEqualTo(1);
    }

    @Test
    void scoreFile_detectionAtWindowEnd_earnsSigmoidOfMinusOneOverWidth() {
        NabScorer.FileScore s = NabScorer.scoreFile(file(20, new int[] {9}, 5, 9), P, 0.5);
        double expected = NabScorer.scaledSigmoid(-1.0 / 5) / NabScorer.scaledSigmoid(-1);
        assertThat(s.score()).isCloseTo(expected, within(EPS));
    }

    @Test
    void scoreFile_severalDetectionsInWindow_onlyEarliestCounts() {
        double earliest = NabScorer.scaledSigmoid(-4.0 / 5) / NabScorer.scaledSigmoid(-1);
        assertThat(NabScorer.scoreFile(file(20, new int[] {6, 7, 8, 9}, 5, 9), P, 0.5).score())
                .isCloseTo(earliest, within(EPS));
    }

    @Test
    void scoreFile_falsePositiveBeforeAnyWindow_costsFullFpWeight() {
        assertThat(NabScorer.scoreFile(file(20, new int[] {2}, 5, 9), P, 0.5).score())
                .isCloseTo(-0.5 - 2.0, within(EPS));
    }

    @Test
    void scoreFile_falsePositiveAfterWindow_isDiscountedBySigmoidOfDistance() {
        // Window rows 5..9 (width 5): row 11 is 2 rows past its end, in units of width - 1 = 4.
        double expected = 0.5 * NabScorer.scaledSigmoid(2.0 / 4) - 2.0;
        assertThat(NabScorer.scoreFile(file(40, new int[] {11}, 5, 9), P, 0.5).score())
                .isCloseTo(expected, within(EPS));
        assertThat(expected + 2.0).isBetween(-0.5, 0.0);
        // Row 30 is 21 rows past, 5.25 widths > 3: the full penalty.
        assertThat(NabScorer.scoreFile(file(40, new int[] {30}, 5, 9), P, 0.5).score())
                .isCloseTo(-0.5 - 2.0, within(EPS));
    }

    @Test
    void scoreFile_probation_ignoresEarlyRowsAndWindowsWhollyInside() {
        Profile nab = Profile.nab("p", 1.0, 0.5, 2.0);
        // 100 rows: probation = 15 rows. Window 2..5 is wholly in probation; window 12..20 straddles it.
        NabFile f = file(100, new int[] {1, 3, 13}, 2, 5, 12, 20);
        NabScorer.FileScore s = NabScorer.scoreFile(f, nab, 0.5);
        assertThat(s.windows()).isEqualTo(1);
        assertThat(s.windowsDetected()).isZero();
        assertThat(s.falsePositives()).isZero();
        assertThat(s.score()).isCloseTo(-2.0, within(EPS));
        // A detection past probation inside the straddling window earns its position's credit.
        NabFile g = file(100, new int[] {16}, 2, 5, 12, 20);
        double credit = NabScorer.scaledSigmoid(-(20 - 16 + 1) / 9.0) / NabScorer.scaledSigmoid(-1);
        assertThat(NabScorer.scoreFile(g, nab, 0.5).score()).isCloseTo(credit, within(EPS));
    }

    @Test
    void probationRows_followsNabRule() {
        assertThat(Profile.STANDARD.probationRows(100)).isEqualTo(15);
        assertThat(Profile.STANDARD.probationRows(4033)).isEqualTo(604);
        assertThat(Profile.STANDARD.probationRows(22695)).isEqualTo(750);
    }

    @Test
    void score_nullAndPerfectDetectors_normaliseToZeroAndHundred() {
        List<NabFile> perfect = List.of(file(50, new int[] {10, 30}, 10, 14, 30, 35), file(30, new int[] {20}, 20, 25));
        NabScorer.Result best = NabScorer.score(perfect, P);
        assertThat(best.normalisedScore()).isCloseTo(100.0, within(1e-9));
        assertThat(best.threshold()).isEqualTo(1.0);
        List<NabFile> none = List.of(file(50, new int[0], 10, 14, 30, 35), file(30, new int[0], 20, 25));
        NabScorer.Result nul = NabScorer.score(none, P);
        assertThat(nul.normalisedScore()).isCloseTo(0.0, within(1e-9));
        assertThat(nul.threshold()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(nul.nullScore()).isEqualTo(-6.0);
        assertThat(nul.perfectScore()).isEqualTo(3.0);
    }

    @Test
    void score_thresholdSweep_choosesBestCorpusThreshold() {
        // Scores: window start 0.6, a false positive at 0.8 far from windows, another FP at 0.3.
        double[] s = new double[40];
        s[10] = 0.6;
        s[30] = 0.8;
        s[2] = 0.3;
        NabFile f = new NabFile("f", ts(40), s, new long[] {10_000, 14_000});
        // >= 0.8: FP only (-0.5 - 2); >= 0.6: FP + TP (-0.5 + 1); >= 0.3: -0.5 - 0.5 + 1; >= 0: every row.
        NabScorer.Sweep sw = NabScorer.sweep(List.of(f), P);
        assertThat(sw.thresholds()).containsExactly(Double.POSITIVE_INFINITY, 0.8, 0.6, 0.3, 0.0);
        assertThat(sw.scores()[0]).isCloseTo(-2.0, within(EPS));
        assertThat(sw.scores()[1]).isCloseTo(-2.5, within(EPS));
        assertThat(sw.scores()[2]).isCloseTo(0.5, within(EPS));
        assertThat(sw.scores()[3]).isCloseTo(0.0, within(EPS));
        assertThat(NabScorer.score(List.of(f), P).threshold()).isEqualTo(0.6);
    }

    @Test
    void sweep_randomCorpora_equalsDirectScoringAtEveryThreshold() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 50; trial++) {
            List<NabFile> corpus = new ArrayList<>();
            for (int f = 0; f < 1 + rnd.nextInt(3); f++) {
                int n = 20 + rnd.nextInt(200);
                double[] s = new double[n];
                for (int i = 0; i < n; i++) {
                    s[i] = rnd.nextInt(10) == 0 ? Double.NaN : Math.round(rnd.nextDouble() * 20) / 20.0;
                }
                List<Long> w = new ArrayList<>();
                for (int at = rnd.nextInt(n / 2 + 1); at < n - 1; at += 2 + rnd.nextInt(n / 2 + 1)) {
                    int end = Math.min(n - 1, at + rnd.nextInt(15));
                    w.add(1000L * at);
                    w.add(1000L * end);
                    at = end;
                }
                corpus.add(new NabFile("f" + f, ts(n), s, w.stream().mapToLong(Long::longValue).toArray()));
            }
            Profile p = trial % 2 == 0 ? Profile.STANDARD : Profile.REWARD_LOW_FN_RATE;
            NabScorer.Sweep sw = NabScorer.sweep(corpus, p);
            for (int k = 0; k < sw.thresholds().length; k++) {
                assertThat(sw.scores()[k]).isCloseTo(NabScorer.scoreAt(corpus, p, sw.thresholds()[k]).rawScore(),
                        within(1e-9));
            }
            double best = NabScorer.score(corpus, p).rawScore();
            assertThat(best).isCloseTo(Arrays.stream(sw.scores()).max().orElseThrow(), within(1e-9));
        }
    }

    @Test
    void nabFile_badWindows_areRejectedWithTheirPosition() {
        assertThatThrownBy(() -> new NabFile("a.csv", ts(5), new double[5], new long[] {3000, 1000}))
                .hasMessageContaining("a.csv").hasMessageContaining("window 0");
        assertThatThrownBy(() -> new NabFile("a.csv", ts(5), new double[5], new long[] {0, 2000, 2000, 3000}))
                .hasMessageContaining("sorted and disjoint");
        assertThatThrownBy(() -> new NabFile("a.csv", ts(5), new double[4], new long[0]))
                .hasMessageContaining("5 timestamps but 4 scores");
    }

    @Test
    void profile_byName_knowsNabProfilesAndRejectsOthers() {
        assertThat(Profile.byName("reward_low_fp_rate")).isEqualTo(Profile.REWARD_LOW_FP_RATE);
        assertThatThrownBy(() -> Profile.byName("strict")).hasMessageContaining("'strict'")
                .hasMessageContaining("standard");
    }
}
