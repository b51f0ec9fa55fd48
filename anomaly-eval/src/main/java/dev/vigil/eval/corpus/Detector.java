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
import java.util.LinkedHashMap;
import java.util.Map;

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

        /** The baseline's name where a model alias is expected (it is not a registry model). */
        public static final String ALIAS = "baseline_rolling_z";

        /**
         * The baseline with its arguments as text: {@code window} (default 100, at least 2) and
         * {@code z} (default 3, positive and finite).
         *
         * @throws InputException naming the argument for an unknown argument or a bad value
         */
        public static RollingZ of(String name, Map<String, String> args) {
            Map<String, String> a = new LinkedHashMap<>(args);
            int window = parseInt(a.remove("window"), 100, "window");
            double z = parseDouble(a.remove("z"), 3.0, "z");
            if (!a.isEmpty()) {
                throw new InputException("model '" + ALIAS + "': unknown argument(s) " + a.keySet() + "; known: window, z");
            }
            if (window < 2 || !(z > 0) || Double.isInfinite(z)) {
                throw new InputException("model '" + ALIAS + "': window must be >= 2 and z a positive number, got window="
                        + window + ", z=" + z);
            }
            return new RollingZ(name, window, z);
        }

        private static int parseInt(String s, int def, String what) {
            try {
                return s == null ? def : Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new InputException("model '" + ALIAS + "': " + what + " must be an integer, got '" + s + "'");
            }
        }

        private static double parseDouble(String s, double def, String what) {
            try {
                return s == null ? def : Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new InputException("model '" + ALIAS + "': " + what + " must be a number, got '" + s + "'");
            }
        }

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
