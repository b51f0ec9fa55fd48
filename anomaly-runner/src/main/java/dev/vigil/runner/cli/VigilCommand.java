package dev.vigil.runner.cli;

import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.scheduler.Ticker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code vigil} command: {@code vigil CONFIG [CONFIG|DIR ...]} runs the
 * vmanomaly-compatible service (as {@code vigil run}); otherwise it dispatches to a subcommand.
 */
@Command(name = "vigil", mixinStandardHelpOptions = true, versionProvider = VigilCommand.Version.class,
        usageHelpAutoWidth = true,
        description = {"Vigil: anomaly detection for time series, compatible with vmanomaly.",
            "With CONFIG files, runs the service like 'vmanomaly CONFIG...' (see 'vigil run --help')."},
        footer = {"", "Exit codes: 0 ok, 1 runtime failure, 2 usage or input error."})
final class VigilCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = Main.DEBUG, scope = ScopeType.INHERIT,
            description = "Show stack traces and debug logs.")
    boolean debug;

    @Mixin
    ServiceCommand service = new ServiceCommand();

    @Parameters(paramLabel = "CONFIG", arity = "0..*",
            description = "vmanomaly YAML files or directories, merged in order (default: "
                    + ServiceCommand.DEFAULT_CONFIG + " if present).")
    List<Path> configs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return service.execute(configs, spec.commandLine().getOut(), spec.commandLine().getErr(),
                ModelRegistry.standard(), Ticker.system());
    }

    /** {@code --version}: the jar's Implementation-Version. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"vigil " + version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }

        /** The jar's version, or {@code dev} in a development build. */
        static String version() {
            String v = Main.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }
}
