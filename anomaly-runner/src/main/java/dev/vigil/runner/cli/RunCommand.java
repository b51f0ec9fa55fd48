package dev.vigil.runner.cli;

import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.runner.scheduler.Ticker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil run CONFIG [CONFIG|DIR ...]}: the vmanomaly-compatible service, the same as
 * {@code vigil CONFIG...}. See {@link ServiceCommand}.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VigilCommand.Version.class,
        usageHelpAutoWidth = true,
        description = {"Run the anomaly detection service from vmanomaly-compatible YAML configuration(s).",
            "Files are merged in order; a directory adds its *.yaml/*.yml files. Same as 'vigil CONFIG...'."},
        footer = {"", "Example:", "  vigil run config.yml --dryRun"})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceCommand service = new ServiceCommand();

    @Parameters(paramLabel = "CONFIG", arity = "0..*", description = "YAML files or directories (default: "
            + ServiceCommand.DEFAULT_CONFIG + ").")
    List<Path> configs = new ArrayList<>();

    private final ModelRegistry registry;

    RunCommand() {
        this(ModelRegistry.standard());
    }

    RunCommand(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Integer call() throws Exception {
        return service.execute(configs, spec.commandLine().getOut(), spec.commandLine().getErr(), registry,
                Ticker.system());
    }
}
