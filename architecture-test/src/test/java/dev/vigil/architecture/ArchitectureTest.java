package dev.vigil.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout rules of docs/architecture.md, checked on the main Java sources of every module of this
 * repository (read as text, see {@link SourceTree}; the rules are in {@link Rules}): modules depend only on
 * the modules below them, packages never form a cycle, no main file is over {@value #MAX_LINES} lines, and
 * every package has a package-info.java. Each failure lists every offending file, not just the first.
 */
class ArchitectureTest {

    /**
     * The allowed dependencies of each module: the modules whose {@code dev.vigil} packages its main code
     * may name. The libraries first (core is pure maths and names no other module; models and vm-client
     * build on core only; eval on core and models), then the runner on top of all four, then the
     * benchmarks: {@code benchmarks} measures the libraries and never names the runner,
     * {@code benchmarks-runner} measures the runner. A module with main sources that is not listed here
     * fails the build: add it with its dependencies (and to docs/architecture.md).
     */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "anomaly-core", Set.of(),
            "anomaly-models", Set.of("anomaly-core"),
            "anomaly-vm-client", Set.of("anomaly-core"),
            "anomaly-eval", Set.of("anomaly-core", "anomaly-models"),
            "anomaly-config", Set.of("anomaly-core", "anomaly-models", "anomaly-vm-client"),
            "anomaly-server", Set.of("anomaly-core", "anomaly-models", "anomaly-vm-client", "anomaly-config"),
            "anomaly-runner", Set.of("anomaly-core", "anomaly-models", "anomaly-vm-client", "anomaly-eval",
                    "anomaly-config", "anomaly-server"),
            "benchmarks", Set.of("anomaly-core", "anomaly-models", "anomaly-vm-client", "anomaly-eval"),
            "benchmarks-runner", Set.of("anomaly-core", "anomaly-models", "anomaly-vm-client", "anomaly-eval",
                    "anomaly-config", "anomaly-server", "anomaly-runner", "benchmarks"));

    /** The longest a main source file may be. */
    static final int MAX_LINES = 600;

    private static SourceTree tree;

    @BeforeAll
    static void read() {
        tree = SourceTree.read();
    }

    @Test
    void theSourceTreeIsFoundAndEveryModuleIsListed() {
        assertThat(tree.modules).as("modules with main sources under " + tree.root)
                .containsKeys("anomaly-core", "anomaly-models", "anomaly-runner");
        assertThat(tree.files()).as("main source files").hasSizeGreaterThan(50);
        assertThat(Rules.unknownModules(tree, ALLOWED)).as("modules missing from ArchitectureTest.ALLOWED").isEmpty();
    }

    @Test
    void everyFileSitsInItsPackageDirectoryAndEachPackageInOneModule() {
        assertThat(Rules.misplacedFiles(tree)).as("files outside dev.vigil.* or not in their package's directory")
                .isEmpty();
        assertThat(Rules.splitPackages(tree)).as("packages declared in more than one module").isEmpty();
    }

    @Test
    void modulesReferOnlyToTheirAllowedModules() {
        assertThat(Rules.forbiddenReferences(tree, ALLOWED)).as("references against the module layers (library"
                + " modules never name dev.vigil.runner; core names no other module; benchmarks never name the"
                + " runner): see docs/architecture.md").isEmpty();
    }

    @Test
    void noPackageCycle() {
        assertThat(Rules.packageCycles(tree)).as("package cycles (each edge with the files that make it)").isEmpty();
    }

    @Test
    void noMainFileIsOverTheLineLimit() {
        assertThat(Rules.longFiles(tree, MAX_LINES))
                .as("main files over " + MAX_LINES + " lines: split them by responsibility").isEmpty();
    }

    @Test
    void everyPackageHasPackageInfo() {
        assertThat(Rules.packagesWithoutInfo(tree)).as("main packages without package-info.java").isEmpty();
    }
}
