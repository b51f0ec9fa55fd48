package dev.vigil.vm;

/**
 * One HTTP attempt, as needed for the reader and writer metrics of vmanomaly's self-monitoring (vmanomaly docs, Monitoring, v1.30).
 *
 * @param kind          {@link Kind#READ}, {@link Kind#WRITE} or {@link Kind#HEALTH}
 * @param url           request URL without credentials and without the query string
 * @param queryKey      the query alias (reads), or null
 * @param code          HTTP status as a string ({@code "200"}), or {@code connection_error},
 *                      {@code timeout}, {@code ssl_error}, {@code io_error}; for a 2xx answer whose body
 *                      could not be used, {@code bad_response} or {@code error_status} (see
 *                      {@link VmRequestException}), so that such answers do not count as successes
 * @param attempt       1 for the first attempt, 2 for the first retry, ...
 * @param durationNanos wall time of the attempt (by the client's clock)
 * @param bytes         response bytes received (reads) or request bytes sent, as on the wire (writes)
 * @param series        series parsed (reads) or sent (writes); 0 on failure
 * @param points        points parsed or sent; 0 on failure
 * @param codecNanos    response parsing time (reads) or request serialisation time (writes)
 */
public record RequestEvent(Kind kind, String url, String queryKey, String code, int attempt, long durationNanos,
                           long bytes, int series, long points, long codecNanos) {

    /** What the request was for. */
    public enum Kind { READ, WRITE, HEALTH }

    /** Whether the attempt got a 2xx answer. */
    public boolean ok() {
        return code.length() == 3 && code.charAt(0) == '2';
    }
}
