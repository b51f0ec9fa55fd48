package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.models.registry.ModelRegistry;
import dev.vigil.config.ConfigKey.Support;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md documents exactly the keys of the {@link ConfigKeys} table: each table marked
 * {@code <!-- keys: SECTION -->} lists, in the backticked names of its first column, the keys of that
 * section, with the table's default in its second column and the key's support ("**no effect**",
 * "**refused**", deprecated) in its text.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Pattern MARKER = Pattern.compile("<!-- keys: ([a-z.]+) -->");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** Section name to the keys of its table. */
    static Map<String, Set<String>> documented(List<String> lines) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        rows(lines).forEach((section, rows) -> out.put(section, new TreeSet<>(rows.keySet())));
        return out;
    }

    /** Section name to key to the key's table row. */
    static Map<String, Map<String, String>> rows(List<String> lines) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i));
            if (!m.find()) {
                continue;
            }
            Map<String, String> keys = new LinkedHashMap<>();
            int j = i + 3; // marker, header row, separator row
            for (; j < lines.size() && lines.get(j).startsWith("|"); j++) {
                String first = lines.get(j).split("\\|")[1];
                Matcher c = CODE.matcher(first);
                while (c.find()) {
                    keys.put(c.group(1), lines.get(j));
                }
            }
            assertThat(out.put(m.group(1), keys)).as("section %s documented twice", m.group(1)).isNull();
        }
        return out;
    }

    @Test
    void configurationDoc_keyTables_matchTheKeyTable() throws IOException {
        Map<String, Set<String>> doc = documented(Files.readAllLines(DOC));
        Map<String, Set<String>> code = new LinkedHashMap<>();
        for (ConfigKey.Section s : ConfigKey.Section.values()) {
            code.put(s.docName(), ConfigKeys.names(s));
        }
        assertThat(doc.keySet()).containsExactlyInAnyOrderElementsOf(code.keySet());
        code.forEach((section, keys) -> assertThat(doc.get(section)).as("keys of %s in %s", section, DOC)
                .containsExactlyInAnyOrderElementsOf(keys));
    }

    @Test
    void configurationDoc_rows_giveTheTableDefaultAndSupport() throws IOException {
        Map<String, Map<String, String>> doc = rows(Files.readAllLines(DOC));
        for (ConfigKey k : ConfigKeys.all()) {
            String row = doc.get(k.section().docName()).get(k.name());
            String defaultCell = row.split("\\|")[2];
            if (k.defaultValue() != null) {
                assertThat(defaultCell).as("default of %s", k).contains("`" + k.defaultValue() + "`");
            }
            assertThat(row.contains("**no effect**")).as("'**no effect**' in the row of %s", k)
                    .isEqualTo(k.support() == Support.NO_EFFECT);
            assertThat(row.contains("**refused**")).as("'**refused**' in the row of %s", k)
                    .isEqualTo(k.support() == Support.PARTIAL || k.support() == Support.REFUSED);
            if (k.support() == Support.DEPRECATED) {
                assertThat(row).as("row of %s", k).containsIgnoringCase("warning");
            }
        }
    }

    @Test
    void documented_parsesBacktickedNamesOfTheFirstColumnOnly() {
        Map<String, Set<String>> d = documented(List.of("<!-- keys: reader -->", "| key | default |", "|---|---|",
                "| `a`, `b_c` | `x` |", "| any other | `y` |", "", "| `z` | |"));
        assertThat(d).containsOnlyKeys("reader");
        assertThat(d.get("reader")).containsExactlyInAnyOrder("a", "b_c");
    }

    @Test
    void knownKeys_acceptEveryDocumentedWriterKey() throws ConfigException {
        // The key sets are the table's: a writer using every documented file-writer key validates.
        RunnerConfig c = RunnerConfigs.parse(String.join("\n",
                "schedulers: {s: {class: oneoff, fit_start_s: 0, fit_end_s: 60, infer_start_s: 60, infer_end_s: 120}}",
                "models: {m: {class: zscore, queries: [q], schedulers: [s]}}",
                "reader: {class: file, path: in.csv, sampling_period: 1m, queries: {q: {expr: x}}}",
                "writer: {class: file, path: out.csv, report: r.html, import_json_path: /x, health_path: /h,"
                        + " metric_prefix_cache_max_entries: 10}",
                ""), "t.yml", Map.of(), ModelRegistry.standard());
        assertThat(c.writer().report()).isEqualTo(Path.of("r.html"));
    }
}
