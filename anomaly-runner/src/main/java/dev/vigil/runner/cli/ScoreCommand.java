package dev.vigil.runner.cli;

import dev.vigil.eval.report.ScoreSummary;
import dev.vigil.eval.score.FitWindow;
import dev.vigil.eval.score.ScoreRequest;
import dev.vigil.eval.score.Scoring;
import dev.vigil.eval.score.MultivariateScoring;
import dev.vigil.models.MultivariateSpec;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.registry.ModelRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil score}: fits a model on the leading rows of a {@code timestamp,value} CSV, scores
 * every row (online models keep learning as they go) and writes
 * {@code timestamp,y,yhat,yhat_lower,yhat_upper,anomaly_score}, optionally with an HTML report. The
 * options become a {@link ScoreRequest} for {@link Scoring#run}; this class prints its warnings,
 * progress and summary line. Not thread-safe (one command line runs once).
 */
@Command(name = "score", mixinStandardHelpOptions = true, versionProvider = VigilCommand.Version.class,
        usageHelpAutoWidth = true,
        description = {"Score a timestamp,value CSV file with one model.",
            "Writes timestamp,y,yhat,yhat_lower,yhat_upper,anomaly_score (one row per input row;"
                + " an empty cell is a missing value); anomaly_score > 1 means anomalous."},
        footer = {"", "Example:",
            "  vigil score --model zscore_online --arg z_threshold=3 --input in.csv --output out.csv --report out.html"})
final class ScoreCommand implements Callable<Integer> {

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

    @Option(names = {"-l", "--labels"}, paramLabel = "WINDOWS.json",
            description = "NAB-style labelled windows ({\"<dir>/<name>.csv\": [[start, end], ...]}, e.g. NAB's"
                    + " labels/combined_windows.json): the entry whose key ends the input's path is shaded in the report"
                    + " and counted (windows hit and missed).")
    Path labels;

    @Option(names = "--fit-window", paramLabel = "N|P%|DURATION", converter = FitWindowConverter.class,
            description = "Leading rows to fit on: a row count (5000), a percentage (20%%) or a duration"
                    + " from the first timestamp (7d, 12h, P7D). Default: 20%%.")
    FitWindow fitWindow;

    @Option(names = "--fit-every", paramLabel = "N|DURATION",
            description = "Refit the model from scratch this often, as vmanomaly's periodic scheduler does with"
                    + " fit_every: a row count (288) or a duration on the timestamps (2h, 1d, PT2H). Each refit trains"
                    + " on the rows just before it, as many as --fit-window covers (a percentage: that many rows)."
                    + " Default: never (fit once).")
    String fitEvery;

    @Option(names = "--column", paramLabel = "NAME",
            description = "The value column to score, by its header name, when the CSV has several (univariate"
                    + " models). A multivariate model (isolation_forest_multivariate) uses every value column.")
    String column;

    @Option(names = {"-q", "--quiet"}, description = "No progress or summary on stderr.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        ModelSpec modelSpec = registry.create(model, CliArgs.nest(args));
        Logger log = debugLog();
        if (log != null) {
            log.debug("model {} with args {}", modelSpec.alias(), modelSpec.resolvedArgs());
        }
        PrintWriter err = spec.commandLine().getErr();
        String me = spec.qualifiedName();
        Scoring.Result r = MultiColumn.multivariate(modelSpec, input, column, report, fitEvery)
                ? MultivariateScoring.run((MultivariateSpec) modelSpec, input, output, fitWindow) : null;
        if (r == null) {
            MultiColumn.checkUnivariate(modelSpec, input, column);
            r = univariate(modelSpec, err, me);
        }
        if (log != null) {
            log.debug("read {} rows from {}; fitted on the first {}", r.rows(), input, r.fitRows());
        }
        if (!quiet) {
            ScoreSummary s = r.summary();
            double secs = (System.nanoTime() - started) / 1e9;
            err.println(String.format(Locale.ROOT, "%s: %d rows (fit on the first %d)%s, %d anomalies (score > 1, %.2f %%)"
                    + " in %d events%s, max score %s, %.1f s; wrote %s%s", me, r.rows(), r.fitRows(),
                    r.refit() == null ? "" : ", refit " + r.refit(), s.anomalies(), s.anomalyPercent(), s.events(),
                    r.windows() < 0 ? "" : ", " + r.windowsHit() + " of " + r.windows() + " labelled windows hit",
                    Double.isNaN(s.maxScore()) ? "-" : String.format(Locale.ROOT, "%.3g", s.maxScore()), secs, output,
                    report == null ? "" : " and " + report));
            err.flush();
        }
        return 0;
    }

    /**
     * The logger when {@code --debug} is on, else {@code null}: score logs nothing else, and setting
     * up logging was about a tenth of the CPU time of a short score run.
     */
    private Logger debugLog() {
        CommandLine root = spec.root().commandLine();
        return root.getParseResult() != null && Main.debugRequested(root.getParseResult())
                ? LoggerFactory.getLogger(ScoreCommand.class) : null;
    }

    private Scoring.Result univariate(ModelSpec modelSpec, PrintWriter err, String me) throws IOException {
        ScoreRequest request = new ScoreRequest(modelSpec, input, output, report, fitWindow,
                fitEvery == null ? null : CliArgs.span("--fit-every", fitEvery), column, labels);
        return Scoring.run(request, quiet ? Scoring.Listener.NONE : new Scoring.Listener() {
            @Override
            public void warning(String message) {
                err.println(me + ": warning: " + message);
            }

            @Override
            public void progress(int percent, long done, long total) {
                err.println(me + ": scored " + percent + " % (" + done + " of " + total + " rows)");
                err.flush();
            }
        });
    }

    /** Picocli converter of {@code --fit-window}, so that a bad value is a usage error naming the option. */
    static final class FitWindowConverter implements CommandLine.ITypeConverter<FitWindow> {
        @Override
        public FitWindow convert(String value) {
            try {
                return FitWindow.parse("--fit-window", value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
