package dev.vigil.runner.cli;

import dev.vigil.eval.corpus.ComparisonTable;
import dev.vigil.eval.corpus.Detector;
import dev.vigil.eval.corpus.Evaluation;
import dev.vigil.eval.corpus.Evaluator;
import dev.vigil.eval.InputException;
import dev.vigil.eval.nab.FileSelection;
import dev.vigil.eval.nab.NabCorpus;
import dev.vigil.eval.nab.Profile;
import dev.vigil.models.Refit;
import dev.vigil.models.registry.ModelRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil evaluate}: scores models on a labelled NAB-layout corpus with the NAB score (three
 * profiles, one corpus-optimised threshold each) and event-level precision/recall/F1, and prints a
 * Markdown comparison table on stdout (progress goes to stderr).
 *
 * <p>Each file is replayed with {@link dev.vigil.models.Replay#run}: fit on a leading window (by
 * default NAB's probation, 15 % of the file and at most 750 rows, which NAB does not score), then
 * causal inference of the rest, online models updating point by point, and every model refitted
 * from scratch on a trailing window on a schedule (by default every 2 h on the last 14 days, the
 * vmanomaly alerting tutorial's periodic scheduler; {@code --fit-every never} fits once).
 *
 * <p>The options become an {@link Evaluator.Request} for {@link Evaluator#run}; this class builds the
 * detectors from the model options and prints what the evaluation tells it. Not thread-safe (one
 * command line runs once).
 */
@Command(name = "evaluate", sortOptions = false, usageHelpAutoWidth = true,
        description = "Score models on a labelled corpus in the Numenta Anomaly Benchmark layout. Prints one"
                + " Markdown table: the NAB score per profile (one threshold per profile, optimised over the corpus)"
                + " and event-level precision/recall/F1 at that threshold and at anomaly_score > 1.",
        footer = {"", "Example (NAB checkout in ./NAB):",
            "  vigil evaluate --data NAB/data --labels NAB/labels/combined_windows.json \\",
            "    -m zscore_online -m quantile_online -a quantiles=0.0001,0.5,0.9999 \\",
            "    -m baseline_rolling_z -a window=1000 --report nab.html"})
public final class EvaluateCommand implements Callable<Integer> {

    /** Alias of the built-in rolling z-score baseline (not a registry model). */
    static final String BASELINE = Detector.RollingZ.ALIAS;

    /** One {@code --model} with the {@code --arg}s that follow it. */
    static final class ModelOption {
        @Option(names = {"-m", "--model"}, required = true, paramLabel = "ALIAS",
                description = "Model alias or class path (repeatable; each --arg applies to the --model before it)."
                        + " '" + BASELINE + "' is the rolling z-score baseline (args window=100, z=3).")
        String model;

        @Option(names = {"-a", "--arg"}, mapFallbackValue = "", paramLabel = "KEY=VALUE",
                description = "A model argument, e.g. z_threshold=3; a dotted key sets a nested one (args.interval_width=0.98).")
        // No initial value: picocli would share one initial map between the repeated groups.
        Map<String, String> args;

        @Option(names = "--name", paramLabel = "NAME", description = "Name of this model in the table and --output.")
        String name;
    }

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<ModelOption> models = new ArrayList<>();

    @Option(names = "--scores", paramLabel = "DIR",
            description = "Also score precomputed per-row scores: <DIR>/<category>/<name>.csv with the data file's"
                    + " rows, columns timestamp,anomaly_score (what --output writes; NAB's results files need their"
                    + " detector prefix and extra columns removed first). Repeatable.")
    List<Path> scoreDirs = new ArrayList<>();

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "NAB data folder (<category>/<name>.csv).")
    Path data;

    @Option(names = "--labels", required = true, paramLabel = "WINDOWS.json",
            description = "NAB windows file, e.g. labels/combined_windows.json; its keys are the files scored.")
    Path labels;

    @Option(names = "--split", paramLabel = "a|b|all", defaultValue = "all",
            description = "Evaluate one fixed half of the labelled files: their names sorted, the even positions"
                    + " are half a, the odd ones half b (the held-out protocol of docs/quality.md: choose on a, report"
                    + " on b). Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--files", paramLabel = "GLOB", split = ",",
            description = "Only the labelled files whose name matches one of these glob patterns, e.g."
                    + " 'realKnownCause/*.csv' (combined with --split). Repeatable or comma-separated.")
    List<String> files = new ArrayList<>();

    @Option(names = "--profile", paramLabel = "PROFILE", split = ",",
            description = "standard, reward_low_FP_rate, reward_low_FN_rate (default: all three).")
    List<String> profileNames = new ArrayList<>();

    @Option(names = "--fit-fraction", paramLabel = "F",
            description = "Leading fit window as a share of each file (default: NAB's probation, min(15 %%, 750 rows));"
                    + " a larger share scores rows the model was fitted on.")
    Double fitFraction;

    /** Default refit cadence: the vmanomaly alerting tutorial's periodic scheduler (deploy/vigil-config.yml). */
    static final String DEFAULT_FIT_EVERY = "2h";

    /** Default trailing fit window of each refit, with {@link #DEFAULT_FIT_EVERY}. */
    static final String DEFAULT_FIT_WINDOW = "14d";

    @Option(names = "--fit-every", paramLabel = "N|DURATION|never", defaultValue = DEFAULT_FIT_EVERY,
            description = "Refit every model from scratch this often, as vmanomaly's periodic scheduler does with"
                    + " fit_every: a row count (288) or a duration on the timestamps (2h, 1d, PT2H); 'never' fits once"
                    + " on the leading window. Default: ${DEFAULT-VALUE} (with --fit-window 14d: the vmanomaly alerting"
                    + " tutorial's scheduler).")
    String fitEvery;

    @Option(names = "--fit-window", paramLabel = "N|DURATION", defaultValue = DEFAULT_FIT_WINDOW,
            description = "Each refit trains on this trailing window before the refit (vmanomaly's fit_window): a row"
                    + " count or a duration. Default: ${DEFAULT-VALUE}.")
    String fitWindow;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Write per-row scores as <DIR>/<model>/<category>/<name>.csv (timestamp,anomaly_score).")
    Path output;

    @Option(names = "--report", paramLabel = "FILE", description = "Write an HTML report (tables and a plot per file).")
    Path report;

    @Option(names = "--report-details",
            description = "With --report: also write the score command's full page for every file and detector"
                    + " (<report>-files/<detector>/<category>/<name>.html, ~100 KB each), linked from the plots.")
    boolean reportDetails;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Replay up to N files at once (each file is independent, so the scores are the same for"
                    + " any N). Default: the number of processors.")
    Integer jobs;

    @Option(names = {"-q", "--quiet"}, description = "No progress on stderr (warnings still).")
    boolean quiet;

    @Spec
    CommandSpec spec;

    /** Where model names are resolved; tests may add models. */
    private final ModelRegistry registry;

    /** A command using the standard models. */
    public EvaluateCommand() {
        this(ModelRegistry.standard());
    }

    EvaluateCommand(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String me = spec.qualifiedName();
        List<Profile> profiles = profiles();
        if (fitFraction != null && !(fitFraction > 0 && fitFraction <= 1)) {
            throw new UserException("--fit-fraction must be in (0, 1], got " + fitFraction);
        }
        Refit refit = refit();
        int threads = jobs == null ? Runtime.getRuntime().availableProcessors() : jobs;
        if (threads < 1) {
            throw new UserException("--jobs must be at least 1, got " + threads);
        }
        List<Detector> detectors = detectors();
        if (detectors.isEmpty()) {
            throw new UserException("nothing to evaluate: give at least one --model or --scores");
        }
        FileSelection selection;
        try {
            selection = new FileSelection(FileSelection.Half.parse(split), files);
        } catch (InputException e) {
            throw new UserException("--split: " + e.getMessage());
        }
        Evaluator.run(new Evaluator.Request(data, labels, detectors, profiles, fitFraction, refit, threads, output,
                report, reportDetails, selection), new Evaluator.Listener() {
            @Override
            public void corpusRead(List<NabCorpus.Entry> corpus, double seconds) {
                if (!quiet) {
                    err.printf(Locale.ROOT, "%s: read %d files, %d rows in %.1f s; %d detector(s); %s%n", me,
                            corpus.size(), corpus.stream().mapToInt(NabCorpus.Entry::size).sum(), seconds,
                            detectors.size(), refit == null ? "no refits" : "refit " + refit);
                    err.flush();
                }
            }

            @Override
            public void progress(Detector d, int done, int files, double seconds) {
                if (!quiet) {
                    err.printf(Locale.ROOT, "%s: %s: %d/%d files (%.0f s)%n", me, d.name(), done, files, seconds);
                    err.flush();
                }
            }

            @Override
            public void replayed(Evaluation.DetectorResult r) {
                if (!quiet) {
                    err.printf(Locale.ROOT, "%s: %s: replayed %d files in %.1f s, scored in %.1f s; NAB %s %.2f%n", me,
                            r.detector().name(), r.corpus().size(), r.seconds(), r.scoringSeconds(),
                            profiles.get(0).name(), r.profiles().get(profiles.get(0).name()).nab().normalisedScore());
                }
                for (String n : r.notes()) {
                    err.println(me + ": warning: " + r.detector().name() + ": " + n);
                }
                err.flush();
            }

            @Override
            public void compared(String markdown) {
                out.print(markdown);
                out.flush();
            }

            @Override
            public void reportWritten(Path file) {
                if (!quiet) {
                    err.println(me + ": report written to " + file);
                }
            }
        });
        return 0;
    }

    /** The refit schedule of the options, or {@code null} for {@code --fit-every never}. */
    Refit refit() {
        if (fitEvery.trim().equalsIgnoreCase("never")) {
            return null;
        }
        return new Refit(CliArgs.span("--fit-every", fitEvery), CliArgs.span("--fit-window", fitWindow));
    }

    private List<Profile> profiles() {
        List<Profile> out = new ArrayList<>();
        for (String name : profileNames) {
            try {
                Profile p = Profile.byName(name);
                if (!out.contains(p)) {
                    out.add(p);
                }
            } catch (IllegalArgumentException e) {
                throw new UserException("--profile: " + e.getMessage());
            }
        }
        return out.isEmpty() ? Profile.nabProfiles() : out;
    }

    /** One detector per {@code --model} (in order), then one per {@code --scores} folder; names unique. */
    private List<Detector> detectors() {
        List<Detector> out = new ArrayList<>();
        for (ModelOption m : models) {
            if (m.args == null) {
                m.args = new LinkedHashMap<>();
            }
            String name = m.name != null ? m.name : m.args.isEmpty() ? m.model : m.model + m.args;
            if (m.model.equals(BASELINE)) {
                out.add(Detector.RollingZ.of(name, m.args));
            } else {
                // NAB files hold one series each: a multivariate model runs on it as one channel.
                var spec = registry.create(m.model, CliArgs.nest(m.args));
                MultiColumn.refusePeer(spec, "vigil evaluate");
                out.add(new Detector.Model(name, spec));
            }
        }
        for (Path d : scoreDirs) {
            if (!Files.isDirectory(d)) {
                throw new UserException("--scores folder not found: " + d);
            }
            Path fn = d.toAbsolutePath().normalize().getFileName();
            out.add(new Detector.Scores(fn == null ? d.toString() : fn.toString(), d));
        }
        Set<String> names = new HashSet<>();
        for (Detector d : out) {
            if (!names.add(ComparisonTable.folderName(d.name()))) {
                throw new UserException("two detectors are named '" + d.name() + "'; tell them apart with --name");
            }
        }
        return out;
    }
}
