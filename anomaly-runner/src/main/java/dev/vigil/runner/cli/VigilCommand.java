package dev.vigil.runner.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code vigil} command. Its positional parameters are reserved for the service mode
 * ({@code vigil CONFIG...}, not built yet); today it only dispatches to subcommands.
 */
@Command(name = "vigil", mixinStandardHelpOptions = true, versionProvider = VigilCommand.Version.class,
        usageHelpAutoWidth = true,
        description = "Vigil: anomaly detection for time series, compatible with vmanomaly.",
        footer = {"", "Exit codes: 0 ok, 1 runtime failure, 2 usage or input error."})
final class VigilCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = Main.DEBUG, scope = ScopeType.INHERIT,
            description = "Show stack traces and debug logs.")
    boolean debug;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing a command, e.g. 'vigil score'");
    }

    /** {@code --version}: the jar's Implementation-Version. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"vigil " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
