package dev.vigil.models;

import dev.vigil.models.registry.ModelRegistry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.core.series.Series;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's library example, compiled and run here so that it cannot rot. */
class ReadmeExampleTest {

    private static final Path README = Path.of("..", "README.md");

    /** Runs the example exactly as the README shows it (between the markers) and returns its prediction. */
    private static Prediction example() {
        // README-EXAMPLE-BEGIN
        long[] t = new long[1000];
        double[] y = new double[1000];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1_700_000_000_000L + 60_000L * i;                   // epoch ms, one point a minute
            y[i] = 50 + 5 * Math.sin(i / 60.0) + (i == 900 ? 40 : 0);  // a spike at i = 900
        }
        Series series = Series.of(t, y);
        ModelSpec spec = ModelRegistry.standard().create("mad", Map.of("threshold", 3.0));
        FittedModel model = spec.fit(series.slice(0, 800));           // "mad" is mad_online: an OnlineModel
        Prediction p = model.infer(series.slice(800, 1000));
        System.out.println(p.anomalyScore(100) + " in [" + p.yhatLower(100) + ", " + p.yhatUpper(100) + "]");
        // README-EXAMPLE-END
        return p;
    }

    @Test
    void example_flagsTheSpikeOnly() {
        Prediction p = example();
        assertThat(p.size()).isEqualTo(200);
        assertThat(p.anomalyScore(100)).isGreaterThan(1.0);
        for (int i = 0; i < p.size(); i++) {
            if (i != 100) {
                assertThat(p.anomalyScore(i)).as("row %d", i).isLessThan(1.0);
            }
        }
    }

    @Test
    void readme_showsTheExampleVerbatim() throws IOException {
        String source = Files.readString(Path.of("src", "test", "java", "dev", "vigil", "models",
                "ReadmeExampleTest.java"), StandardCharsets.UTF_8);
        String body = source.substring(source.indexOf("// README-EXAMPLE-BEGIN\n") + "// README-EXAMPLE-BEGIN\n".length(),
                source.indexOf("        // README-EXAMPLE-END"));
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        // The README shows the body with the test's 8-space indentation removed.
        StringBuilder expected = new StringBuilder();
        for (String line : List.of(body.split("\n"))) {
            expected.append(line.startsWith("        ") ? line.substring(8) : line).append('\n');
        }
        assertThat(readme).contains(expected.toString());
    }
}
