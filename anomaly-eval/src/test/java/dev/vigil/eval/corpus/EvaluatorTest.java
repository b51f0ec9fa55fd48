package dev.vigil.eval.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.eval.InputException;
import dev.vigil.eval.nab.NabCorpus;
import dev.vigil.eval.nab.Profile;
import dev.vigil.models.registry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluate pipeline without the command line (its CLI test is the runner's EvaluateCommandTest). */
class EvaluatorTest {

    @TempDir
    Path tmp;

    /** Two small labelled files: a step at row 300 inside a window, and a flat line without one. */
    private Evaluator.Request request(List<Detector> detectors, Path scores, Path report) throws IOException {
        Path data = tmp.resolve("data");
        StringBuilder step = new StringBuilder("timestamp,value\n");
        StringBuilder flat = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 400; i++) {
            String t = String.format(Locale.ROOT, "2014-01-%02d %02d:%02d:00", 1 + i / 288, i % 288 / 12, i % 12 * 5);
            step.append(t).append(',').append(i % 7 + (i >= 300 ? 40 : 0)).append('\n');
            flat.append(t).append(",5\n");
        }
        Files.createDirectories(data.resolve("a"));
        Files.writeString(data.resolve("a/step.csv"), step);
        Files.writeString(data.resolve("a/flat.csv"), flat);
        Path labels = Files.writeString(tmp.resolve("windows.json"), "{\"a/step.csv\": [[\"2014-01-02 00:40:00.000000\","
                + " \"2014-01-02 02:00:00.000000\"]], \"a/flat.csv\": []}");
        return new Evaluator.Request(data, labels, detectors, List.of(Profile.STANDARD), null, null, 1, scores, report,
                false);
    }

    /** Records the listener's calls, in order. */
    private static final class Heard implements Evaluator.Listener {
        final List<String> calls = new ArrayList<>();

        @Override
        public void corpusRead(List<NabCorpus.Entry> corpus, double seconds) {
            calls.add("read " + corpus.size());
        }

        @Override
        public void progress(Detector detector, int done, int files, double seconds) {
            calls.add("progress " + detector.name() + " " + done + "/" + files);
        }

        @Override
        public void replayed(Evaluation.DetectorResult result) {
            calls.add("replayed " + result.detector().name());
        }

        @Override
        public void compared(String markdown) {
            calls.add("compared " + markdown.lines().count());
        }

        @Override
        public void reportWritten(Path report) {
            calls.add("report " + report.getFileName());
        }
    }

    @Test
    void run_twoDetectors_tellsTheListenerInOrderAndWritesScoresAndReport() throws IOException {
        Detector z = new Detector.Model("z", ModelRegistry.standard().create("zscore_online", Map.of()));
        Detector rz = Detector.RollingZ.of("rz", Map.of("window", "20"));
        Path scores = tmp.resolve("out");
        Heard heard = new Heard();
        List<Evaluation.DetectorResult> r = Evaluator.run(request(List.of(z, rz), scores, tmp.resolve("r.html")), heard);
        assertThat(r).extracting(x -> x.detector().name()).containsExactly("z", "rz");
        assertThat(heard.calls).containsExactly("read 2", "replayed z", "replayed rz", "compared 4", "report r.html");
        List<String> written = Files.readAllLines(scores.resolve("rz/a/step.csv"));
        assertThat(written).hasSize(401).first().isEqualTo("timestamp,anomaly_score");
        assertThat(written.get(1)).isEqualTo("2014-01-01 00:00:00,"); // the baseline's first rows have no score
        assertThat(Files.readString(tmp.resolve("r.html"))).contains("a/step.csv", "rz");
    }

    @Test
    void rollingZ_of_readsItsArgumentsAndNamesTheBadOnes() {
        assertThat(Detector.RollingZ.of("b", Map.of())).isEqualTo(new Detector.RollingZ("b", 100, 3.0));
        assertThat(Detector.RollingZ.of("b", Map.of("window", " 50", "z", "2.5")))
                .isEqualTo(new Detector.RollingZ("b", 50, 2.5));
        assertThatThrownBy(() -> Detector.RollingZ.of("b", Map.of("w", "3"))).isInstanceOf(InputException.class)
                .hasMessage("model 'baseline_rolling_z': unknown argument(s) [w]; known: window, z");
        assertThatThrownBy(() -> Detector.RollingZ.of("b", Map.of("window", "ten")))
                .hasMessage("model 'baseline_rolling_z': window must be an integer, got 'ten'");
        assertThatThrownBy(() -> Detector.RollingZ.of("b", Map.of("z", "x")))
                .hasMessage("model 'baseline_rolling_z': z must be a number, got 'x'");
        assertThatThrownBy(() -> Detector.RollingZ.of("b", Map.of("window", "1")))
                .hasMessage("model 'baseline_rolling_z': window must be >= 2 and z a positive number, got window=1, z=3.0");
    }

    @Test
    void throttled_slowReplay_reportsFilesDoneButNotTheLastOne() {
        Detector d = new Detector.RollingZ("m", 10, 3);
        Heard heard = new Heard();
        IntConsumer p = Evaluator.throttled(d, 3, 0, heard);
        p.accept(1);
        p.accept(2);
        p.accept(3);
        assertThat(heard.calls).containsExactly("progress m 1/3", "progress m 2/3");
        Heard quiet = new Heard();
        IntConsumer slow = Evaluator.throttled(d, 3, Evaluator.PROGRESS_EVERY_NANOS, quiet);
        slow.accept(1);
        assertThat(quiet.calls).isEmpty();
    }
}
