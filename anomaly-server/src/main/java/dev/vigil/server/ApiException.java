package dev.vigil.server;

/**
 * A request the API refuses: its HTTP status, the request field at fault (a body key, a query
 * parameter, a path part; {@code null} when none) and a message for the user. Answered as
 * {@code {"detail": message, "field": field}}. Immutable and thread-safe.
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String field;

    /** A refusal with {@code status} about {@code field}. */
    public ApiException(int status, String field, String message) {
        super(message);
        this.status = status;
        this.field = field;
    }

    /** 400: the request is malformed (not JSON, a missing parameter). */
    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, field, message);
    }

    /** 422: the request is well-formed but a value is invalid. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(422, field, message);
    }

    /** 404: no such resource. */
    public static ApiException notFound(String field, String message) {
        return new ApiException(404, field, message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The request field at fault, or {@code null}. */
    public String field() {
        return field;
    }
}
