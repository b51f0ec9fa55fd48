package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading import JSON lines back: {@link VmCodec#parseImport}. */
class VmCodecImportTest {

    private static final long T0 = 1_704_067_200_000L;

    private static Map<Labels, Series> parse(String text) throws IOException {
        return VmCodec.parseImport(new StringReader(text), "in.jsonl");
    }

    @Test
    void parseImport_whatEncodeImportWrote_readsBackExactly() throws IOException {
        Series a = Series.of(Labels.of("__name__", "y", "host", "caf\u00e9 \"x\""), new long[] {T0, T0 + 1, T0 + 2},
                new double[] {1.0, Double.NaN, 0.1 + 0.2});
        Series none = Series.of(Labels.of("__name__", "z"), new long[] {T0}, new double[] {Double.NaN});
        String text = new String(VmCodec.encodeImport(List.of(a, none)), StandardCharsets.UTF_8);
        assertThat(text).isEqualTo("{\"metric\":{\"__name__\":\"y\",\"host\":\"caf\u00e9 \\\"x\\\"\"},"
                + "\"values\":[1,0.30000000000000004],\"timestamps\":[" + T0 + "," + (T0 + 2) + "]}\n");
        Map<Labels, Series> back = parse(text);
        assertThat(back).containsOnlyKeys(a.labels());
        assertThat(back.get(a.labels()).timestamps()).containsExactly(T0, T0 + 2);
        assertThat(back.get(a.labels()).values()).containsExactly(1.0, 0.1 + 0.2);
    }

    @Test
    void parseImport_linesOfOneSeries_mergeInTimeOrderAndTheLaterValueWins() throws IOException {
        Map<Labels, Series> got = parse("{\"metric\":{\"__name__\":\"b\"},\"values\":[1],\"timestamps\":[5]}\n"
                + "\n"
                + "{\"timestamps\":[3,1],\"values\":[3,1],\"metric\":{\"__name__\":\"a\"}}\n"
                + "{\"metric\":{\"__name__\":\"a\"},\"values\":[2,30],\"timestamps\":[2,3],\"extra\":{\"x\":[1]}}\n");
        assertThat(got.keySet()).containsExactly(Labels.of("__name__", "b"), Labels.of("__name__", "a"));
        Series a = got.get(Labels.of("__name__", "a"));
        assertThat(a.timestamps()).containsExactly(1, 2, 3);
        assertThat(a.values()).containsExactly(1, 2, 30);
    }

    @Test
    void parseImport_nullAndSampleValueStrings_areMissingOrTheirValue() throws IOException {
        Series s = parse("{\"metric\":{},\"values\":[null,\"NaN\",\"+Inf\",\"-Inf\",\"2.5\",1e3],"
                + "\"timestamps\":[1,2,3,4,5,6]}").get(Labels.empty());
        assertThat(s.values()).containsExactly(Double.NaN, Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, 2.5, 1000);
    }

    @Test
    void parseImport_malformedLine_namesTheSourceAndTheLine() {
        assertThatThrownBy(() -> parse("\n{\"metric\":{},\"values\":[1,2],\"timestamps\":[1]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("in.jsonl:2: not a VictoriaMetrics JSON line: needs arrays 'values' and 'timestamps' of"
                        + " equal length");
        assertThatThrownBy(() -> parse("{\"metric\":{},\"values\":[\"one\"],\"timestamps\":[1]}"))
                .hasMessageStartingWith("in.jsonl:1: not a VictoriaMetrics JSON line: ").hasMessageContaining("one");
        assertThatThrownBy(() -> parse("{\"metric\":{\"a\":1},\"values\":[],\"timestamps\":[]}"))
                .hasMessage("in.jsonl:1: not a VictoriaMetrics JSON line: label 'a' is not a string");
        assertThatThrownBy(() -> parse("{\"metric\":{},\"values\":[1],\"timestamps\":[\"x\"]}"))
                .hasMessageContaining("a timestamp is VALUE_STRING");
        assertThatThrownBy(() -> parse("{\"metric\":{\"\":\"x\"},\"values\":[],\"timestamps\":[]}"))
                .hasMessageStartingWith("in.jsonl:1: not a VictoriaMetrics JSON line: label key must not be empty");
        assertThatThrownBy(() -> parse("[1]")).hasMessageEndingWith("expected a JSON object");
        assertThatThrownBy(() -> parse("{\"metric\":")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("in.jsonl:1: not a VictoriaMetrics JSON line: ");
    }
}
