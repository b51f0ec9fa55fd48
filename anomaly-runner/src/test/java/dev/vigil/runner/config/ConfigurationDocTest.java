package dev.vigil.runner.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.models.registry.ModelRegistry;
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
 * docs/configuration.md documents exactly the keys the validator accepts: each table marked
 * {@code <!-- keys: SECTION -->} lists, in the backticked names of its first column, the key set of
 * that section.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("..", "docs", "configuration.md");
    private static final Pattern MARKER = Pattern.compile("<!-- keys: ([a-z.]+) -->");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");

    /** Section name to the keys of its table. */
    static Map<String, Set<String>> documented(List<String> lines) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i));
            if (!m.find()) {
                continue;
            }
            Set<String> keys = new TreeSet<>();
            int j = i + 3; // marker, header row, separator row
            for (; j < lines.size() && lines.get(j).startsWith("|"); j++) {
                String first = lines.get(j).split("\\|")[1];
                Matcher c = CODE.matcher(first);
                while (c.find()) {
                    keys.add(c.group(1));
                }
            }
            assertThat(out.put(m.group(1), keys)).as("section %s documented twice", m.group(1)).isNull();
        }
        return out;
    }

    @Test
    void configurationDoc_keyTables_matchTheValidatorsKeySets() throws IOException {
        Map<String, Set<String>> doc = documented(Files.readAllLines(DOC));
        Map<String, Set<String>> code = Validator.knownKeys();
        assertThat(doc.keySet()).containsExactlyInAnyOrderElementsOf(code.keySet());
        code.forEach((section, keys) -> assertThat(doc.get(section)).as("keys of %s in %s", section, DOC)
                .containsExactlyInAnyOrderElementsOf(keys));
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
        // The key sets are the validator's: a writer using every documented file-writer key validates.
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
