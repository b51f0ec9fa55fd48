package dev.vigil.runner.evaluate;

import dev.vigil.core.evaluation.EventMetrics;
import dev.vigil.core.evaluation.NabFile;
import dev.vigil.core.evaluation.NabScorer;
import dev.vigil.core.evaluation.Profile;
import dev.vigil.models.Refit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Runs one detector over a corpus and scores it under each profile. Stateless. */
final class Evaluation {

    private Evaluation() {
    }

    /**
     * The scores of one profile.
     *
     * @param nab         NAB score at the corpus-optimised threshold
     * @param atThreshold event metrics at that threshold
     */
    record ProfileResult(NabScorer.Result nab, EventMetrics atThreshold) {
    }

    /**
     * Everything known about one detector's run.
     *
     * @param detector  the detector
     * @param outputs   per-file outputs, in corpus order
     * @param corpus    the scored files
     * @param profiles  per profile name, in the requested order
     * @param aboveOne  event metrics at {@code anomaly_score > 1}
     * @param seconds   wall time of the replay
     * @param scoringSeconds wall time of the scoring (every profile and the event metrics)
     * @param notes     per-file warnings
     */
    record DetectorResult(Detector detector, List<Detector.Output> outputs, List<NabFile> corpus,
                          Map<String, ProfileResult> profiles, EventMetrics aboveOne, double seconds, double scoringSeconds,
                          List<String> notes) {
    }

    /**
     * The fit window of an {@code n}-row file: {@code ceil(fraction · n)} rows, or by default NAB's
     * probation (so no scored row is ever scored in-sample), at least 1.
     */
    static int fitPoints(int n, Double fraction) {
        int k = fraction == null ? Profile.STANDARD.probationRows(n) : (int) Math.ceil(fraction * n);
        return Math.max(1, Math.min(n, k));
    }

    static DetectorResult run(Detector d, List<NabCorpus.Entry> entries, List<Profile> profiles, Double fitFraction,
                              Refit refit, Consumer<String> progress) throws IOException {
        long t0 = System.nanoTime();
        List<Detector.Output> outputs = new ArrayList<>();
        List<NabFile> corpus = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int k = 0;
        for (NabCorpus.Entry e : entries) {
            k++;
            Detector.Output out = d.run(e, fitPoints(e.size(), fitFraction), refit);
            if (out.note() != null) {
                notes.add(e.name() + ": " + out.note());
            }
            outputs.add(out);
            corpus.add(new NabFile(e.name(), e.timestamps(), out.scores(), e.windows()));
            progress.accept(d.name() + " " + k + "/" + entries.size() + " " + e.name() + " (" + e.size() + " rows)");
        }
        long t1 = System.nanoTime();
        double seconds = (t1 - t0) / 1e9;
        Map<String, ProfileResult> byProfile = new LinkedHashMap<>();
        for (Profile p : profiles) {
            NabScorer.Result r = NabScorer.score(corpus, p);
            byProfile.put(p.name(), new ProfileResult(r, EventMetrics.of(corpus, p, r.threshold())));
        }
        EventMetrics aboveOne = EventMetrics.of(corpus, profiles.get(0), EventMetrics.ABOVE_ONE);
        return new DetectorResult(d, outputs, corpus, byProfile, aboveOne, seconds, (System.nanoTime() - t1) / 1e9, notes);
    }
}
