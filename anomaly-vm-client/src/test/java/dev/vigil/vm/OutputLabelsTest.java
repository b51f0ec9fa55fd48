package dev.vigil.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link OutputLabels}: the labels of output series, computed once per combination, as the map-based rule gives. */
class OutputLabelsTest {

    private static final long T0 = 1_704_067_200_000L;
    private static final List<String> VARIABLES = List.of("anomaly_score", "y", "yhat", "yhat_lower", "yhat_upper");

    /** The rule of the Writer section written out with maps, as the writer applied it before. */
    private static Labels byMaps(OutputSeries s, Map<String, String> metricFormat) {
        Map<String, String> m = new LinkedHashMap<>(s.series().labels().asMap());
        m.remove(Labels.NAME);
        for (Map.Entry<String, String> e : metricFormat.entrySet()) {
            m.put(e.getKey(), e.getValue().replace("$VAR", s.variable()).replace("$QUERY_KEY", s.queryKey()));
        }
        if (s.modelAlias() != null) {
            m.put("model_alias", s.modelAlias());
        }
        if (s.schedulerAlias() != null) {
            m.put("scheduler_alias", s.schedulerAlias());
        }
        return Labels.of(m);
    }

    private static List<OutputSeries> outputs(SplittableRandom rnd, int inputs) {
        List<OutputSeries> out = new ArrayList<>();
        String[] keys = {"for", "host", "job", "model_alias", "zone", "\u00e9t\u00e9"};
        for (int i = 0; i < inputs; i++) {
            Map<String, String> in = new LinkedHashMap<>();
            in.put(Labels.NAME, "m" + rnd.nextInt(3));
            for (String k : keys) {
                if (rnd.nextBoolean()) {
                    in.put(k, "v\"" + rnd.nextInt(100));
                }
            }
            Series s = Series.of(Labels.of(in), new long[] {T0, T0 + 60_000}, new double[] {rnd.nextDouble(), 1.25});
            String model = rnd.nextInt(4) == 0 ? null : "model" + rnd.nextInt(2);
            String scheduler = rnd.nextInt(4) == 0 ? null : "s" + rnd.nextInt(2);
            for (String v : VARIABLES) {
                out.add(new OutputSeries(v, "q" + rnd.nextInt(2), model, scheduler, s));
            }
        }
        return out;
    }

    private static byte[] encode(List<OutputSeries> series, List<Labels> labels) {
        ImportEncoder enc = new ImportEncoder(64);
        for (int i = 0; i < series.size(); i++) {
            enc.append(labels.get(i), series.get(i).series());
        }
        return java.util.Arrays.copyOf(enc.buf, enc.size);
    }

    @Test
    void of_randomSeriesAndMetricFormats_equalsTheMapRuleAndEncodesTheSameBytes() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<Map<String, String>> formats = List.of(
                Map.of("__name__", "$VAR", "for", "$QUERY_KEY"),
                Map.of("__name__", "vigil_$VAR"),
                Map.of("run", "r1", "host", "overridden_$VAR", "model_alias", "from_format"),
                Map.of());
        for (Map<String, String> format : formats) {
            List<OutputSeries> series = outputs(rnd, 300);
            OutputLabels names = new OutputLabels(format);
            List<Labels> fast = new ArrayList<>();
            List<Labels> reference = new ArrayList<>();
            for (OutputSeries s : series) {
                Labels got = names.of(s);
                assertThat(got).as("%s with %s", s, format).isEqualTo(byMaps(s, format)).isEqualTo(s.labels(format));
                fast.add(got);
                reference.add(byMaps(s, format));
            }

            assertThat(encode(series, fast)).isEqualTo(encode(series, reference));
        }
    }

    @Test
    void of_moreCombinationsThanRemembered_stillRight() {
        OutputLabels names = new OutputLabels(Map.of("__name__", "$VAR", "for", "$QUERY_KEY"));
        Series s = Series.of(Labels.of("__name__", "cpu", "host", "a"), new long[] {T0}, new double[] {1});
        for (int round = 0; round < 2; round++) {
            for (int q = 0; q < OutputLabels.CAPACITY * 2 + 3; q++) {
                OutputSeries o = new OutputSeries("yhat", "q" + q, "m", "s", s);

                assertThat(names.of(o)).isEqualTo(
                        Labels.of("__name__", "yhat", "for", "q" + q, "host", "a", "model_alias", "m", "scheduler_alias", "s"));
            }
        }
    }

    @Test
    void encode_outputsOfOneInput_pinnedImportBody() {
        Series in = Series.of(Labels.of("__name__", "cpu", "host", "a\"b", "zone", "z"), new long[] {T0, T0 + 60_000},
                new double[] {0.5, Double.NaN});
        List<OutputSeries> series = new ArrayList<>();
        for (String v : List.of("anomaly_score", "yhat")) {
            series.add(new OutputSeries(v, "q", "m", "s", in));
        }
        OutputLabels names = new OutputLabels(Map.of("__name__", "$VAR", "for", "$QUERY_KEY"));

        String body = new String(encode(series, series.stream().map(names::of).toList()), StandardCharsets.UTF_8);

        assertThat(body).isEqualTo(
                "{\"metric\":{\"__name__\":\"anomaly_score\",\"for\":\"q\",\"host\":\"a\\\"b\",\"model_alias\":\"m\","
                        + "\"scheduler_alias\":\"s\",\"zone\":\"z\"},\"values\":[0.5],\"timestamps\":[" + T0 + "]}\n"
                        + "{\"metric\":{\"__name__\":\"yhat\",\"for\":\"q\",\"host\":\"a\\\"b\",\"model_alias\":\"m\","
                        + "\"scheduler_alias\":\"s\",\"zone\":\"z\"},\"values\":[0.5],\"timestamps\":[" + T0 + "]}\n");
    }
}
