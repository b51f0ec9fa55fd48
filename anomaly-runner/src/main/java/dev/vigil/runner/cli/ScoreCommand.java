package dev.vigil.runner.cli;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.Refit;
import dev.vigil.models.Replay;
import dev.vigil.eval.csv.CsvSeries;
import dev.vigil.eval.csv.PredictionCsvWriter;
import dev.vigil.eval.csv.RowOrder;
import dev.vigil.eval.csv.SeriesCsvReader;
import dev.vigil.eval.report.HtmlReport;
import dev.vigil.eval.report.ScoreSummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil score}: fits a model on the leading rows of a {@code timestamp,value} CSV, scores
 * every row with {@link Replay#run} (online models keep learning as they go) and writes
 * {@code timestamp,y,yhat,yhat_lower,yhat_upper,anomaly_score}, optionally with an HTML report.
 */
@Command(name = "score", mixinStandardHelpOptions = true, versionProvider = VigilCommand.Version.class,
        usageHelpAutoWidth = true,
        description = {"Score a timestamp,value CSV file with one model.",
            "Writes timestamp,y,yhat,yhat_lower,yhat_upper,anomaly_score (one row per input row;"
                + " an empty cell is a missing value); anomaly_score > 1 means anomalous."},
        footer = {"", "Example:",
            "  vigil score --model zscore_online --arg z_threshold=3 --input in.csv --output out.csv --report out.html"})
final class ScoreCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ScoreCommand.class);

    /** Inputs longer than this get progress lines on stderr. */
    static final int PROGRESS_ROWS = 100_000;

    @Spec
    CommandSpec spec;

    /** Where model names are resolved; tests may add models. */
    final ModelRegistry registry;

    /** A command using the standard models. */
    ScoreCommand() {
        this(ModelRegistry.standard());
    }

    ScoreCommand(ModelRegistry registry) {
        this.registry = registry;
    }

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "ALIAS",
            description = "Model alias (e.g. zscore_online) or vmanomaly class path.")
    String model;

    @Option(names = {"-a", "--arg"}, paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A model argument, repeatable: --arg z_threshold=3 --arg scale=1.2,0.8; a dotted key sets a nested"
                    + " one (args.interval_width=0.98)")
    Map<String, String> args = new LinkedHashMap<>();

    @Option(names = {"-i", "--input"}, required = true, paramLabel = "IN.csv",
            description = "timestamp,value CSV; header optional; timestamps YYYY-MM-DD HH:MM:SS, ISO-8601"
                    + " or epoch seconds (UTC when no zone).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT.csv", description = "Scores CSV to write.")
    Path output;

    @Option(names = {"-r", "--report"}, paramLabel = "OUT.html", description = "Also write a self-contained HTML report.")
    Path report;

    @Option(names = "--fit-window", paramLabel = "N|P%|DURATION", converter = FitWindow.Converter.class,
            description = "Leading rows to fit on: a row count (5000), a percentage (20%%) or a duration"
                    + " from the first timestamp (7d, 12h, P7D). Default: 20%%.")
    FitWindow fitWindow;

    @Option(names = "--fit-every", paramLabel = "N|DURATION",
            description = "Refit the model from scratch this often, as vmanomaly's periodic scheduler does with"
                    + " fit_every: a row count (288) or a duration on the timestamps (2h, 1d, PT2H). Each refit trains"
                    + " on the rows just before it, as many as --fit-window covers (a percentage: that many rows)."
                    + " Default: never (fit once).")
    String fitEvery;

    @Option(names = {"-q", "--quiet"}, description = "No progress or summary on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        ModelSpec modelSpec = registry.create(model, CliArgs.nest(args));
        LOG.debug("model {} with args {}", modelSpec.alias(), modelSpec.resolvedArgs());
        if (!Files.exists(input)) {
            throw new UserException("input file not found: " + input);
        }
        if (Files.isDirectory(input)) {
            throw new UserException("input is a directory, not a CSV file: " + input);
        }
        CsvSeries data = SeriesCsvReader.read(input);
        int n = data.size();
        PrintWriter err = spec.commandLine().getErr();
        checkOrder(data, err);
        int fit = fitWindow == null ? Replay.defaultFitPoints(n) : fitWindow.rows(data.series(), input.toString());
        LOG.debug("read {} rows from {}; fitting on the first {}", n, input, fit);

        LongConsumer progress = !quiet && n > PROGRESS_ROWS ? new Progress(err, n) : null;
        Refit refit = refit(fit);
        Prediction p = Replay.run(modelSpec, data.series(), fit, refit, progress);

        createParent(output);
        PredictionCsvWriter.write(output, p, data::timestampText);
        ScoreSummary s = ScoreSummary.of(p);
        if (report != null) {
            createParent(report);
            HtmlReport.builder(p)
                    .title("vigil score: " + input.getFileName() + " with " + modelSpec.alias())
                    .fitRows(fit)
                    .timeText(data::timestampText)
                    .row("input", input.toString())
                    .row("model", modelSpec.alias())
                    .row("arguments", describe(modelSpec.resolvedArgs()))
                    .row("fit window", fit + " rows (" + data.timestampText(0) + " .. " + data.timestampText(fit - 1) + ")")
                    .row("refits", refit == null ? "none" : refit.toString())
                    .row("time span", data.timestampText(0) + " .. " + data.timestampText(n - 1))
                    .write(report);
        }
        if (!quiet) {
            double secs = (System.nanoTime() - started) / 1e9;
            err.println(String.format(Locale.ROOT, "%s: %d rows (fit on the first %d)%s, %d anomalies (score > 1, %.2f %%),"
                    + " max score %s, %.1f s; wrote %s%s", spec.qualifiedName(), n, fit,
                    refit == null ? "" : ", refit " + refit, s.anomalies(), s.anomalyPercent(),
                    Double.isNaN(s.maxScore()) ? "-" : String.format(Locale.ROOT, "%.3g", s.maxScore()), secs, output,
                    report == null ? "" : " and " + report));
            err.flush();
        }
        return 0;
    }

    /** The refit schedule of {@code --fit-every}, its window as long as the leading fit window. */
    private Refit refit(int fitRows) {
        if (fitEvery == null) {
            return null;
        }
        Refit.Span every = CliArgs.span("--fit-every", fitEvery);
        Refit.Span window = fitWindow != null && fitWindow.kind() == FitWindow.Kind.DURATION
                ? new Refit.Span(Math.max(1, (long) fitWindow.amount()), false) : Refit.Span.ofRows(fitRows);
        return new Refit(every, window);
    }

    /**
     * Rows out of time order follow {@link RowOrder}: a few are scored in file order with a warning;
     * more than {@value RowOrder#MAX_OUT_OF_ORDER_PERCENT} % mean an unsorted file (exit code 2).
     */
    private void checkOrder(CsvSeries data, PrintWriter err) {
        RowOrder.Summary order = data.rowOrder();
        order.requireSorted();
        if (order.count() > 0 && !quiet) {
            err.println(spec.qualifiedName() + ": warning: " + order.warning());
        }
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

    /** Prints a line each time another 10 % of the rows is done. */
    private final class Progress implements LongConsumer {
        private final PrintWriter err;
        private final long total;
        private int nextTenth = 1;

        Progress(PrintWriter err, long total) {
            this.err = err;
            this.total = total;
        }

        @Override
        public void accept(long done) {
            boolean printed = false;
            while (nextTenth <= 10 && done * 10 >= nextTenth * total) {
                nextTenth++;
                printed = true;
            }
            if (printed && done < total) {
                err.println(spec.qualifiedName() + ": scored " + (nextTenth - 1) * 10 + " % (" + done + " of " + total + " rows)");
                err.flush();
            }
        }
    }
}
