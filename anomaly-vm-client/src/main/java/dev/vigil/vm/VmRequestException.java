package dev.vigil.vm;

/**
 * A request to VictoriaMetrics failed for good (after the retries the configuration allows).
 *
 * <p>{@link #code()} is the result code of vmanomaly's reader and writer metrics (vmanomaly docs, Monitoring, v1.30): the HTTP status as a string ({@code "500"},
 * {@code "401"}), or {@code connection_error}, {@code timeout}, {@code ssl_error}, {@code io_error};
 * {@code bad_response} when the body is not the expected JSON, and {@code error_status} when
 * VictoriaMetrics answered {@code "status":"error"} (its {@code errorType} and {@code error} are in the
 * message). The message names the query alias (if any) and the URL without credentials.
 */
public final class VmRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final String url;

    VmRequestException(String code, String url, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.url = url;
    }

    /** The result code: an HTTP status, or one of the names listed in the class documentation. */
    public String code() {
        return code;
    }

    /** The request URL, credentials removed. */
    public String url() {
        return url;
    }
}
