package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The wire formats: number parsing, the streaming query_range parser and the import encoder. */
class VmCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static double parse(String s) {
        char[] c = ("xx" + s + "yy").toCharArray();
        return FastNumbers.parseDouble(c, 2, s.length());
    }

    @Test
    void parseDouble_randomDecimals_matchesDoubleParseDoubleBitForBit() {
        Random rnd = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String s;
            switch (i % 5) {
                case 0 -> s = Double.toString(rnd.nextDouble() * Math.pow(10, rnd.nextInt(40) - 20));
                case 1 -> s = Long.toString(rnd.nextLong() >> rnd.nextInt(64));
                case 2 -> s = String.format(java.util.Locale.ROOT, "%." + rnd.nextInt(18) + "f", rnd.nextGaussian() * 1e6);
                case 3 -> s = (rnd.nextBoolean() ? "-" : "") + rnd.nextInt(1000) + "." + rnd.nextInt(1000) + "e"
                        + (rnd.nextInt(80) - 40);
                default -> s = Double.toString(Double.longBitsToDouble(rnd.nextLong()));
            }
            double want = Double.parseDouble(s);
            if (Double.isNaN(want)) {
                continue;
            }
            if (Double.doubleToRawLongBits(parse(s)) != Double.doubleToRawLongBits(want)) {
                assertThat(parse(s)).as(s).isEqualTo(want);
            }
        }
    }

    @Test
    void parseDouble_specialValues_areRecognisedInAnyCase() {
        assertThat(parse("NaN")).isNaN();
        assertThat(parse("nan")).isNaN();
        assertThat(parse("+Inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("Inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(parse("Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Double.doubleToRawLongBits(parse("-0"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(parse("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThatThrownBy(() -> parse("1.2.3")).isInstanceOf(NumberFormatException.class).hasMessageContaining("1.2.3");
        assertThatThrownBy(() -> parse("")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> parse("e5")).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void parseSecondsToMillis_decimalSeconds_areExactMilliseconds() {
        Random rnd = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            long ms = rnd.nextLong() % 4_000_000_000_000L;
            String s = VmReader.seconds(ms);
            char[] c = s.toCharArray();
            if (FastNumbers.parseSecondsToMillis(c, 0, c.length) != ms) {
                assertThat(FastNumbers.parseSecondsToMillis(c, 0, c.length)).as(s).isEqualTo(ms);
            }
        }
        char[] round = "1600000000.1234".toCharArray();
        assertThat(FastNumbers.parseSecondsToMillis(round, 0, round.length)).isEqualTo(1_600_000_000_123L);
        char[] up = "1600000000.1235".toCharArray();
        assertThat(FastNumbers.parseSecondsToMillis(up, 0, up.length)).isEqualTo(1_600_000_000_124L);
        char[] exp = "1.6e9".toCharArray();
        assertThat(FastNumbers.parseSecondsToMillis(exp, 0, exp.length)).isEqualTo(1_600_000_000_000L);
    }

    @Test
    void parseQueryRange_fieldsInAnyOrderAndUnknownFields_areHandled() {
        String body = "{\"data\":{\"result\":[{\"values\":[[1,\"2\"],[2.5,\"3e2\"]],\"extra\":{\"a\":[1]},"
                + "\"metric\":{\"b\":\"2\",\"__name__\":\"n\",\"a\":\"1\"}},{\"metric\":{}}],\"resultType\":\"matrix\","
                + "\"stats\":{\"seriesFetched\":\"1\"}},\"status\":\"success\",\"isPartial\":false}";
        Map<Labels, Series> got = VmCodec.parseQueryRange(body.getBytes(StandardCharsets.UTF_8));
        assertThat(got).containsOnlyKeys(Labels.of("__name__", "n", "a", "1", "b", "2"), Labels.empty());
        Series s = got.get(Labels.of("a", "1", "b", "2", "__name__", "n"));
        assertThat(s.timestamps()).containsExactly(1000, 2500);
        assertThat(s.values()).containsExactly(2.0, 300.0);
        assertThat(got.get(Labels.empty()).size()).isZero();
    }

    @Test
    void parseQueryRange_badBodies_failWithSpecificReasons() {
        String[][] cases = {
            {"[]", "expected a JSON object"},
            {"{\"status\":\"success\"}", "no 'data.result' array"},
            {"{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}", "resultType is 'vector'"},
            {"{\"status\":\"weird\",\"data\":{\"result\":[]}}", "'status' is 'weird'"},
            {"{\"status\":\"success\",\"data\":{\"result\":[{\"metric\":{\"a\":1}}]}}", "label 'a' is not a string"},
            {"{\"status\":\"success\",\"data\":{\"result\":[{\"metric\":{},\"values\":[[1]]}]}}", "a value is END_ARRAY"},
            {"{\"status\":\"success\",\"data\":{\"result\":[{\"values\":[]}]}}", "no 'metric'"},
            {"{\"status\":\"success\",\"data\":{\"result\":[{\"metric\":{},\"values\":[[1,\"1\"", "malformed"},
        };
        for (String[] c : cases) {
            VmRequestException e = catchThrowableOfType(VmRequestException.class,
                    () -> VmCodec.parseQueryRange(new ByteArrayInputStream(c[0].getBytes(StandardCharsets.UTF_8))));
            assertThat(e).as(c[0]).isNotNull();
            assertThat(e.code()).as(c[0]).isEqualTo("bad_response");
            assertThat(e.getMessage()).as(c[0]).contains(c[1]);
        }
        VmRequestException err = catchThrowableOfType(VmRequestException.class, () -> VmCodec.parseQueryRange(
                "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"too slow\"}".getBytes(StandardCharsets.UTF_8)));
        assertThat(err.code()).isEqualTo("error_status");
        assertThat(err.getMessage()).contains("timeout: too slow");
    }

    @Test
    void encodeImport_randomSeries_decodesWithJacksonToTheFinitePointsAndLabels() throws Exception {
        Random rnd = new Random(11);
        String[] odd = {"a\"b", "back\\slash", "tab\there", "nl\nx", "\u0001ctl", "Zürich", "☃", "🌍", "\ud800lone", ""};
        List<Series> in = new ArrayList<>();
        for (int k = 0; k < 50; k++) {
            int n = rnd.nextInt(40);
            long[] ts = new long[n];
            double[] vs = new double[n];
            long t = rnd.nextInt(1_000_000);
            for (int i = 0; i < n; i++) {
                t += 1 + rnd.nextInt(100_000);
                ts[i] = t;
                vs[i] = switch (rnd.nextInt(8)) {
                    case 0 -> Double.NaN;
                    case 1 -> rnd.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
                    case 2 -> rnd.nextInt(2000) - 1000;
                    case 3 -> Double.longBitsToDouble(rnd.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL) * (rnd.nextBoolean() ? 1 : -1);
                    case 4 -> -0.0;
                    case 5 -> Math.round(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(12))) / Math.pow(10, rnd.nextInt(8));
                    default -> rnd.nextGaussian() * 1e3;
                };
            }
            in.add(Series.of(Labels.of("__name__", "m" + k, "v", odd[k % odd.length] + k, "k" + odd[(k + 3) % odd.length],
                    "x"), ts, vs));
        }
        String text = new String(VmCodec.encodeImport(in), StandardCharsets.UTF_8);
        Iterator<String> lines = text.lines().iterator();
        for (Series s : in) {
            if (s.finiteCount() == 0) {
                continue;
            }
            JsonNode line = JSON.readTree(lines.next());
            Map<String, String> metric = new java.util.LinkedHashMap<>();
            line.get("metric").fields().forEachRemaining(e -> metric.put(e.getKey(), e.getValue().asText()));
            assertThat(Labels.of(metric)).isEqualTo(expectLabels(s.labels()));
            int j = 0;
            for (int i = 0; i < s.size(); i++) {
                if (Double.isFinite(s.value(i))) {
                    assertThat(line.get("timestamps").get(j).asLong()).isEqualTo(s.timestamp(i));
                    double got = line.get("values").get(j).asDouble();
                    assertThat(got).as("%s at %d", s.labels(), i).isEqualTo(s.value(i) == 0 ? 0.0 : s.value(i));
                    j++;
                }
            }
            assertThat(line.get("values").size()).isEqualTo(j);
        }
        assertThat(lines.hasNext()).isFalse();
    }

    @Test
    void encodeImport_fewDecimals_writePlainDecimalsThatParseBackExactly() {
        Random rnd = new Random(5);
        int n = 20_000;
        long[] ts = new long[n];
        double[] vs = new double[n];
        for (int i = 0; i < n; i++) {
            ts[i] = i;
            vs[i] = Math.round(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(14))) / Math.pow(10, rnd.nextInt(9))
                    + (i % 7 == 0 ? 1e-9 * rnd.nextGaussian() : 0);
        }
        String line = new String(VmCodec.encodeImport(List.of(Series.of(ts, vs))), StandardCharsets.UTF_8);
        String[] values = line.substring(line.indexOf("\"values\":[") + 10, line.indexOf("],\"timestamps\"")).split(",");
        assertThat(values).hasSize(n);
        for (int i = 0; i < n; i++) {
            if (Double.doubleToRawLongBits(Double.parseDouble(values[i])) != Double.doubleToRawLongBits(vs[i])) {
                assertThat(values[i]).as("value %d", i).isEqualTo(Double.toString(vs[i]));
            }
        }
        assertThat(VmCodec.encodeImport(List.of(Series.of(new long[] {1, 2, 3, 4}, new double[] {57.123, -0.5, 0.000001, 1e-7}))))
                .asString(StandardCharsets.UTF_8).contains("\"values\":[57.123,-0.5,0.000001,1.0E-7]");
    }

    /** A lone surrogate cannot be encoded in UTF-8: the encoder writes U+FFFD instead. */
    private static Labels expectLabels(Labels l) {
        Map<String, String> m = new java.util.LinkedHashMap<>(l.asMap());
        m.replaceAll((k, v) -> v.replace('\ud800', '\ufffd'));
        Map<String, String> out = new java.util.LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k.replace('\ud800', '\ufffd'), v));
        return Labels.of(out);
    }

    @Test
    void stitch_overlappingChunks_keepEachTimestampOnceInOrder() {
        QueryRangeParser.Result a = QueryRangeParser.parse(("{\"status\":\"success\",\"data\":{\"result\":["
                + "{\"metric\":{\"s\":\"1\"},\"values\":[[1,\"1\"],[2,\"2\"],[3,\"3\"]]}]}}").getBytes(StandardCharsets.UTF_8), "t", "u");
        QueryRangeParser.Result b = QueryRangeParser.parse(("{\"status\":\"success\",\"data\":{\"result\":["
                + "{\"metric\":{\"s\":\"2\"},\"values\":[[4,\"9\"]]},"
                + "{\"metric\":{\"s\":\"1\"},\"values\":[[3,\"30\"],[4,\"4\"]]}]}}").getBytes(StandardCharsets.UTF_8), "t", "u");
        VmReader.Stitched st = VmReader.stitch(List.of(a, b), Map.of(), Long.MIN_VALUE);
        Map<Labels, Series> got = st.series();
        assertThat(got.get(Labels.of("s", "1")).timestamps()).containsExactly(1000, 2000, 3000, 4000);
        assertThat(got.get(Labels.of("s", "1")).values()).containsExactly(1, 2, 3, 4);
        assertThat(got.get(Labels.of("s", "2")).timestamps()).containsExactly(4000);
        // the repeated 3 s of the second chunk is counted, not silently lost
        assertThat(st.dropped()).isEqualTo(new DroppedPoints(0, 0, 1, 1));
        VmReader.Stitched seen = VmReader.stitch(List.of(a, b), Map.of(Labels.of("s", "1"), 2000L), 4000);
        assertThat(seen.series().get(Labels.of("s", "1")).timestamps()).containsExactly(3000, 4000);
        assertThat(seen.series().get(Labels.of("s", "2")).timestamps()).containsExactly(4000);
        // points at or before the last seen one are the widened window's overlap, not disorder
        assertThat(seen.dropped().outOfOrder()).isEqualTo(1);
    }

    @Test
    void stitch_backwardsAndRepeatedTimestamps_areDroppedAndCountedPerSeries() {
        QueryRangeParser.Result a = QueryRangeParser.parse(("{\"status\":\"success\",\"data\":{\"result\":["
                + "{\"metric\":{\"s\":\"1\"},\"values\":[[1,\"1\"],[3,\"3\"],[2,\"2\"],[3,\"33\"],[4,\"NaN\"]]},"
                + "{\"metric\":{\"s\":\"2\"},\"values\":[[1,\"+Inf\"],[2,\"2\"],[5,\"1e999\"]]},"
                + "{\"metric\":{\"s\":\"3\"},\"values\":[[5,\"5\"],[5,\"6\"]]}]}}").getBytes(StandardCharsets.UTF_8),
                "t", "u");
        VmReader.Stitched st = VmReader.stitch(List.of(a), Map.of(), Long.MIN_VALUE);
        assertThat(st.series().get(Labels.of("s", "1")).timestamps()).containsExactly(1000, 3000, 4000);
        assertThat(st.series().get(Labels.of("s", "1")).values()).containsExactly(1, 3, Double.NaN);
        assertThat(st.series().get(Labels.of("s", "3")).values()).containsExactly(5);
        // s=1: 2 s goes back, 3 s repeats; s=3: 5 s repeats. Non-finite: NaN (s=1), +Inf and overflow (s=2).
        assertThat(st.dropped()).isEqualTo(new DroppedPoints(3, 2, 3, 2));
    }

    /**
     * One chunk per series (the usual read) takes a path without stitching; with a last-seen entry or a
     * floor it must leave out and count exactly what the point-by-point rule does.
     */
    @Test
    void stitch_oneChunkWithLastSeenOrFloor_sameAsThePointByPointRule() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
        for (int trial = 0; trial < 500; trial++) {
            int n = rnd.nextInt(8);
            StringBuilder json = new StringBuilder("{\"status\":\"success\",\"data\":{\"result\":[{\"metric\":{\"s\":\"1\"},\"values\":[");
            long[] ts = new long[n];
            String[] vs = new String[n];
            long t = rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                t += rnd.nextInt(10) == 0 ? -1 : 1 + rnd.nextInt(2); // now and then out of order
                ts[i] = t;
                vs[i] = rnd.nextInt(5) == 0 ? "NaN" : Integer.toString(rnd.nextInt(100));
                json.append(i > 0 ? "," : "").append("[").append(t).append(",\"").append(vs[i]).append("\"]");
            }
            json.append("]}]}}");
            QueryRangeParser.Result part = QueryRangeParser.parse(json.toString().getBytes(StandardCharsets.UTF_8), "t", "u");
            long seenMs = rnd.nextInt(12) * 1000L;
            long floorMs = rnd.nextBoolean() ? Long.MIN_VALUE : rnd.nextInt(12) * 1000L;
            Map<Labels, Long> lastSeen = rnd.nextBoolean() ? Map.of(Labels.of("s", "1"), seenMs) : Map.of();

            VmReader.Stitched st = VmReader.stitch(List.of(part), lastSeen, floorMs);

            long after = !lastSeen.isEmpty() ? seenMs : floorMs == Long.MIN_VALUE ? Long.MIN_VALUE : floorMs - 1;
            List<Long> keptT = new java.util.ArrayList<>();
            List<Double> keptV = new java.util.ArrayList<>();
            long last = Long.MIN_VALUE;
            long backwards = 0;
            long nan = 0;
            for (int i = 0; i < n; i++) {
                long ms = ts[i] * 1000;
                if (ms <= last) {
                    backwards++;
                    continue;
                }
                last = ms;
                if (ms > after) {
                    keptT.add(ms);
                    keptV.add(Double.parseDouble(vs[i]));
                    nan += vs[i].equals("NaN") ? 1 : 0;
                }
            }
            Series got = st.series().get(Labels.of("s", "1"));
            String what = json + " lastSeen " + lastSeen + " floor " + floorMs;
            assertThat(got.timestamps()).as(what).containsExactly(keptT.stream().mapToLong(Long::longValue).toArray());
            assertThat(got.values()).as(what).containsExactly(keptV.stream().mapToDouble(Double::doubleValue).toArray());
            assertThat(st.dropped()).as(what).isEqualTo(new DroppedPoints(nan, nan > 0 ? 1 : 0, backwards, backwards > 0 ? 1 : 0));
        }
    }

    /** Short reads (an infer cycle's few points) are sized from the series before: no trimming copy. */
    @Test
    void parse_seriesOfTheSameShortLength_laterOnesSizedExactly() {
        StringBuilder json = new StringBuilder("{\"status\":\"success\",\"data\":{\"result\":[");
        for (int s = 0; s < 3; s++) {
            json.append(s > 0 ? "," : "").append("{\"metric\":{\"s\":\"").append(s).append("\"},\"values\":[");
            for (int i = 0; i < 10; i++) {
                json.append(i > 0 ? "," : "").append("[").append(i + 1).append(",\"").append(i).append("\"]");
            }
            json.append("]}");
        }
        json.append("]}}");

        QueryRangeParser.Result r = QueryRangeParser.parse(json.toString().getBytes(StandardCharsets.UTF_8), "t", "u");

        assertThat(r.series).hasSize(3);
        for (QueryRangeParser.Columns c : r.series.subList(1, 3)) {
            assertThat(c.size).isEqualTo(10);
            assertThat(c.ts).hasSize(10);
            assertThat(c.vs).hasSize(10);
        }
        assertThat(r.series.get(2).vs).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
}
