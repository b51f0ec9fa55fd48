package dev.vigil.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * One request and its response, as the route handlers see them: method, path (the prefix removed),
 * parameters, headers, body, and the answers. Bodies are read whole, at most {@link #MAX_BODY} bytes.
 * Not thread-safe: used by the one thread that handles the request.
 */
final class Exchange {

    /** The largest request body accepted (a configuration or a task fits well below). */
    static final int MAX_BODY = 4 * 1024 * 1024;

    static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final String path;
    private final Map<String, String> pathParams = new LinkedHashMap<>();
    private Fields query;
    private final Map<String, String> form = new LinkedHashMap<>();
    private boolean answered;

    Exchange(Request request, Response response, Callback callback, String path) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.path = path;
    }

    String method() {
        return request.getMethod();
    }

    /** The path below the {@code path_prefix}, e.g. {@code /api/v1/models}. */
    String path() {
        return path;
    }

    Map<String, String> pathParams() {
        return pathParams;
    }

    /** A query parameter (or, for a form-encoded POST, a form field), or {@code null}. */
    String param(String name) {
        if (query == null) {
            query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            if ("POST".equals(method()) && String.valueOf(header("Content-Type"))
                    .startsWith("application/x-www-form-urlencoded")) {
                for (String pair : body().split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        form.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                    }
                }
            }
        }
        String v = query.getValue(name);
        if (v == null) {
            v = form.get(name);
        }
        return v == null || v.isBlank() ? null : v;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** A required query parameter. */
    String required(String name) {
        String v = param(name);
        if (v == null) {
            throw ApiException.badRequest(name, "query parameter '" + name + "' is required");
        }
        return v;
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    private String body;

    /** The body as UTF-8 text ({@code ""} when none). */
    String body() {
        if (body == null) {
            long len = request.getLength();
            if (len > MAX_BODY) {
                throw new ApiException(413, null, "the body is " + len + " bytes; at most " + MAX_BODY + " accepted");
            }
            try {
                body = Content.Source.asString(request, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw ApiException.badRequest(null, "cannot read the body: " + e.getMessage());
            }
            if (body.length() > MAX_BODY) {
                throw new ApiException(413, null, "the body is too large; at most " + MAX_BODY + " bytes accepted");
            }
        }
        return body;
    }

    /** The body as a JSON object. */
    JsonNode jsonBody() {
        String b = body();
        if (b.isBlank()) {
            throw ApiException.badRequest("body", "the body must be a JSON object, got nothing");
        }
        JsonNode n;
        try {
            n = JSON.readTree(b);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "the body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ")");
        }
        if (n == null || !n.isObject()) {
            throw ApiException.badRequest("body", "the body must be a JSON object");
        }
        return n;
    }

    /** Answers {@code value} as JSON. */
    void json(int status, Object value) {
        byte[] b;
        try {
            b = JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
        send(status, "application/json", b);
    }

    /** Answers {@code text} with {@code contentType} (UTF-8). */
    void text(int status, String contentType, String text) {
        send(status, contentType + "; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    void send(int status, String contentType, byte[] bytes) {
        answered = true;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** Sets a response header before answering. */
    void responseHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    boolean answered() {
        return answered;
    }

    /** The error answer of {@code e}. */
    void error(ApiException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("detail", e.getMessage());
        m.put("field", e.field());
        m.put("status", e.status());
        json(e.status(), m);
    }

    Request request() {
        return request;
    }
}
