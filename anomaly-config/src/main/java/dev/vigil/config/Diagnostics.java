package dev.vigil.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The errors and warnings of one validation, collected rather than thrown so that every mistake is
 * reported at once, each with its YAML path and {@code file:line}. Not thread-safe: one instance per
 * validation.
 */
final class Diagnostics {

    /** An error with the file and line it is sorted by (line 0: the file as a whole). */
    private record Located(ConfigError error, String file, int line) {
    }

    private final String rootFile;
    private final List<Located> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** @param rootFile the file named by errors about a node that does not exist (a missing section) */
    Diagnostics(String rootFile) {
        this.rootFile = rootFile;
    }

    /** Records an error at {@code path}, located at {@code at} (the root file when {@code null}). */
    void error(String path, Node at, String message) {
        errors.add(at == null ? new Located(new ConfigError(path, rootFile, message), rootFile, 0)
                : new Located(new ConfigError(path, at.where(), message), at.file(), at.line()));
    }

    /** Records a non-fatal finding (a legacy form, an orphan dropped). */
    void warn(String message) {
        warnings.add(message);
    }

    /** How many errors were recorded so far; compare before and after a step to know whether it failed. */
    int errorCount() {
        return errors.size();
    }

    /** The errors in document order: by file, then line, then the order found. */
    List<ConfigError> errors() {
        return errors.stream().sorted(Comparator.comparing(Located::file).thenComparingInt(Located::line))
                .map(Located::error).toList();
    }

    /** The warnings, in the order found. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
