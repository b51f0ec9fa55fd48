package dev.vigil.runner.io;

import java.io.IOException;

/**
 * A read or write failed. {@link #code()} is the HTTP status or one of vmanomaly's codes
 * {@code connection_error}, {@code timeout}, {@code ssl_error}, {@code io_error}, used as the
 * {@code code} label of {@code vmanomaly_reader_responses} and {@code vmanomaly_writer_responses}.
 */
public final class IoFailure extends IOException {
    private static final long serialVersionUID = 1L;

    private final String code;

    /** A failure with a code and a user-facing message. */
    public IoFailure(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
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
