package dev.vigil.runner.cli;

import dev.vigil.config.ConfigException;
import dev.vigil.config.RunnerConfig;
import dev.vigil.config.RunnerConfigs;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.rules.AlertRules;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil rules CONFIG... [--out DIR]}: the vmalert rules and the Grafana dashboard for a
 * configuration ({@link AlertRules}), so that a CI pipeline derives them from the same file the runner
 * reads. Without {@code --out} the rules are printed. One call per instance.
 */
@Command(name = "rules", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Write the vmalert rules and the Grafana dashboard for a configuration.",
            "Rules: one alert per (model, query) on anomaly_score > 1, selecting the series the writer writes"
                    + " (metric_format), then the runner-health rules. Without --out, prints the rules."})
final class RulesCommand implements Callable<Integer> {

    /** The rule file written in {@code --out}. */
    static final String RULES_FILE = "vigil_alerts.yml";
    /** The dashboard written in {@code --out}. */
    static final String DASHBOARD_FILE = "vigil_dashboard.json";

    @Parameters(paramLabel = "CONFIG", arity = "1..*",
            description = "vmanomaly YAML files or directories, merged in order (as for 'vigil run').")
    List<Path> configs = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write " + RULES_FILE + " and " + DASHBOARD_FILE + " in DIR (created if missing).")
    Path out;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        RunnerConfig config;
        try {
            config = RunnerConfigs.load(configs, System.getenv(), ModelRegistry.standard());
        } catch (ConfigException e) {
            throw new UserException(e.getMessage().strip());
        }
        PrintWriter stdout = spec.commandLine().getOut();
        config.warnings().forEach(w -> spec.commandLine().getErr().println("warning: " + w));
        String rules = AlertRules.rules(config);
        if (out == null) {
            stdout.print(rules);
            stdout.flush();
            return 0;
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserException("--out " + out + ": not a directory");
        }
        Files.createDirectories(out);
        Path r = out.resolve(RULES_FILE);
        Path d = out.resolve(DASHBOARD_FILE);
        if (config.writer() == null) {
            Files.writeString(r, rules, StandardCharsets.UTF_8);
            stdout.println("wrote " + r + " (runner-health rules only: the configuration has no writer)");
        } else {
            Files.writeString(r, rules, StandardCharsets.UTF_8);
            Files.writeString(d, AlertRules.dashboard(config), StandardCharsets.UTF_8);
            stdout.println("wrote " + r + " and " + d);
        }
        stdout.flush();
        return 0;
    }
}
