package dev.vigil.vm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads VictoriaMetrics' JSON-lines import format, which is also what {@code /api/v1/export} writes:
 * one object per line, {@code {"metric":{"__name__":"x","k":"v"},"values":[1.5,2],"timestamps":[1700000000000,...]}}
 * (epoch milliseconds), blank lines skipped. A value is a JSON number, {@code null} for a missing
 * value, or a string holding a sample value as in a {@code query_range} answer (a decimal,
 * {@code NaN}, {@code Inf}, {@code +Inf}, {@code -Inf}, {@code Infinity}); a label value is a string.
 * The lines of one series are merged in time order, a timestamp given twice keeping the later value.
 *
 * <p>Stateless and thread-safe; O(bytes) to read, O(points · log points) to merge.
 */
final class ImportParser {

    private ImportParser() {
    }

    /** A line that is not an import object; its message becomes the reason of the caller's. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The series of the lines of {@code in} (not closed), keyed by label set in the order first seen.
     *
     * @param source names the input in messages, e.g. the file
     * @throws IllegalArgumentException {@code <source>:<line>: not a VictoriaMetrics JSON line: <reason>}
     * @throws IOException              when {@code in} cannot be read
     */
    static Map<Labels, Series> parse(Reader in, String source) throws IOException {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
        Map<Labels, TreeMap<Long, Double>> acc = new LinkedHashMap<>();
        int lineNo = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try (JsonParser p = QueryRangeParser.JSON.createParser(line)) {
                line(p, acc);
            } catch (Malformed e) {
                throw malformed(source, lineNo, e.getMessage(), e);
            } catch (JsonProcessingException e) {
                throw malformed(source, lineNo, e.getOriginalMessage(), e);
            }
        }
        Map<Labels, Series> out = new LinkedHashMap<>();
        acc.forEach((l, pts) -> out.put(l, toSeries(l, pts)));
        return out;
    }

    private static IllegalArgumentException malformed(String source, int line, String reason, Exception cause) {
        return new IllegalArgumentException(source + ":" + line + ": not a VictoriaMetrics JSON line: " + reason, cause);
    }

    /** One line's object, its points added to {@code acc}. */
    private static void line(JsonParser p, Map<Labels, TreeMap<Long, Double>> acc) throws IOException, Malformed {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new Malformed("expected a JSON object");
        }
        Map<String, String> metric = new LinkedHashMap<>();
        double[] vs = null;
        int nv = 0;
        long[] ts = null;
        int nt = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            if (field.equals("metric") && t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String k = p.currentName();
                    if (p.nextToken() != JsonToken.VALUE_STRING) {
                        throw new Malformed("label '" + k + "' is not a string");
                    }
                    metric.put(k, p.getText());
                }
            } else if (field.equals("values") && t == JsonToken.START_ARRAY) {
                vs = new double[16];
                for (nv = 0; p.nextToken() != JsonToken.END_ARRAY; nv++) {
                    vs = nv == vs.length ? Arrays.copyOf(vs, nv * 2) : vs;
                    vs[nv] = value(p);
                }
            } else if (field.equals("timestamps") && t == JsonToken.START_ARRAY) {
                ts = new long[16];
                for (nt = 0; p.nextToken() != JsonToken.END_ARRAY; nt++) {
                    if (!p.currentToken().isNumeric()) {
                        throw new Malformed("a timestamp is " + p.currentToken());
                    }
                    ts = nt == ts.length ? Arrays.copyOf(ts, nt * 2) : ts;
                    ts[nt] = p.getValueAsLong();
                }
            } else {
                p.skipChildren();
            }
        }
        if (vs == null || ts == null || nv != nt) {
            throw new Malformed("needs arrays 'values' and 'timestamps' of equal length");
        }
        Labels labels;
        try {
            labels = Labels.of(metric);
        } catch (IllegalArgumentException e) {
            throw new Malformed(e.getMessage());
        }
        TreeMap<Long, Double> pts = acc.computeIfAbsent(labels, k -> new TreeMap<>());
        for (int i = 0; i < nv; i++) {
            pts.put(ts[i], vs[i]);
        }
    }

    private static double value(JsonParser p) throws IOException, Malformed {
        JsonToken t = p.currentToken();
        if (t.isNumeric()) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return FastNumbers.parseDouble(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            } catch (NumberFormatException e) {
                throw new Malformed(e.getMessage());
            }
        }
        throw new Malformed("a value is " + t);
    }

    private static Series toSeries(Labels l, TreeMap<Long, Double> pts) {
        long[] ts = new long[pts.size()];
        double[] vs = new double[pts.size()];
        int i = 0;
        for (Map.Entry<Long, Double> e : pts.entrySet()) {
            ts[i] = e.getKey();
            vs[i++] = e.getValue();
        }
        return Series.of(l, ts, vs);
    }
}
