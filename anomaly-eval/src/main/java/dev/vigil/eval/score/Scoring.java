package dev.vigil.eval.score;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.eval.InputException;
import dev.vigil.eval.csv.CsvSeries;
import dev.vigil.eval.csv.PredictionCsvWriter;
import dev.vigil.eval.csv.RowOrder;
import dev.vigil.eval.csv.SeriesCsvReader;
import dev.vigil.eval.nab.NabCorpus;
import dev.vigil.eval.report.HtmlReport;
import dev.vigil.eval.report.ScoreSummary;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.Refit;
import dev.vigil.models.Replay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * The {@code score} pipeline: reads a {@code timestamp,value} CSV ({@link SeriesCsvReader}), fits the
 * model on the leading rows and scores every row with {@link Replay#run} (online models keep learning
 * as they go; with a refit schedule the model is refitted from scratch on the trailing window at each
 * tick), writes {@code timestamp,y,yhat,yhat_lower,yhat_upper,anomaly_score} with the input's
 * timestamps as written ({@link PredictionCsvWriter}), and optionally an HTML report
 * ({@link HtmlReport}).
 *
 * <p>Rows out of time order follow {@link RowOrder}: a few are scored in file order with a
 * {@link Listener#warning warning}; more than {@value RowOrder#MAX_OUT_OF_ORDER_PERCENT} % mean an
 * unsorted file, an {@link InputException}.
 *
 * <p>Stateless and thread-safe; the listener is called from the calling thread.
 */
public final class Scoring {

    /** Inputs longer than this report their progress to the listener. */
    public static final int PROGRESS_ROWS = 100_000;

    private Scoring() {
    }

    /** Hears what a run has to say besides its result; the methods do nothing by default. */
    public interface Listener {

        /** A listener that ignores everything. */
        Listener NONE = new Listener() {
        };

        /** A warning about the input (a few rows out of time order), to show the user. */
        default void warning(String message) {
        }

        /**
         * Another tenth of the rows is scored: {@code percent} (10, 20, ... 90) of {@code total}, with
         * {@code done} rows done. Called for inputs over {@link #PROGRESS_ROWS} rows only, never for the end.
         */
        default void progress(int percent, long done, long total) {
        }
    }

    /**
     * What a run did.
     *
     * @param rows    the rows read and scored
     * @param fitRows the rows of the leading fit window
     * @param refit   the refit schedule used, or {@code null} for none
     * @param summary the anomalies and the largest score
     * @param windows the labelled windows of the input, -1 without labels
     * @param windowsHit the labelled windows holding a row with {@code anomaly_score > 1}, -1 without labels
     */
    public record Result(int rows, int fitRows, Refit refit, ScoreSummary summary, int windows, int windowsHit) {
    }

    /**
     * Scores {@code request.input()} and writes the output (and the report).
     *
     * @throws InputException for a missing, unreadable or malformed input, a fit window longer than
     *                        the input ({@link dev.vigil.eval.csv.CsvInputException} for bad rows)
     * @throws dev.vigil.models.InsufficientDataException when no fit window has enough valid points
     * @throws IOException    when a file cannot be read or written
     */
    public static Result run(ScoreRequest request, Listener listener) throws IOException {
        Path input = request.input();
        if (!Files.exists(input)) {
            throw new InputException("input file not found: " + input);
        }
        if (Files.isDirectory(input)) {
            throw new InputException("input is a directory, not a CSV file: " + input);
        }
        CsvSeries data = SeriesCsvReader.read(input, request.column());
        int n = data.size();
        RowOrder.Summary order = data.rowOrder();
        order.requireSorted();
        if (order.count() > 0) {
            listener.warning(order.warning());
        }
        FitWindow window = request.fitWindow();
        int fit = window == null ? Replay.defaultFitPoints(n) : window.rows(data.series(), input.toString());
        Refit refit = refit(request, fit);
        ModelSpec spec = request.model();
        LongConsumer progress = n > PROGRESS_ROWS ? new Tenths(listener, n) : null;
        // Labels are read before the replay so that a wrong file fails at once, not after minutes.
        List<HtmlReport.Window> windows = request.labels() == null ? null
                : HtmlReport.Window.ofPairs(windowsOf(request.labels(), input));
        Prediction p = Replay.run(spec, data.series(), fit, refit, progress);

        createParent(request.output());
        PredictionCsvWriter.write(request.output(), p, data::timestampText);
        if (request.report() != null) {
            createParent(request.report());
            HtmlReport.Builder page = HtmlReport.builder(p)
                    .title(input.getFileName() + " \u2014 vigil score with " + spec.alias())
                    .fitRows(fit)
                    .timeText(data::timestampText)
                    .row("input", input.toString())
                    .row("model", spec.alias())
                    .row("arguments", describe(spec.resolvedArgs()))
                    .row("fit window", fit + " rows (" + data.timestampText(0) + " .. " + data.timestampText(fit - 1) + ")")
                    .row("refits", refit == null ? "none" : refit.toString())
                    .row("time span", data.timestampText(0) + " .. " + data.timestampText(n - 1));
            if (windows != null) {
                page.row("labels", request.labels().toString()).windows("labelled window", windows);
            }
            page.write(request.report());
        }
        return new Result(n, fit, refit, ScoreSummary.of(p), windows == null ? -1 : windows.size(),
                windows == null ? -1 : ScoreSummary.windowsHit(p, windows, 1.0));
    }

    /**
     * The windows of {@code input} in the NAB-style labels file: the entry whose key is the longest tail
     * of the input's path ({@code realKnownCause/nyc_taxi.csv} matches {@code data/realKnownCause/nyc_taxi.csv}).
     *
     * @throws InputException naming both files when no key matches
     */
    static long[] windowsOf(Path labels, Path input) throws IOException {
        Map<String, long[]> all = NabCorpus.readWindows(labels);
        Path in = input.toAbsolutePath().normalize();
        String best = null;
        for (String key : all.keySet()) {
            boolean matches;
            try {
                matches = !key.isBlank() && in.endsWith(Path.of(key).normalize());
            } catch (InvalidPathException e) {
                matches = false;
            }
            if (matches && (best == null || key.length() > best.length())) {
                best = key;
            }
        }
        if (best == null) {
            throw new InputException("labels file " + labels + " has no entry for " + input + ": a key must be the end"
                    + " of the input's path (e.g. realKnownCause/nyc_taxi.csv); its " + all.size() + " keys start with "
                    + all.keySet().stream().limit(3).toList());
        }
        return all.get(best);
    }

    /** The refit schedule of the request, its window as long as the leading fit window; {@code null} for none. */
    private static Refit refit(ScoreRequest request, int fitRows) {
        if (request.fitEvery() == null) {
            return null;
        }
        FitWindow w = request.fitWindow();
        Refit.Span window = w != null && w.kind() == FitWindow.Kind.DURATION
                ? new Refit.Span(Math.max(1, (long) w.amount()), false) : Refit.Span.ofRows(fitRows);
        return new Refit(request.fitEvery(), window);
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
    }

    private static String describe(Map<String, Object> resolved) {
        return resolved.isEmpty() ? "(defaults)"
                : resolved.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    /** Tells the listener each time another 10 % of the rows is done (not at the end). Not thread-safe. */
    private static final class Tenths implements LongConsumer {
        private final Listener listener;
        private final long total;
        private int nextTenth = 1;

        Tenths(Listener listener, long total) {
            this.listener = listener;
            this.total = total;
        }

        @Override
        public void accept(long done) {
            boolean passed = false;
            while (nextTenth <= 10 && done * 10 >= nextTenth * total) {
                nextTenth++;
                passed = true;
            }
            if (passed && done < total) {
                listener.progress((nextTenth - 1) * 10, done, total);
            }
        }
    }
}
