package dev.vigil.runner.cli;

import dev.vigil.eval.corpus.ComparisonTable;
import dev.vigil.eval.corpus.Detector;
import dev.vigil.eval.corpus.Evaluation;
import dev.vigil.eval.corpus.EvaluationReport;
import dev.vigil.eval.nab.NabCorpus;
import dev.vigil.eval.nab.EventMetrics;
import dev.vigil.eval.nab.NabFile;
import dev.vigil.eval.nab.Profile;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.Refit;
import dev.vigil.runner.cli.CliArgs;
import dev.vigil.eval.csv.CsvSeries;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
import java.util.function.IntConsumer;
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
    static final String BASELINE = "baseline_rolling_z";

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
        long t0 = System.nanoTime();
        List<NabCorpus.Entry> corpus = NabCorpus.read(data, labels);
        if (!quiet) {
            err.printf(Locale.ROOT, "%s: read %d files, %d rows in %.1f s; %d detector(s); %s%n", me, corpus.size(),
                    corpus.stream().mapToInt(NabCorpus.Entry::size).sum(), (System.nanoTime() - t0) / 1e9,
                    detectors.size(), refit == null ? "no refits" : "refit " + refit);
            err.flush();
        }
        List<Evaluation.DetectorResult> results = new ArrayList<>();
        for (Detector d : detectors) {
            Evaluation.DetectorResult r = Evaluation.run(d, corpus, profiles, fitFraction, refit, threads,
                    quiet ? n -> { } : progress(err, me + ": " + d.name(), corpus.size(), PROGRESS_EVERY_NANOS));
            if (!quiet) {
                err.printf(Locale.ROOT, "%s: %s: replayed %d files in %.1f s, scored in %.1f s; NAB %s %.2f%n", me,
                        d.name(), corpus.size(), r.seconds(), r.scoringSeconds(), profiles.get(0).name(),
                        r.profiles().get(profiles.get(0).name()).nab().normalisedScore());
            }
            for (String n : r.notes()) {
                err.println(me + ": warning: " + d.name() + ": " + n);
            }
            err.flush();
            results.add(r);
            if (output != null) {
                writeScores(r, corpus);
            }
        }
        out.print(ComparisonTable.markdown(results, profiles));
        out.flush();
        if (report != null) {
            EvaluationReport.write(report, results, profiles, corpus, reportDetails);
            if (!quiet) {
                err.println(me + ": report written to " + report);
            }
        }
        return 0;
    }

    /** Interval between two progress lines of one detector's replay. */
    static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    /**
     * A thread-safe listener that prints {@code "<what>: k/n files (s s)"} on {@code err} at most once per
     * {@code everyNanos} and never for the last file, so a slow model shows it is alive and a fast one
     * prints nothing extra.
     */
    static IntConsumer progress(PrintWriter err, String what, int total, long everyNanos) {
        long start = System.nanoTime();
        long[] last = {start};
        return done -> {
            synchronized (last) {
                long now = System.nanoTime();
                if (done < total && now - last[0] >= everyNanos) {
                    last[0] = now;
                    err.printf(Locale.ROOT, "%s: %d/%d files (%.0f s)%n", what, done, total, (now - start) / 1e9);
                    err.flush();
                }
            }
        };
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

    private List<Detector> detectors() {
        List<Detector> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ModelOption m : models) {
            if (m.args == null) {
                m.args = new LinkedHashMap<>();
            }
            String name = m.name != null ? m.name : m.args.isEmpty() ? m.model : m.model + m.args;
            if (m.model.equals(BASELINE)) {
                Map<String, String> a = new LinkedHashMap<>(m.args);
                int window = parseInt(a.remove("window"), 100, "window");
                double z = parseDouble(a.remove("z"), 3.0, "z");
                if (!a.isEmpty()) {
                    throw new UserException("model '" + BASELINE + "': unknown argument(s) " + a.keySet()
                            + "; known: window, z");
                }
                if (window < 2 || !(z > 0) || Double.isInfinite(z)) {
                    throw new UserException("model '" + BASELINE + "': window must be >= 2 and z a positive number, got window="
                            + window + ", z=" + z);
                }
                out.add(new Detector.RollingZ(name, window, z));
            } else {
                ModelSpec s = registry.create(m.model, CliArgs.nest(m.args));
                out.add(new Detector.Model(name, s));
            }
        }
        for (Path d : scoreDirs) {
            if (!Files.isDirectory(d)) {
                throw new UserException("--scores folder not found: " + d);
            }
            Path fn = d.toAbsolutePath().normalize().getFileName();
            out.add(new Detector.Scores(fn == null ? d.toString() : fn.toString(), d));
        }
        for (Detector d : out) {
            if (!names.add(ComparisonTable.folderName(d.name()))) {
                throw new UserException("two detectors are named '" + d.name() + "'; tell them apart with --name");
            }
        }
        return out;
    }


    private static int parseInt(String s, int def, String what) {
        try {
            return s == null ? def : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new UserException("model '" + BASELINE + "': " + what + " must be an integer, got '" + s + "'");
        }
    }

    private static double parseDouble(String s, double def, String what) {
        try {
            return s == null ? def : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new UserException("model '" + BASELINE + "': " + what + " must be a number, got '" + s + "'");
        }
    }

    private void writeScores(Evaluation.DetectorResult r, List<NabCorpus.Entry> entries) throws IOException {
        Path root = output.resolve(ComparisonTable.folderName(r.detector().name()));
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
                    w.write(Double.isNaN(s) ? "" : Double.toString(s));
                    w.write('\n');
                }
            }
        }
    }
}
