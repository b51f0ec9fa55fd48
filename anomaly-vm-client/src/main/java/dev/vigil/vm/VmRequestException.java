package dev.vigil.vm;

/**
 * A request to VictoriaMetrics failed for good (after the retries the configuration allows).
 *
 * <p>{@link #code()} is the result code of vmanomaly's reader and writer metrics (vmanomaly docs, Monitoring, v1.30): the HTTP status as a string ({@code "500"},
 * {@code "401"}), or {@code connection_error}, {@code timeout}, {@code ssl_error}, {@code io_error};
 * {@code bad_response} when the body is not the expected JSON, and {@code error_status} when
 * VictoriaMetrics answered {@code "status":"error"} (its {@code errorType} and {@code error} are in the
 * message). The message names the query alias (if any) and the URL without credentials.
 *
 * <p>For a write, {@link #seriesWritten()} says how many leading series of the list given to
 * {@link VmWriter#write} were accepted before the failure (batches go in order), so that a caller can
 * re-send only the rest. Immutable, hence thread-safe.
 */
public final class VmRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final String url;
    private final int seriesWritten;

    VmRequestException(String code, String url, String message, Throwable cause) {
        this(code, url, message, cause, 0);
    }

    private VmRequestException(String code, String url, String message, Throwable cause, int seriesWritten) {
        super(message, cause);
        this.code = code;
        this.url = url;
        this.seriesWritten = seriesWritten;
    }

    /** This failure, saying that the first {@code n} series of the write were accepted. */
    VmRequestException withSeriesWritten(int n) {
        if (n == seriesWritten) {
            return this;
        }
        VmRequestException e = new VmRequestException(code, url, getMessage(), getCause(), n);
        e.setStackTrace(getStackTrace());
        return e;
    }

    /**
     * For a write: how many leading series of the list given to {@link VmWriter#write} were accepted
     * before this failure (0 for reads, and when the first batch failed). The others were not written,
     * unless the failure was a {@code timeout} of a request the server went on to apply.
     */
    public int seriesWritten() {
        return seriesWritten;
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
