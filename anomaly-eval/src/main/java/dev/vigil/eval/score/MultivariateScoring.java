package dev.vigil.eval.score;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import dev.vigil.eval.InputException;
import dev.vigil.eval.csv.PredictionCsvWriter;
import dev.vigil.eval.csv.TableCsv;
import dev.vigil.eval.report.ScoreSummary;
import dev.vigil.models.MultivariateModel;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.Replay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code vigil score} with a multivariate model on a CSV of several value columns ({@link TableCsv}):
 * every value column is a channel; the model is fitted once on the leading rows (the fit window, as
 * for one series) and scores every row. A row with an empty or non-finite cell is neither fitted on
 * nor scored (its {@code anomaly_score} cell is empty), as the runner drops a timestamp any channel
 * misses. The output has the columns of {@link PredictionCsvWriter}; only {@code anomaly_score} is
 * filled, a joint score having no single {@code y} or {@code yhat}.
 *
 * <p>Stateless and thread-safe; O(rows · columns) plus the model's cost.
 */
public final class MultivariateScoring {

    private MultivariateScoring() {
    }

    /**
     * Scores {@code input} with {@code spec} and writes {@code output}.
     *
     * @param window the leading fit window, or {@code null} for the default ({@link Replay#defaultFitPoints})
     * @throws InputException on a missing or malformed input ({@link dev.vigil.eval.csv.CsvInputException})
     * @throws dev.vigil.models.InsufficientDataException when the fit window has too few complete rows
     */
    public static Scoring.Result run(MultivariateSpec spec, Path input, Path output, FitWindow window)
            throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new InputException("input file not found: " + input);
        }
        TableCsv t = TableCsv.read(input);
        int n = t.timestamps().length;
        int fit = window == null ? Replay.defaultFitPoints(n)
                : window.rows(Series.of(t.timestamps(), new double[n]), input.toString());
        MultivariateModel model = spec.fit(t.timestamps(), t.values(), fit, t.width());
        double[] score = model.score(t.timestamps(), t.values(), n);
        Prediction.Builder b = Prediction.builder(Labels.empty(), t.timestamps());
        System.arraycopy(score, 0, b.anomalyScore(), 0, n);
        Prediction p = b.build();
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        PredictionCsvWriter.write(output, p, t::timestampText);
        return new Scoring.Result(n, fit, null, ScoreSummary.of(p), 0, 0);
    }
}
