package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.core.time.Durations;
import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.config.ConfigKey.Section;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The key table: its rows are consistent, validation accepts exactly them, and output uses only them. */
class ConfigKeysTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    /** A valid configuration using every section and every scheduler class, as nested maps. */
    static Map<String, Object> base() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schedulers", map(
                "p", map("class", "periodic", "infer_every", "1m", "fit_window", "1h"),
                "o", map("class", "oneoff", "fit_start_s", 0, "fit_end_s", 3600, "infer_start_s", 3600,
                        "infer_end_s", 7200),
                "b", map("class", "backtesting", "from_s", 0, "to_s", 7200, "fit_window", "1h", "fit_every", "1h")));
        root.put("models", map("m", map("class", "zscore", "queries", List.of("q"), "schedulers",
                List.of("p", "o", "b"))));
        root.put("reader", map("class", "vm", "datasource_url", "http://127.0.0.1:8428", "sampling_period", "1m",
                "queries", map("q", map("expr", "up"))));
        root.put("writer", map("class", "vm", "datasource_url", "http://127.0.0.1:8428"));
        root.put("monitoring", map("pull", map("port", 0), "push", map("url", "http://127.0.0.1:8428")));
        root.put("settings", map("n_workers", 1, "retention", map("ttl", "1d")));
        root.put("server", map("port", 0));
        return root;
    }

    /** The mapping a key of {@code section} goes into, within {@code root}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> home(Map<String, Object> root, Section section) {
        Map<String, Object> s = (Map<String, Object>) root.get("schedulers");
        Map<String, Object> r = (Map<String, Object>) root.get("reader");
        Map<String, Object> mon = (Map<String, Object>) root.get("monitoring");
        return switch (section) {
            case TOP -> root;
            case PERIODIC -> (Map<String, Object>) s.get("p");
            case ONEOFF -> (Map<String, Object>) s.get("o");
            case BACKTESTING -> (Map<String, Object>) s.get("b");
            case MODELS -> (Map<String, Object>) ((Map<String, Object>) root.get("models")).get("m");
            case READER -> r;
            case QUERY -> (Map<String, Object>) ((Map<String, Object>) r.get("queries")).get("q");
            case WRITER -> (Map<String, Object>) root.get("writer");
            case MONITORING -> mon;
            case PULL -> (Map<String, Object>) mon.get("pull");
            case PUSH -> (Map<String, Object>) mon.get("push");
            case SERVER -> (Map<String, Object>) root.get("server");
            case SETTINGS -> (Map<String, Object>) root.get("settings");
            case RETENTION -> (Map<String, Object>) ((Map<String, Object>) root.get("settings")).get("retention");
        };
    }

    /** A value of the key's type. */
    static Object sample(ConfigKey k) {
        return switch (k.type()) {
            case SECTION, MAPPING -> new LinkedHashMap<>();
            case LIST -> new ArrayList<>();
            case INTEGER -> 1;
            case NUMBER -> 1.5;
            case BOOLEAN -> false;
            case DURATION -> "1m";
            case TIMESTAMP -> 0;
            case ZONE -> "UTC";
            case RANGE -> List.of(0, 1);
            case ALIASES -> "all";
            case CLASS, STRING, ANY -> "x";
        };
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<ConfigError> errors(Map<String, Object> root) throws Exception {
        try {
            RunnerConfigs.parse(YAML.writeValueAsString(root), "t.yml", Map.of(), ModelRegistry.standard());
            return List.of();
        } catch (ConfigException e) {
            return e.errors();
        }
    }

    @Test
    void base_isValid() throws Exception {
        assertThat(errors(base())).isEmpty();
    }

    @Test
    void everyKeyOfTheTable_isAcceptedByValidation() throws Exception {
        for (ConfigKey k : ConfigKeys.all()) {
            Map<String, Object> root = base();
            home(root, k.section()).putIfAbsent(k.name(), sample(k));
            assertThat(errors(root)).as("%s", k).noneMatch(e -> e.message().contains("unknown key \"" + k.name() + "\"")
                    || e.message().contains("unknown argument '" + k.name() + "'"));
        }
    }

    @Test
    void unknownKey_isRefusedWithTheKnownKeysOfItsSection() throws Exception {
        for (Section s : Section.values()) {
            if (s == Section.MODELS) {
                continue; // every other model key is a model argument, checked by the model
            }
            Map<String, Object> root = base();
            home(root, s).put("no_such_key", 1);
            List<ConfigError> errors = errors(root);
            assertThat(errors).as("%s", s).anySatisfy(e -> {
                assertThat(e.path()).endsWith("no_such_key");
                assertThat(e.where()).startsWith("t.yml:");
                assertThat(e.message()).startsWith("unknown key \"no_such_key\"")
                        .endsWith("allowed: " + String.join(", ", new TreeSet<>(ConfigKeys.names(s))));
            });
        }
    }

    @Test
    void defaults_parseAsTheirType() {
        for (ConfigKey k : ConfigKeys.all()) {
            String d = k.defaultValue();
            if (d == null) {
                continue;
            }
            switch (k.type()) {
                case DURATION -> assertThat(Durations.parse(d)).as("%s", k).isNotNull();
                case INTEGER -> assertThat(Long.parseLong(d)).as("%s", k).isNotNull();
                case NUMBER -> assertThat(Double.parseDouble(d)).as("%s", k).isNotNull();
                case BOOLEAN, ANY -> assertThat(d).as("%s", k).isIn("true", "false");
                case ZONE -> assertThat(ZoneId.of(d)).as("%s", k).isNotNull();
                case RANGE -> assertThat(Fields.parseRange(d)).as("%s", k).hasSize(2);
                case CLASS -> assertThat(k.section() == Section.PERIODIC ? SchedulersSection.CLASSES
                        : k.section() == Section.READER ? ReaderSection.CLASSES : WriterSection.CLASSES)
                        .as("%s", k).containsKey(d);
                case MAPPING -> assertThat(readYaml(d)).as("%s", k).isEqualTo(dev.vigil.vm.WriterConfig.DEFAULT_METRIC_FORMAT);
                default -> assertThat(d).as("%s", k).isNotBlank();
            }
        }
    }

    private static Object readYaml(String text) {
        try {
            return YAML.readValue(text, Object.class);
        } catch (Exception e) {
            throw new AssertionError(text, e);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void resolvedOutput_usesOnlyKeysOfTheTable() throws Exception {
        Map<String, Object> root = base();
        home(root, Section.QUERY).put("detection_direction", "above_expected");
        RunnerConfig c = RunnerConfigs.parse(YAML.writeValueAsString(root), "t.yml", Map.of(), ModelRegistry.standard());
        Map<String, Object> out = YAML.readValue(RunnerConfigs.toYaml(c), new TypeReference<Map<String, Object>>() { });
        assertThat(ConfigKeys.names(Section.TOP)).containsAll(out.keySet());
        Map<String, Object> scheds = (Map<String, Object>) out.get("schedulers");
        assertThat(ConfigKeys.names(Section.PERIODIC)).containsAll(((Map<String, Object>) scheds.get("p")).keySet());
        assertThat(ConfigKeys.names(Section.ONEOFF)).containsAll(((Map<String, Object>) scheds.get("o")).keySet());
        assertThat(ConfigKeys.names(Section.BACKTESTING)).containsAll(((Map<String, Object>) scheds.get("b")).keySet());
        Map<String, Object> reader = (Map<String, Object>) out.get("reader");
        assertThat(ConfigKeys.names(Section.READER)).containsAll(reader.keySet());
        Map<String, Object> q = (Map<String, Object>) ((Map<String, Object>) reader.get("queries")).get("q");
        assertThat(ConfigKeys.names(Section.QUERY)).containsAll(q.keySet());
        assertThat(q).containsEntry("detection_direction", "above_expected");
        assertThat(ConfigKeys.names(Section.WRITER)).containsAll(((Map<String, Object>) out.get("writer")).keySet());
        Map<String, Object> mon = (Map<String, Object>) out.get("monitoring");
        assertThat(ConfigKeys.names(Section.MONITORING)).containsAll(mon.keySet());
        assertThat(ConfigKeys.names(Section.PULL)).containsAll(((Map<String, Object>) mon.get("pull")).keySet());
        assertThat(ConfigKeys.names(Section.PUSH)).containsAll(((Map<String, Object>) mon.get("push")).keySet());
        assertThat(ConfigKeys.names(Section.SETTINGS)).containsAll(((Map<String, Object>) out.get("settings")).keySet());
    }

    @Test
    void table_hasOneRowPerKeyOfASection() {
        assertThat(ConfigKeys.all()).extracting(ConfigKey::toString).doesNotHaveDuplicates();
        for (Section s : Section.values()) {
            assertThat(ConfigKeys.of(s)).as("%s", s).isNotEmpty().allMatch(k -> k.section() == s);
        }
        assertThat(ConfigKeys.runnerModelKeys()).containsExactlyInAnyOrder("class", "queries", "schedulers");
    }
}
