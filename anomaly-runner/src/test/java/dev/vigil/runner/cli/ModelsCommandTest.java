package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.models.ModelConfigException;
import dev.vigil.models.registry.ModelRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelsCommandTest {

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cmd = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static JsonNode json(String... args) throws Exception {
        Run r = run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void json_everyRegisteredAlias_listedWithItsFields() throws Exception {
        JsonNode all = json("models", "--json");
        assertThat(all.isArray()).isTrue();
        List<String> aliases = new ArrayList<>();
        all.forEach(m -> aliases.add(m.get("alias").asText()));
        ModelRegistry reg = ModelRegistry.standard();
        assertThat(aliases).containsAll(reg.aliases()).containsAll(reg.supportedModels()).doesNotHaveDuplicates();
        for (JsonNode m : all) {
            assertThat(m.get("class").asText()).startsWith("model.");
            assertThat(m.get("topology").asText()).isIn("univariate", "multivariate", "peer");
            assertThat(m.get("online").isBoolean()).isTrue();
            for (JsonNode a : m.get("args")) {
                assertThat(a.get("name").asText()).isNotBlank();
                assertThat(a.get("type").asText()).isNotBlank();
                assertThat(a.has("default")).isTrue();
                assertThat(a.get("required").isBoolean()).isTrue();
                assertThat(a.get("doc").asText()).isNotBlank().doesNotContain("\n");
            }
        }
        JsonNode zscore = find(all, "zscore");
        assertThat(zscore.get("class").asText()).isEqualTo("model.online.OnlineZscoreModel");
        assertThat(zscore.get("online").asBoolean()).isTrue();
        assertThat(names(zscore)).contains("z_threshold", "decay", "min_n_samples_seen", "scale",
                "detection_direction", "provide_series");
        assertThat(find(all, "peer_outlier").get("topology").asText()).isEqualTo("peer");
    }

    @Test
    void json_eachListedDefault_acceptedByValidationAsWritten() throws Exception {
        ModelRegistry reg = ModelRegistry.standard();
        ObjectMapper om = new ObjectMapper();
        for (JsonNode m : json("models", "--json")) {
            if (!m.get("supported").asBoolean()) {
                continue;
            }
            String alias = m.get("alias").asText();
            for (JsonNode a : m.get("args")) {
                String name = a.get("name").asText();
                if (a.get("default").isNull() || name.contains(".")) {
                    continue;
                }
                Object value = om.convertValue(a.get("default"), Object.class);
                assertThat(reg.create(alias, Map.of(name, value)).resolvedArgs()).as("%s.%s=%s", alias, name, value)
                        .containsKey(name);
            }
        }
    }

    @Test
    void create_keyNotListed_rejected() throws Exception {
        ModelRegistry reg = ModelRegistry.standard();
        for (JsonNode m : json("models", "--json")) {
            if (m.get("supported").asBoolean()) {
                String alias = m.get("alias").asText();
                Assertions.assertThatThrownBy(() -> reg.create(alias, Map.of("no_such_arg", 1)))
                        .as(alias).isInstanceOf(ModelConfigException.class).hasMessageContaining("no_such_arg");
            }
        }
    }

    @Test
    void json_oneAlias_oneObject() throws Exception {
        JsonNode hw = json("models", "--json", "holtwinters");
        assertThat(hw.get("alias").asText()).isEqualTo("holtwinters");
        assertThat(names(hw)).contains("seasonality", "args", "args.trend");
    }

    @Test
    void table_everyAlias_oneLine() {
        Run r = run("models");
        assertThat(r.code()).isZero();
        for (String a : ModelRegistry.standard().aliases()) {
            assertThat(r.out().lines().filter(l -> l.startsWith(a + " ")).count()).as(a).isEqualTo(1);
        }
        assertThat(r.out()).contains("rolling_quantile", "quantile=0.999", "window_steps=2000");
    }

    @Test
    void table_oneAlias_describesEachArgument() {
        Run r = run("models", "std");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("std (model.std.StdModel)", "period", "integer_or_auto", "z_threshold", "2.5");
    }

    @Test
    void models_unknownAlias_usageErrorNamingIt() {
        Run r = run("models", "zcore");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown model class 'zcore'", "did you mean");
    }

    static JsonNode find(JsonNode all, String alias) {
        for (JsonNode m : all) {
            if (m.get("alias").asText().equals(alias)) {
                return m;
            }
        }
        throw new AssertionError("no " + alias);
    }

    static List<String> names(JsonNode m) {
        List<String> out = new ArrayList<>();
        m.get("args").forEach(a -> out.add(a.get("name").asText()));
        return out;
    }
}
