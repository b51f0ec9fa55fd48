package dev.vigil.runner.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The errors and warnings of one validation, collected rather than thrown so that every mistake is
 * reported at once, each with its YAML path and {@code file:line}. Not thread-safe: one instance per
 * validation.
 */
final class Diagnostics {

    private final String rootFile;
    private final List<ConfigError> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** @param rootFile the file named by errors about a node that does not exist (a missing section) */
    Diagnostics(String rootFile) {
        this.rootFile = rootFile;
    }

    /** Records an error at {@code path}, located at {@code at} (the root file when {@code null}). */
    void error(String path, Node at, String message) {
        errors.add(new ConfigError(path, at == null ? rootFile : at.where(), message));
    }

    /** Records a non-fatal finding (a legacy form, an orphan dropped). */
    void warn(String message) {
        warnings.add(message);
    }

    /** How many errors were recorded so far; compare before and after a step to know whether it failed. */
    int errorCount() {
        return errors.size();
    }

    /** The errors, in the order found. */
    List<ConfigError> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** The warnings, in the order found. */
    List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** A node's value for messages: {@code "text"}, {@code a list}, {@code nothing}. */
    static String describe(Node n) {
        return n.isList() ? "a list" : n.isMap() ? "a mapping" : n.isNull() ? "nothing" : "\"" + n.value() + "\"";
    }
}
