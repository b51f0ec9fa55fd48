package dev.vigil.core.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void of_unsortedKeys_sortsByKey() {
        Labels l = Labels.of("zone", "b", "app", "x", "mode", "idle");

        assertThat(l.size()).isEqualTo(3);
        assertThat(List.of(l.key(0), l.key(1), l.key(2))).containsExactly("app", "mode", "zone");
        assertThat(List.of(l.value(0), l.value(1), l.value(2))).containsExactly("x", "idle", "b");
    }

    @Test
    void of_sameLabelsInDifferentOrder_equalWithSameHashCode() {
        Labels a = Labels.of("__name__", "cpu", "mode", "idle", "cpu", "0");
        Labels b = Labels.of("cpu", "0", "mode", "idle", "__name__", "cpu");

        assertThat(a).isEqualTo(b).isNotSameAs(b);
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a.compareTo(b)).isZero();
    }

    @Test
    void equals_differentValueOrNameOrKey_notEqual() {
        Labels base = Labels.of("__name__", "cpu", "mode", "idle");

        assertThat(base).isNotEqualTo(Labels.of("__name__", "cpu", "mode", "user"));
        assertThat(base).isNotEqualTo(Labels.of("__name__", "mem", "mode", "idle"));
        assertThat(base).isNotEqualTo(Labels.of("__name__", "cpu", "kind", "idle"));
        assertThat(base).isNotEqualTo(Labels.of("mode", "idle"));
        assertThat(base).isNotEqualTo("cpu{mode=\"idle\"}");
    }

    @Test
    void equals_nameVersusLabelCalledLikeIt_notEqual() {
        // The name lives apart from the labels: a label keyed "cpu" is not the metric name "cpu".
        Labels named = Labels.of("__name__", "x");
        Labels labelled = Labels.of("name", "x");

        assertThat(named).isNotEqualTo(labelled);
        assertThat(named.size()).isZero();
        assertThat(labelled.name()).isEmpty();
    }

    @Test
    void hashCode_manyRandomLabelSets_consistentWithEqualsAndWellSpread() {
        SplittableRandom rnd = new SplittableRandom(7L);
        Map<Labels, Labels> seen = new HashMap<>();
        Set<Integer> hashes = new HashSet<>();
        for (int k = 0; k < 2_000; k++) {
            List<String> kv = new ArrayList<>();
            int n = rnd.nextInt(4);
            Set<String> keys = new HashSet<>();
            for (int j = 0; j < n; j++) {
                String key = "k" + rnd.nextInt(5);
                if (keys.add(key)) {
                    kv.add(key);
                    kv.add("v" + rnd.nextInt(5));
                }
            }
            if (rnd.nextBoolean()) {
                kv.add("__name__");
                kv.add("m" + rnd.nextInt(3));
            }
            Labels l = Labels.of(kv.toArray(new String[0]));
            Labels again = Labels.of(new LinkedHashMap<>(l.asMap()));
            assertThat(again).isEqualTo(l);
            assertThat(again.hashCode()).isEqualTo(l.hashCode());
            Labels previous = seen.putIfAbsent(l, l);
            if (previous != null) {
                assertThat(previous.toString()).isEqualTo(l.toString());
            }
            hashes.add(l.hashCode());
        }
        // Equal sets share hashes; distinct sets should rarely collide.
        assertThat(hashes.size()).isGreaterThanOrEqualTo(seen.size() * 99 / 100);
    }

    @Test
    void hashCode_keyAndValueDifferencesThatCancelledBefore_differ() {
        Labels a = Labels.of("__name__", "up", "a", "1", "b", "0");
        Labels b = Labels.of("__name__", "up", "a", "0", "c", "0");

        assertThat(a.hashCode()).isNotEqualTo(b.hashCode());
    }

    @Test
    void hashCode_nameAndFirstKeySwapped_differ() {
        Labels a = Labels.of("__name__", "a", "b", "v");
        Labels b = Labels.of("__name__", "b", "a", "v");

        assertThat(a).isNotEqualTo(b);
        assertThat(a.hashCode()).isNotEqualTo(b.hashCode());
    }

    @Test
    void name_keptApartFromLabels() {
        Labels l = Labels.of("__name__", "cpu", "mode", "idle");

        assertThat(l.name()).isEqualTo("cpu");
        assertThat(l.size()).isEqualTo(1);
        assertThat(l.get("__name__")).isEqualTo("cpu");
        assertThat(l.get("mode")).isEqualTo("idle");
        assertThat(l.get("missing")).isNull();
        assertThat(l.asMap()).containsExactly(Map.entry("__name__", "cpu"), Map.entry("mode", "idle"));
    }

    @Test
    void get_noName_returnsNull() {
        assertThat(Labels.of("mode", "idle").get("__name__")).isNull();
        assertThat(Labels.empty().get("__name__")).isNull();
    }

    @Test
    void with_newAndExistingKeyAndName_setsValue() {
        Labels l = Labels.of("__name__", "cpu", "mode", "idle");

        assertThat(l.with("cpu", "1")).isEqualTo(Labels.of("__name__", "cpu", "mode", "idle", "cpu", "1"));
        assertThat(l.with("mode", "user")).isEqualTo(Labels.of("__name__", "cpu", "mode", "user"));
        assertThat(l.with("__name__", "mem")).isEqualTo(Labels.of("__name__", "mem", "mode", "idle"));
        assertThat(l).isEqualTo(Labels.of("__name__", "cpu", "mode", "idle"));
    }

    @Test
    void without_keyOrName_removesIt() {
        Labels l = Labels.of("__name__", "cpu", "mode", "idle", "cpu", "0");

        assertThat(l.without("mode")).isEqualTo(Labels.of("__name__", "cpu", "cpu", "0"));
        assertThat(l.without("__name__")).isEqualTo(Labels.of("mode", "idle", "cpu", "0"));
        assertThat(l.without("absent")).isEqualTo(l);
        assertThat(Labels.of("mode", "idle").without("mode")).isSameAs(Labels.empty());
    }

    @Test
    void withName_replacesOrRemovesName() {
        Labels l = Labels.of("__name__", "cpu", "mode", "idle");

        assertThat(l.withName("anomaly_score")).isEqualTo(Labels.of("__name__", "anomaly_score", "mode", "idle"));
        assertThat(l.withName("")).isEqualTo(Labels.of("mode", "idle"));
        assertThat(Labels.of("__name__", "cpu").withName("")).isSameAs(Labels.empty());
    }

    @Test
    void toString_specialCharacters_escapedPrometheusStyle() {
        Labels l = Labels.of("__name__", "up", "path", "C:\\dir", "msg", "say \"hi\"\nbye");

        assertThat(l.toString()).isEqualTo("up{msg=\"say \\\"hi\\\"\\nbye\",path=\"C:\\\\dir\"}");
        assertThat(Labels.empty().toString()).isEqualTo("{}");
        assertThat(Labels.of("a", "1").toString()).isEqualTo("{a=\"1\"}");
    }

    @Test
    void compareTo_list_ordersByNameThenPairsThenSize() {
        Labels a = Labels.of("__name__", "a", "x", "1");
        Labels b = Labels.of("__name__", "a", "x", "1", "y", "0");
        Labels c = Labels.of("__name__", "a", "x", "2");
        Labels d = Labels.of("__name__", "b");
        List<Labels> list = new ArrayList<>(List.of(d, c, b, a));
        Collections.sort(list);

        assertThat(list).containsExactly(a, b, c, d);
    }

    @Test
    void of_emptyMap_returnsEmpty() {
        assertThat(Labels.of(Map.of())).isSameAs(Labels.empty());
        assertThat(Labels.of()).isSameAs(Labels.empty());
    }

    @Test
    void of_oddArguments_throwsNamingCount() {
        assertThatThrownBy(() -> Labels.of("a", "1", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 strings");
    }

    @Test
    void of_duplicateKey_throwsNamingKey() {
        assertThatThrownBy(() -> Labels.of("a", "1", "a", "2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a' given twice");
    }

    @Test
    void of_emptyOrNullKey_throws() {
        assertThatThrownBy(() -> Labels.of("", "1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label key must not be empty");
        Map<String, String> m = new HashMap<>();
        m.put(null, "1");
        assertThatThrownBy(() -> Labels.of(m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("null");
    }

    @Test
    void of_nullValue_throwsNamingKey() {
        Map<String, String> m = new HashMap<>();
        m.put("mode", null);
        assertThatThrownBy(() -> Labels.of(m))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mode' has a null value");
        assertThatThrownBy(() -> Labels.of("x", "1").with("mode", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'mode'");
    }

    @Test
    void parse_formsOfTheNotation_readLabels() {
        Labels cpu = Labels.of("__name__", "cpu", "host", "a", "mode", "idle");
        assertThat(Labels.parse("cpu{host=\"a\",mode=\"idle\"}")).isEqualTo(cpu);
        assertThat(Labels.parse(" cpu { mode = \"idle\" , host=\"a\", } ")).isEqualTo(cpu);
        assertThat(Labels.parse("{__name__=\"cpu\",host=\"a\",mode=\"idle\"}")).isEqualTo(cpu);
        assertThat(Labels.parse("cpu")).isEqualTo(Labels.of("__name__", "cpu"));
        assertThat(Labels.parse("node:cpu:rate5m{}")).isEqualTo(Labels.of("__name__", "node:cpu:rate5m"));
        assertThat(Labels.parse("{}")).isSameAs(Labels.empty());
        assertThat(Labels.parse("{a=\"\"}")).isEqualTo(Labels.of("a", ""));
    }

    @Test
    void parse_escapes_readBack() {
        assertThat(Labels.parse("{a=\"say \\\"hi\\\"\"}").get("a")).isEqualTo("say \"hi\"");
        assertThat(Labels.parse("{a=\"back\\\\slash\"}").get("a")).isEqualTo("back\\slash");
        assertThat(Labels.parse("{a=\"two\\nlines\"}").get("a")).isEqualTo("two\nlines");
        assertThat(Labels.parse("{a=\"x\\.y\"}").get("a")).isEqualTo("x\\.y");
        assertThat(Labels.parse("{a=\"{b=\\\"c\\\",d}\"}").get("a")).isEqualTo("{b=\"c\",d}");
    }

    @Test
    void parse_toString_roundTripsEscapesAndOddValues() {
        String[] values = {"", "plain", "with \"quotes\"", "back\\slash", "trailing\\", "new\nline", "tab\there",
            "{braces},commas=", "\\\"", "\u00e9t\u00e9 \u2603 \ud83d\ude00", "x\\.y", "\\n"};
        for (String v : values) {
            Labels l = Labels.of("__name__", "m", "k", v, "other_key", v + v);
            assertThat(Labels.parse(l.toString())).as(l.toString()).isEqualTo(l);
            Labels unnamed = Labels.of("k", v);
            assertThat(Labels.parse(unnamed.toString())).as(unnamed.toString()).isEqualTo(unnamed);
        }
    }

    @Test
    void parse_toString_roundTripsRandomLabelSets() {
        SplittableRandom rnd = new SplittableRandom(11);
        String alphabet = "aZ_09:\"\\\n{},= \u00e9\u2603";
        for (int k = 0; k < 500; k++) {
            Map<String, String> m = new LinkedHashMap<>();
            if (rnd.nextBoolean()) {
                m.put("__name__", "metric_" + k + (rnd.nextBoolean() ? ":rate" : ""));
            }
            int n = rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                StringBuilder v = new StringBuilder();
                int len = rnd.nextInt(8);
                for (int j = 0; j < len; j++) {
                    v.append(alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
                m.put("k" + rnd.nextInt(10) + "_x", v.toString());
            }
            Labels l = Labels.of(m);
            assertThat(Labels.parse(l.toString())).as(l.toString()).isEqualTo(l);
        }
    }

    @Test
    void parse_bad_throwsQuotingTextAndPlace() {
        assertThatThrownBy(() -> Labels.parse("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid labels \"\": expected a metric name or '{' at the end");
        assertThatThrownBy(() -> Labels.parse("cpu{host=a}"))
                .hasMessageStartingWith("invalid labels \"cpu{host=a}\": expected a quoted value at \"a}\"");
        assertThatThrownBy(() -> Labels.parse("cpu{host=\"a\""))
                .hasMessageContaining("missing '}' at the end");
        assertThatThrownBy(() -> Labels.parse("cpu{host=\"a}")).hasMessageContaining("unterminated quoted value");
        assertThatThrownBy(() -> Labels.parse("cpu{host=\"a\" mode=\"b\"}"))
                .hasMessageContaining("expected ',' or '}' at \"mode=");
        assertThatThrownBy(() -> Labels.parse("cpu{9x=\"a\"}")).hasMessageContaining("expected a label name");
        assertThatThrownBy(() -> Labels.parse("cpu{host=\"a\"} x")).hasMessageContaining("unexpected text at \"x\"");
        assertThatThrownBy(() -> Labels.parse("rate(cpu[5m])")).hasMessageContaining("unexpected text at \"(cpu");
        assertThatThrownBy(() -> Labels.parse("cpu{host~\"a\"}")).hasMessageContaining("expected =, !=, =~ or !~");
        assertThatThrownBy(() -> Labels.parse("cpu{host=~\"a.*\"}"))
                .hasMessage("invalid labels \"cpu{host=~\"a.*\"}\": a label set uses '=' only, such as cpu{host=\"a\"},"
                        + " not '=~'");
        assertThatThrownBy(() -> Labels.parse("cpu{a=\"1\",a=\"2\"}")).hasMessageContaining("label 'a' given twice");
        assertThatThrownBy(() -> Labels.parse("cpu{__name__=\"x\"}")).hasMessageContaining("label '__name__' given twice");
        assertThatThrownBy(() -> Labels.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseSelector_everyOperator_inOrderWithTheNameFirst() {
        assertThat(Labels.parseSelector("cpu{mode=~\"idle|user\", host!=\"b\",dc!~\"eu.*\",job=\"x\\\\.y\"}"))
                .containsExactly(new LabelMatcher("__name__", LabelMatcher.Op.EQUAL, "cpu"),
                        new LabelMatcher("mode", LabelMatcher.Op.REGEX, "idle|user"),
                        new LabelMatcher("host", LabelMatcher.Op.NOT_EQUAL, "b"),
                        new LabelMatcher("dc", LabelMatcher.Op.NOT_REGEX, "eu.*"),
                        new LabelMatcher("job", LabelMatcher.Op.EQUAL, "x\\.y"));
        assertThat(Labels.parseSelector("{}")).isEmpty();
    }

    @Test
    void overlaidBy_randomSets_equalsTheUnionBuiltThroughAMap() {
        SplittableRandom rnd = new SplittableRandom(42);
        String[] keys = {"a", "b", "for", "host", "instance", "job", "model_alias", "scheduler_alias", "z"};
        for (int trial = 0; trial < 2_000; trial++) {
            Map<String, String> base = new LinkedHashMap<>();
            Map<String, String> top = new LinkedHashMap<>();
            if (rnd.nextBoolean()) {
                base.put(Labels.NAME, "in" + rnd.nextInt(3));
            }
            if (rnd.nextBoolean()) {
                top.put(Labels.NAME, "out" + rnd.nextInt(3));
            }
            for (String k : keys) {
                if (rnd.nextInt(3) == 0) {
                    base.put(k, "b" + rnd.nextInt(4));
                }
                if (rnd.nextInt(4) == 0) {
                    top.put(k, "t" + rnd.nextInt(4));
                }
            }
            Map<String, String> union = new LinkedHashMap<>(base);
            union.remove(Labels.NAME);
            union.putAll(top);

            Labels got = Labels.of(base).overlaidBy(Labels.of(top));

            Labels expected = Labels.of(union);
            assertThat(got).as("%s over %s", top, base).isEqualTo(expected);
            assertThat(got.hashCode()).isEqualTo(expected.hashCode());
            assertThat(got.toString()).isEqualTo(expected.toString());
        }
    }

    @Test
    void overlaidBy_sameKey_topWinsAndBaseNameIsDropped() {
        Labels in = Labels.of("__name__", "cpu", "host", "a", "model_alias", "old");

        Labels out = in.overlaidBy(Labels.of("model_alias", "m", "zone", "z"));

        assertThat(out).isEqualTo(Labels.of("host", "a", "model_alias", "m", "zone", "z"));
        assertThat(out.name()).isEmpty();
    }
}
