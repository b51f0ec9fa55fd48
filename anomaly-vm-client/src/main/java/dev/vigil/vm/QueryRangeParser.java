package dev.vigil.vm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.vigil.core.series.Labels;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streams a {@code /api/v1/query_range} answer into primitive columns, one pass, no tree model:
 * {@code {"status":"success","data":{"resultType":"matrix","result":[{"metric":{...},"values":[[t,"v"],...]}]}}}.
 * Values are strings ({@code "1.5"}, {@code "NaN"}, {@code "+Inf"}, {@code "-Inf"}); timestamps are
 * seconds, possibly with decimals. O(bytes) time; memory O(points), or O(points of one series) when the
 * series are handed to a sink as they are parsed ({@link #parse(InputStream, String, String, Consumer)}).
 * Stateless and thread-safe.
 */
final class QueryRangeParser {

    static final JsonFactory JSON = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    /** One parsed series; {@code size} valid entries in the arrays. */
    static final class Columns {
        final Labels labels;
        long[] ts;
        double[] vs;
        int size;
        /** Values that are not finite (NaN, +/-Inf, overflow), counted as they are added. */
        int nonFinite;
        /** Timestamps not after the one before, counted as they are added: 0 means strictly increasing. */
        int notIncreasing;

        Columns(Labels labels) {
            this(labels, 16);
        }

        Columns(Labels labels, int capacity) {
            this.labels = labels;
            ts = new long[capacity];
            vs = new double[capacity];
        }

        void add(long t, double v) {
            if (size > 0 && t <= ts[size - 1]) {
                notIncreasing++;
            }
            if (size == ts.length) {
                ts = Arrays.copyOf(ts, size * 2);
                vs = Arrays.copyOf(vs, size * 2);
            }
            ts[size] = t;
            vs[size] = v;
            size++;
            if (!Double.isFinite(v)) {
                nonFinite++;
            }
        }
    }

    /** The parsed answer. */
    static final class Result {
        final List<Columns> series = new ArrayList<>();
        long points;
        /** Length of the previous series: the series of one answer usually share a length. */
        int lastSize = 16;
    }

    /**
     * What a sink threw, carried through the parser unchanged (the parser turns its own failures into
     * {@code bad_response}, which a failure of the caller's code is not).
     */
    static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkFailure(RuntimeException cause) {
            super(cause);
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    /** Thrown (as a {@link VmRequestException}) for a body that is not a valid query_range answer. */
    static VmRequestException bad(String what, String url, String reason, Throwable cause) {
        return new VmRequestException("bad_response", url, what + ": malformed query_range response from " + url + ": "
                + reason, cause);
    }

    static Result parse(InputStream in, String what, String url) {
        Result result = new Result();
        return parse(in, what, url, result, result.series::add);
    }

    /**
     * Parses {@code in}, handing each series to {@code sink} as soon as its closing brace is read, so
     * that only the series being parsed is held here; the returned result counts points but holds no
     * series. A {@link RuntimeException} of the sink is rethrown wrapped in a {@link SinkFailure}.
     */
    static Result parse(InputStream in, String what, String url, Consumer<Columns> sink) {
        return parse(in, what, url, new Result(), c -> {
            try {
                sink.accept(c);
            } catch (RuntimeException e) {
                throw new SinkFailure(e);
            }
        });
    }

    private static Result parse(InputStream in, String what, String url, Result result, Consumer<Columns> sink) {
        try (JsonParser p = JSON.createParser(in)) {
            return parse(p, what, url, result, sink);
        } catch (VmRequestException | SinkFailure e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw bad(what, url, e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0], e);
        }
    }

    static Result parse(byte[] body, String what, String url) {
        try (JsonParser p = JSON.createParser(body)) {
            Result result = new Result();
            return parse(p, what, url, result, result.series::add);
        } catch (VmRequestException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw bad(what, url, e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0], e);
        }
    }

    private static Result parse(JsonParser p, String what, String url, Result result, Consumer<Columns> sink)
            throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw bad(what, url, "expected a JSON object", null);
        }
        String status = null;
        String errorType = null;
        String error = null;
        boolean sawResult = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "status":
                    status = p.getValueAsString();
                    break;
                case "errorType":
                    errorType = p.getValueAsString();
                    break;
                case "error":
                    error = p.getValueAsString();
                    break;
                case "data":
                    if (t != JsonToken.START_OBJECT) {
                        throw bad(what, url, "'data' is not an object", null);
                    }
                    sawResult |= parseData(p, result, sink, what, url);
                    break;
                default:
                    p.skipChildren();
            }
        }
        if ("error".equals(status) || errorType != null) {
            throw new VmRequestException("error_status", url, what + ": VictoriaMetrics answered status 'error' from "
                    + url + ": " + (errorType == null ? "error" : errorType) + ": " + (error == null ? "" : error), null);
        }
        if (!"success".equals(status)) {
            throw bad(what, url, "'status' is " + (status == null ? "missing" : "'" + status + "'"), null);
        }
        if (!sawResult) {
            throw bad(what, url, "no 'data.result' array", null);
        }
        return result;
    }

    private static boolean parseData(JsonParser p, Result result, Consumer<Columns> sink, String what, String url)
            throws IOException {
        boolean saw = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("resultType")) {
                String rt = p.getValueAsString();
                if (!"matrix".equals(rt)) {
                    throw bad(what, url, "resultType is '" + rt + "', expected 'matrix'", null);
                }
            } else if (field.equals("result")) {
                if (t != JsonToken.START_ARRAY) {
                    throw bad(what, url, "'data.result' is not an array", null);
                }
                saw = true;
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    parseSeries(p, result, sink, what, url);
                }
                if (p.currentToken() != JsonToken.END_ARRAY) {
                    throw bad(what, url, "'data.result' holds a non-object", null);
                }
            } else {
                p.skipChildren();
            }
        }
        return saw;
    }

    private static void parseSeries(JsonParser p, Result result, Consumer<Columns> sink, String what, String url)
            throws IOException {
        Map<String, String> metric = null;
        Columns cols = null;
        long[] bufT = null;
        double[] bufV = null;
        int n = 0;
        int nonFinite = 0;
        int notIncreasing = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("metric")) {
                if (t != JsonToken.START_OBJECT) {
                    throw bad(what, url, "'metric' is not an object", null);
                }
                metric = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    if (p.nextToken() != JsonToken.VALUE_STRING) {
                        throw bad(what, url, "label '" + k + "' is not a string", null);
                    }
                    metric.put(k, p.getText());
                }
            } else if (field.equals("values")) {
                if (t != JsonToken.START_ARRAY) {
                    throw bad(what, url, "'values' is not an array", null);
                }
                cols = new Columns(Labels.empty(), Math.max(1, result.lastSize));
                while (p.nextToken() == JsonToken.START_ARRAY) {
                    long ts = timestamp(p, what, url);
                    double v = value(p, what, url);
                    if (p.nextToken() != JsonToken.END_ARRAY) {
                        throw bad(what, url, "a sample is not a [timestamp, value] pair", null);
                    }
                    cols.add(ts, v);
                }
                if (p.currentToken() != JsonToken.END_ARRAY) {
                    throw bad(what, url, "'values' holds a non-array", null);
                }
                bufT = cols.ts;
                bufV = cols.vs;
                n = cols.size;
                nonFinite = cols.nonFinite;
                notIncreasing = cols.notIncreasing;
            } else {
                p.skipChildren();
            }
        }
        if (metric == null) {
            throw bad(what, url, "a result has no 'metric'", null);
        }
        // with values parsed, their columns are taken over: no arrays of its own to allocate
        Columns out = bufT != null ? new Columns(Labels.of(metric), 0) : new Columns(Labels.of(metric));
        if (bufT != null) {
            out.ts = bufT;
            out.vs = bufV;
            out.size = n;
            out.nonFinite = nonFinite;
            out.notIncreasing = notIncreasing;
        }
        result.points += out.size;
        if (out.size > 0) {
            // exact fit for the next series of the same length, which then needs no trimming copy
            result.lastSize = out.size;
        }
        sink.accept(out);
    }

    private static long timestamp(JsonParser p, String what, String url) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue() * 1000L;
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_STRING) {
            return FastNumbers.parseSecondsToMillis(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        }
        throw bad(what, url, "a timestamp is " + t, null);
    }

    private static double value(JsonParser p, String what, String url) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            try {
                return FastNumbers.parseDouble(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            } catch (NumberFormatException e) {
                throw bad(what, url, e.getMessage(), e);
            }
        }
        throw bad(what, url, "a value is " + t, null);
    }
}
