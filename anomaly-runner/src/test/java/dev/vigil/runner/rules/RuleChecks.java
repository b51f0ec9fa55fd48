package dev.vigil.runner.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Checks of vmalert rule files shared by the tests: the metric names they read, and vmalert's own check. */
public final class RuleChecks {

    /** vmalert of the Debian package victoria-metrics. */
    public static final Path VMALERT = Path.of("/usr/bin/vmalert");

    /** Series a runner writes (with the default metric_format). */
    public static final Set<String> OUTPUTS = Set.of("anomaly_score", "y", "yhat", "yhat_lower", "yhat_upper");

    /** Series the scraper adds, not the runner. */
    public static final Set<String> SCRAPE = Set.of("up");

    private static final Set<String> WORDS = Set.of("by", "without", "and", "or", "unless", "bool", "on", "ignoring",
            "group_left", "group_right", "offset");

    private RuleChecks() {
    }

    /** The expressions of every rule of a vmalert rule file. */
    public static List<String> exprs(String yaml) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode g : new YAMLMapper().readTree(yaml).path("groups")) {
            g.path("rules").forEach(r -> out.add(r.path("expr").asText()));
        }
        return out;
    }

    /**
     * The metric names an expression reads: identifiers outside strings, label matchers, ranges and
     * grouping clauses that are neither functions nor keywords.
     */
    public static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", "{}")
                .replaceAll("\\[[^]]*]", "[]")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "$1 ()");
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()").matcher(s);
        while (m.find()) {
            if (!WORDS.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** The metric family names of docs/monitoring.md's table (a row per family, its name first, in backquotes). */
    public static Set<String> documentedFamilies() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_:]+)` \\| (counter|gauge|histogram|gauge \\(info\\))")
                .matcher(Files.readString(Path.of("..", "docs", "monitoring.md"), StandardCharsets.UTF_8));
        while (m.find()) {
            String name = m.group(1);
            out.add(name);
            if (m.group(2).equals("histogram")) {
                out.add(name + "_bucket");
                out.add(name + "_sum");
                out.add(name + "_count");
            }
        }
        return out;
    }

    /**
     * Runs {@code vmalert -dryRun} on the file and asserts it accepts it; skips the check with a message
     * when vmalert is not installed (fails instead in CI, where bin/test installs it).
     */
    public static void assertVmalertLoads(Path rules) throws IOException, InterruptedException {
        if (!Files.isExecutable(VMALERT)) {
            String msg = VMALERT + " is missing (Debian package victoria-metrics): the rule files are not checked"
                    + " by vmalert";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(msg);
            }
            Assumptions.abort(msg);
        }
        Process p = new ProcessBuilder(VMALERT.toString(), "-rule=" + rules.toAbsolutePath(), "-dryRun",
                "-loggerLevel=ERROR").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("vmalert finished").isTrue();
        assertThat(p.exitValue()).as("vmalert -dryRun %s:%n%s", rules, log).isZero();
    }
}
