package dev.vigil.eval.corpus;

import dev.vigil.eval.nab.NabCorpus;
import dev.vigil.eval.nab.EventMetrics;
import dev.vigil.eval.nab.NabFile;
import dev.vigil.eval.nab.NabScorer;
import dev.vigil.eval.nab.Profile;
import dev.vigil.models.Refit;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Runs one detector over a corpus and scores it under each profile. Stateless and thread-safe. */
public final class Evaluation {

    private Evaluation() {
    }

    /**
     * The scores of one profile.
     *
     * @param nab         NAB score at the corpus-optimised threshold
     * @param atThreshold event metrics at that threshold
     */
    public record ProfileResult(NabScorer.Result nab, EventMetrics atThreshold) {
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
    public record DetectorResult(Detector detector, List<Detector.Output> outputs, List<NabFile> corpus,
                          Map<String, ProfileResult> profiles, EventMetrics aboveOne, double seconds, double scoringSeconds,
                          List<String> notes) {
    }

    /**
     * The fit window of an {@code n}-row file: {@code ceil(fraction · n)} rows, or by default NAB's
     * probation (so no scored row is ever scored in-sample), at least 1.
     */
    public static int fitPoints(int n, Double fraction) {
        int k = fraction == null ? Profile.STANDARD.probationRows(n) : (int) Math.ceil(fraction * n);
        return Math.max(1, Math.min(n, k));
    }

    /**
     * Replays {@code d} over every file, up to {@code jobs} files at once (the files are independent and
     * each replay is deterministic, so the outputs do not depend on {@code jobs}), then scores.
     * {@code filesDone} hears the number of files replayed so far after each one, from the replaying
     * thread.
     */
    public static DetectorResult run(Detector d, List<NabCorpus.Entry> entries, List<Profile> profiles, Double fitFraction,
                              Refit refit, int jobs, IntConsumer filesDone) throws IOException {
        long t0 = System.nanoTime();
        Detector.Output[] outs = new Detector.Output[entries.size()];
        if (jobs <= 1 || entries.size() <= 1) {
            for (int i = 0; i < outs.length; i++) {
                NabCorpus.Entry e = entries.get(i);
                outs[i] = d.run(e, fitPoints(e.size(), fitFraction), refit);
                filesDone.accept(i + 1);
            }
        } else {
            replayConcurrently(d, entries, fitFraction, refit, jobs, outs, filesDone);
        }
        List<Detector.Output> outputs = new ArrayList<>();
        List<NabFile> corpus = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < outs.length; i++) {
            NabCorpus.Entry e = entries.get(i);
            Detector.Output out = outs[i];
            if (out.note() != null) {
                notes.add(e.name() + ": " + out.note());
            }
            outputs.add(out);
            corpus.add(new NabFile(e.name(), e.timestamps(), out.scores(), e.windows()));
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

    /** Fills {@code outs} in corpus order from a pool of {@code jobs} daemon threads; the first failure is rethrown. */
    private static void replayConcurrently(Detector d, List<NabCorpus.Entry> entries, Double fitFraction, Refit refit,
                                           int jobs, Detector.Output[] outs, IntConsumer filesDone) throws IOException {
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(jobs, entries.size()), r -> {
            Thread t = new Thread(r, "vigil-evaluate");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Detector.Output>> futures = new ArrayList<>();
            for (NabCorpus.Entry e : entries) {
                futures.add(pool.submit(() -> {
                    Detector.Output o = d.run(e, fitPoints(e.size(), fitFraction), refit);
                    filesDone.accept(done.incrementAndGet());
                    return o;
                }));
            }
            for (int i = 0; i < outs.length; i++) {
                outs[i] = futures.get(i).get();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while replaying " + d.name(), ex);
        } catch (ExecutionException ex) {
            Throwable c = ex.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }
}
