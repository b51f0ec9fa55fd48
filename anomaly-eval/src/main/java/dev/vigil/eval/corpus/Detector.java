package dev.vigil.eval.corpus;

import dev.vigil.eval.nab.NabCorpus;
import dev.vigil.eval.nab.RollingZBaseline;
import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.models.InsufficientDataException;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.Refit;
import dev.vigil.models.Replay;
import dev.vigil.eval.InputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One detector of a comparison: turns a labelled file into per-row scores (and a band when it has one).
 * The implementations here are immutable and thread-safe: {@link Evaluation#run} calls one detector
 * from several threads at once, one file each.
 */
public interface Detector {

    /** Name used in the table, the report and the {@code --output} folder. */
    String name();

    /** The detector's configuration, for the report. */
    String describe();

    /**
     * Scores one file.
     *
     * @param fitPoints rows of the leading fit window
     * @param refit     the refit schedule of models, or {@code null} for none
     */
    Output run(NabCorpus.Entry file, int fitPoints, Refit refit) throws IOException;

    /**
     * Per-row outputs; {@code yhat}/{@code lower}/{@code upper} are {@code NaN} when the detector has no band.
     *
     * @param scores anomaly score per row
     * @param yhat   expected value per row
     * @param lower  lower bound of the expected band per row
     * @param upper  upper bound per row
     * @param note   a warning about this file, or {@code null}
     */
    record Output(double[] scores, double[] yhat, double[] lower, double[] upper, String note) {
        static Output scoresOnly(double[] scores, String note) {
            double[] nan = new double[scores.length];
            Arrays.fill(nan, Double.NaN);
            return new Output(scores, nan, nan, nan, note);
        }
    }

    /**
     * A registry model replayed with {@link Replay#run}: fit on the leading window, then causal
     * inference, refitted on the trailing window at each tick of the schedule.
     */
    record Model(String name, ModelSpec spec) implements Detector {
        @Override
        public String describe() {
            return spec.alias() + " " + spec.resolvedArgs();
        }

        @Override
        public Output run(NabCorpus.Entry file, int fitPoints, Refit refit) {
            Series s = file.data().series().withLabels(Labels.of(Labels.NAME, file.name()));
            try {
                Prediction p = Replay.run(spec, s, fitPoints, refit, null);
                double[] score = new double[p.size()];
                double[] yhat = new double[p.size()];
                double[] lo = new double[p.size()];
                double[] hi = new double[p.size()];
                for (int i = 0; i < score.length; i++) {
                    score[i] = p.anomalyScore(i);
                    yhat[i] = p.yhat(i);
                    lo[i] = p.yhatLower(i);
                    hi[i] = p.yhatUpper(i);
                }
                return new Output(score, yhat, lo, hi, null);
            } catch (InsufficientDataException e) {
                double[] nan = new double[file.size()];
                Arrays.fill(nan, Double.NaN);
                return Output.scoresOnly(nan, "not scored: " + e.getMessage());
            }
        }
    }

    /**
     * The one-line baseline {@link RollingZBaseline} ({@code |y - rolling mean| / (z · rolling std)}
     * over the previous {@code window} values); it needs no fit window.
     */
    record RollingZ(String name, int window, double z) implements Detector {
        @Override
        public String describe() {
            return "rolling z-score baseline {window=" + window + ", z=" + z + "}";
        }

        @Override
        public Output run(NabCorpus.Entry file, int fitPoints, Refit refit) {
            return Output.scoresOnly(RollingZBaseline.scores(file.values(), window, z), null);
        }
    }

    /** Precomputed per-row scores in NAB layout ({@code <dir>/<category>/<name>.csv}, column 2). */
    record Scores(String name, Path dir) implements Detector {
        @Override
        public String describe() {
            return "precomputed scores from " + dir;
        }

        @Override
        public Output run(NabCorpus.Entry file, int fitPoints, Refit refit) throws IOException {
            Path p = dir.resolve(file.name());
            if (!Files.isRegularFile(p)) {
                throw new InputException("--scores " + dir + ": no scores for '" + file.name() + "' (" + p + " does not exist)");
            }
            NabCorpus.Entry e = NabCorpus.readCsv(p, file.name(), file.windows());
            if (e.size() != file.size()) {
                throw new InputException(p + " has " + e.size() + " rows but the data file has " + file.size());
            }
            long[] want = file.timestamps();
            long[] got = e.timestamps();
            for (int i = 0; i < want.length; i++) {
                if (want[i] != got[i]) {
                    throw new InputException(p + ": row " + (i + 1) + " is at " + e.data().timestampText(i)
                            + " but the data file's row " + (i + 1) + " is at " + file.data().timestampText(i));
                }
            }
            return Output.scoresOnly(e.values(), null);
        }
    }
}
