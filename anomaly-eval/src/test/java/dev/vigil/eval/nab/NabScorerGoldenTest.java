package dev.vigil.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reproduces the published NAB scores of the "windowed Gaussian" detector from its published
 * per-row scores ({@code shared/nab/golden/windowedGaussian}): 39.65 / 20.87 / 47.41
 * ({@code golden/final_results.json}: 39.6495, 20.8680, 47.4100).
 */
class NabScorerGoldenTest {

    private static List<NabFile> corpus;

    @BeforeAll
    static void load() throws Exception {
        Path nab = NabCorpusFixture.nabDir();
        Map<String, long[]> windows = NabCorpusFixture.windows(nab.resolve("labels/combined_windows.json"));
        corpus = NabCorpusFixture.corpus(nab.resolve("golden/windowedGaussian"), windows);
    }

    @Test
    void score_windowedGaussianCorpus_reproducesPublishedScores() {
        assertThat(corpus).hasSize(58);
        NabScorer.Result standard = NabScorer.score(corpus, Profile.STANDARD);
        NabScorer.Result lowFp = NabScorer.score(corpus, Profile.REWARD_LOW_FP_RATE);
        NabScorer.Result lowFn = NabScorer.score(corpus, Profile.REWARD_LOW_FN_RATE);
        assertThat(standard.normalisedScore()).isCloseTo(39.649523496077585, within(1e-6));
        assertThat(lowFp.normalisedScore()).isCloseTo(20.86798582474138, within(1e-6));
        assertThat(lowFn.normalisedScore()).isCloseTo(47.4100271583046, within(1e-6));
        assertThat(standard.windows()).isEqualTo(116);
        assertThat(standard.nullScore()).isEqualTo(-116.0);
        assertThat(lowFn.nullScore()).isEqualTo(-232.0);
    }

    @Test
    void sweep_windowedGaussianCorpus_agreesWithDirectScoringAtSampledThresholds() {
        NabScorer.Sweep s = NabScorer.sweep(corpus, Profile.STANDARD);
        int step = Math.max(1, s.thresholds().length / 40);
        for (int k = 0; k < s.thresholds().length; k += step) {
            double direct = NabScorer.scoreAt(corpus, Profile.STANDARD, s.thresholds()[k]).rawScore();
            assertThat(s.scores()[k]).as("threshold %s", s.thresholds()[k]).isCloseTo(direct, within(1e-7));
        }
    }
}
