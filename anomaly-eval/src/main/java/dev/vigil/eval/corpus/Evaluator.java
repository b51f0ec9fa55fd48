package dev.vigil.eval.corpus;

import dev.vigil.core.text.ShortestDecimal;
import dev.vigil.eval.csv.CsvSeries;
import dev.vigil.eval.nab.FileSelection;
import dev.vigil.eval.nab.NabCorpus;
import dev.vigil.eval.nab.NabFile;
import dev.vigil.eval.nab.Profile;
import dev.vigil.models.Refit;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntConsumer;

/**
 * The {@code evaluate} command as a library: reads a labelled corpus ({@link NabCorpus#read}), replays
 * and scores each detector over it in turn ({@link Evaluation#run}), optionally writes each detector's
 * per-row scores in NAB layout, then the Markdown comparison table ({@link ComparisonTable}) and an
 * optional HTML report ({@link EvaluationReport}). It prints nothing: what happens is told to a
 * {@link Listener}, in that order.
 *
 * <p>Stateless and thread-safe; the listener is called from the calling thread, except
 * {@link Listener#progress}, called from the replaying threads one at a time.
 */
public final class Evaluator {

    /** The least time between two progress reports of one detector's replay. */
    public static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    private Evaluator() {
    }

    /**
     * What to evaluate. Immutable.
     *
     * @param data          the corpus's data folder ({@code <category>/<name>.csv})
     * @param labels        the windows file; its keys are the files scored
     * @param detectors     the detectors, in table order, with distinct names
     * @param profiles      the NAB profiles to score under, at least one
     * @param fitFraction   the leading fit window as a share of each file, or {@code null} for NAB's probation
     * @param refit         the refit schedule of models, or {@code null} to fit once
     * @param jobs          how many files to replay at once
     * @param scores        where to write per-row scores ({@code <scores>/<detector>/<category>/<name>.csv}),
     *                      or {@code null}
     * @param report        where to write the HTML report, or {@code null}
     * @param reportDetails whether the report also gets a detail page per file and detector
     * @param selection     which labelled files to evaluate ({@link FileSelection#ALL}: every one)
     */
    public record Request(Path data, Path labels, List<Detector> detectors, List<Profile> profiles, Double fitFraction,
                          Refit refit, int jobs, Path scores, Path report, boolean reportDetails,
                          FileSelection selection) {

        /** Checks the required parts and copies the lists. */
        public Request {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(labels, "labels");
            Objects.requireNonNull(selection, "selection");
            detectors = List.copyOf(detectors);
            profiles = List.copyOf(profiles);
        }

        /** A request over every labelled file. */
        public Request(Path data, Path labels, List<Detector> detectors, List<Profile> profiles, Double fitFraction,
                       Refit refit, int jobs, Path scores, Path report, boolean reportDetails) {
            this(data, labels, detectors, profiles, fitFraction, refit, jobs, scores, report, reportDetails,
                    FileSelection.ALL);
        }
    }

    /** Hears how an evaluation goes; the methods do nothing by default. */
    public interface Listener {

        /** The corpus was read in {@code seconds}. */
        default void corpusRead(List<NabCorpus.Entry> corpus, double seconds) {
        }

        /**
         * {@code done} of {@code files} files of {@code detector} are replayed, {@code seconds} after its
         * replay started; at most once per {@link #PROGRESS_EVERY_NANOS}, never for the last file.
         */
        default void progress(Detector detector, int done, int files, double seconds) {
        }

        /** A detector was replayed and scored (its per-file warnings are in {@code result.notes()}). */
        default void replayed(Evaluation.DetectorResult result) {
        }

        /** The comparison table of every detector, in Markdown. */
        default void compared(String markdown) {
        }

        /** The HTML report was written. */
        default void reportWritten(Path report) {
        }
    }

    /**
     * Runs the evaluation.
     *
     * @return each detector's result, in the request's order
     * @throws dev.vigil.eval.InputException for a missing or malformed corpus, labels or scores
     * @throws IOException                  when a file cannot be read or written
     */
    public static List<Evaluation.DetectorResult> run(Request request, Listener listener) throws IOException {
        long t0 = System.nanoTime();
        List<NabCorpus.Entry> corpus = NabCorpus.read(request.data(), request.labels(), request.selection());
        listener.corpusRead(corpus, (System.nanoTime() - t0) / 1e9);
        List<Evaluation.DetectorResult> results = new ArrayList<>();
        for (Detector d : request.detectors()) {
            Evaluation.DetectorResult r = Evaluation.run(d, corpus, request.profiles(), request.fitFraction(),
                    request.refit(), request.jobs(), throttled(d, corpus.size(), PROGRESS_EVERY_NANOS, listener));
            listener.replayed(r);
            results.add(r);
            if (request.scores() != null) {
                writeScores(request.scores().resolve(ComparisonTable.folderName(d.name())), r, corpus);
            }
        }
        listener.compared(ComparisonTable.markdown(results, request.profiles()));
        if (request.report() != null) {
            EvaluationReport.write(request.report(), results, request.profiles(), corpus, request.reportDetails());
            listener.reportWritten(request.report());
        }
        return results;
    }

    /**
     * A thread-safe count of files replayed that tells {@code listener} at most once per
     * {@code everyNanos} and never for the last file, so a slow model shows it is alive and a fast one
     * says nothing extra.
     */
    static IntConsumer throttled(Detector d, int total, long everyNanos, Listener listener) {
        long start = System.nanoTime();
        long[] last = {start};
        return done -> {
            synchronized (last) {
                long now = System.nanoTime();
                if (done < total && now - last[0] >= everyNanos) {
                    last[0] = now;
                    listener.progress(d, done, total, (now - start) / 1e9);
                }
            }
        };
    }

    /**
     * Writes a detector's per-row scores as {@code <root>/<category>/<name>.csv} with the data file's
     * rows: {@code timestamp,anomaly_score}, the timestamps as written in the data file.
     */
    static void writeScores(Path root, Evaluation.DetectorResult r, List<NabCorpus.Entry> entries) throws IOException {
        for (int k = 0; k < entries.size(); k++) {
            NabFile f = r.corpus().get(k);
            CsvSeries in = entries.get(k).data();
            Path p = root.resolve(f.name());
            Files.createDirectories(p.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
                w.write("timestamp,anomaly_score\n");
                for (int i = 0; i < f.size(); i++) {
                    w.write(in.timestampText(i));
                    w.write(',');
                    double s = f.scores()[i];
                    // A missing score stays an empty cell: 0 would claim "no anomaly".
                    w.write(Double.isNaN(s) ? "" : ShortestDecimal.toString(s));
                    w.write('\n');
                }
            }
        }
    }
}
