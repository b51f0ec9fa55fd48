package dev.vigil.eval.csv;

import dev.vigil.eval.InputException;

/**
 * A CSV input file is malformed. The message names the file, the line (1-based) and quotes the
 * offending text; it is meant for the user, without a stack trace. Immutable and thread-safe.
 */
public final class CsvInputException extends InputException {
    private static final long serialVersionUID = 1L;

    private final int line;

    /** An error at {@code line} (0 when it concerns the whole file). */
    CsvInputException(String message, int line) {
        super(message);
        this.line = line;
    }

    /** The 1-based line number of the problem, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
