package dev.vigil.eval.score;

import dev.vigil.models.ModelSpec;
import dev.vigil.models.Refit;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link Scoring#run} scores: one model on one {@code timestamp,value} CSV file. Immutable and
 * thread-safe.
 *
 * @param model     the model, arguments resolved
 * @param input     the {@code timestamp,value} CSV file
 * @param output    where to write the scored rows (parent folders are created)
 * @param report    where to write the HTML report, or {@code null} for none
 * @param fitWindow the leading fit window, or {@code null} for the default ({@link dev.vigil.models.Replay#defaultFitPoints})
 * @param fitEvery  how often to refit from scratch, or {@code null} to fit once; each refit trains on as
 *                  much as the fit window covers (a duration window: that duration; otherwise its rows)
 * @param column    the value column to score, by its header name, or {@code null} for the {@code value}
 *                  column (else the second)
 * @param labels    a NAB-style windows JSON ({@code combined_windows.json}) whose entry for the input
 *                  is shaded in the report and counted (windows hit and missed), or {@code null} for none
 */
public record ScoreRequest(ModelSpec model, Path input, Path output, Path report, FitWindow fitWindow,
                           Refit.Span fitEvery, String column, Path labels) {

    /** A request for the default column, without labels. */
    public ScoreRequest(ModelSpec model, Path input, Path output, Path report, FitWindow fitWindow,
                        Refit.Span fitEvery) {
        this(model, input, output, report, fitWindow, fitEvery, null, null);
    }

    /** A request for the default column, with labels. */
    public ScoreRequest(ModelSpec model, Path input, Path output, Path report, FitWindow fitWindow,
                        Refit.Span fitEvery, Path labels) {
        this(model, input, output, report, fitWindow, fitEvery, null, labels);
    }

    /** A request for one column, without labels. */
    public ScoreRequest(ModelSpec model, Path input, Path output, Path report, FitWindow fitWindow,
                        Refit.Span fitEvery, String column) {
        this(model, input, output, report, fitWindow, fitEvery, column, null);
    }

    /** Checks that the model and both files are given. */
    public ScoreRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
    }
}
