package dev.vigil.runner.io;

import java.io.IOException;

/**
 * A read or write failed. {@link #code()} is the HTTP status or one of vmanomaly's codes
 * {@code connection_error}, {@code timeout}, {@code ssl_error}, {@code io_error}, used as the
 * {@code code} label of {@code vmanomaly_reader_responses} and {@code vmanomaly_writer_responses}.
 * For a write, {@link #seriesWritten()} counts the leading series that were written before the failure.
 * Immutable, hence thread-safe.
 */
public final class IoFailure extends IOException {
    private static final long serialVersionUID = 1L;

    private final String code;
    private final int seriesWritten;

    /** A failure with a code and a user-facing message. */
    public IoFailure(String code, String message, Throwable cause) {
        this(code, message, cause, 0);
    }

    /** A write failure after the first {@code seriesWritten} series of the list were written. */
    public IoFailure(String code, String message, Throwable cause, int seriesWritten) {
        super(message, cause);
        this.code = code;
        this.seriesWritten = Math.max(0, seriesWritten);
    }

    /** For a write: how many leading series of the list were written before the failure (0 when unknown). */
    public int seriesWritten() {
        return seriesWritten;
    }

    /** The metric code of this failure. */
    public String code() {
        return code;
    }

    /** The code of any exception: its own for an {@code IoFailure}, else a classification. */
    public static String codeOf(Throwable t) {
        if (t instanceof IoFailure) {
            return ((IoFailure) t).code();
        }
        if (t instanceof java.net.http.HttpTimeoutException) {
            return "timeout";
        }
        if (t instanceof javax.net.ssl.SSLException) {
            return "ssl_error";
        }
        if (t instanceof java.net.ConnectException) {
            return "connection_error";
        }
        return "io_error";
    }
}
