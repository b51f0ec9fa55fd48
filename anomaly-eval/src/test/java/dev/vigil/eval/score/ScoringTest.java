package dev.vigil.eval.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.prediction.Prediction;
import dev.vigil.eval.InputException;
import dev.vigil.eval.csv.CsvInputException;
import dev.vigil.eval.csv.SeriesCsvReader;
import dev.vigil.models.ModelSpec;
import dev.vigil.models.Refit;
import dev.vigil.models.Replay;
import dev.vigil.models.registry.ModelRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The score pipeline without the command line (its CLI test is the runner's ScoreCommandTest). */
class ScoringTest {

    private static final ModelSpec MAD = ModelRegistry.standard().create("mad", Map.of());

    @TempDir
    Path dir;

    /** A seeded noisy series, one row a minute from epoch second 1,700,000,000, with a spike at {@code spikeAt}. */
    private Path series(int n, int spikeAt) throws IOException {
        Random rnd = new Random(3);
        StringBuilder sb = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < n; i++) {
            sb.append(1_700_000_000L + 60L * i).append(',').append(10 + rnd.nextGaussian() + (i == spikeAt ? 50 : 0))
                    .append('\n');
        }
        return Files.writeString(dir.resolve("in.csv"), sb.toString());
    }

    /** Records what the listener heard. */
    private static final class Heard implements Scoring.Listener {
        final List<String> warnings = new ArrayList<>();
        final List<Integer> percents = new ArrayList<>();

        @Override
        public void warning(String message) {
            warnings.add(message);
        }

        @Override
        public void progress(int percent, long done, long total) {
            percents.add(percent);
        }
    }

    @Test
    void run_defaults_fitsOnTheFirstFifthAndWritesEveryRowAndTheReport() throws IOException {
        Path in = series(500, 400);
        Path out = dir.resolve("a/out.csv");
        Path report = dir.resolve("b/report.html");
        Scoring.Result r = Scoring.run(new ScoreRequest(MAD, in, out, report, null, null), Scoring.Listener.NONE);
        assertThat(r.rows()).isEqualTo(500);
        assertThat(r.fitRows()).isEqualTo(100);
        assertThat(r.refit()).isNull();
        assertThat(r.summary().anomalies()).isGreaterThanOrEqualTo(1);
        assertThat(Files.readAllLines(out)).hasSize(501).first().isEqualTo("timestamp,y,yhat,yhat_lower,yhat_upper,anomaly_score");
        assertThat(Files.readString(report)).contains("in.csv \u2014 vigil score with mad", "100 rows (1700000000 .. 1700005940)");
    }

    @Test
    void run_labelsWithAnEntryForTheInput_shadesAndCountsItsWindows() throws Exception {
        Path in = Files.move(series(500, 400), Files.createDirectories(dir.resolve("realX")).resolve("f.csv"));
        // Row i is at epoch second 1,700,000,000 + 60 i: the first window holds the spike (row 400), the second not.
        Path labels = Files.writeString(dir.resolve("windows.json"), "{\"other/f.csv\": [],"
                + " \"realX/f.csv\": [[\"2023-11-15 04:50:00\", \"2023-11-15 05:00:00\"],"
                + " [\"2023-11-15 01:00:00\", \"2023-11-15 01:05:00\"]]}");
        Path report = dir.resolve("r.html");
        Scoring.Result r = Scoring.run(new ScoreRequest(MAD, in, dir.resolve("o.csv"), report, null, null, labels),
                Scoring.Listener.NONE);
        assertThat(r.windows()).isEqualTo(2);
        assertThat(r.windowsHit()).isEqualTo(1);
        String html = Files.readString(report);
        assertThat(html).contains("<g class=\"windows\"", "labelled window 2", "<td>1 of 2</td>");

        Path elsewhere = Files.writeString(dir.resolve("w2.json"), "{\"realY/f.csv\": []}");
        assertThatThrownBy(() -> Scoring.run(new ScoreRequest(MAD, in, dir.resolve("o.csv"), null, null, null, elsewhere),
                Scoring.Listener.NONE)).isInstanceOf(InputException.class)
                .hasMessageContaining("has no entry for " + in).hasMessageContaining("[realY/f.csv]");
    }

    @Test
    void run_fitEvery_refitsOnWindowsAsLongAsTheFitWindowLikeReplay() throws IOException {
        Path in = series(600, -1);
        Path out = dir.resolve("out.csv");
        Scoring.Result rows = Scoring.run(new ScoreRequest(MAD, in, out, null, FitWindow.parse("w", "25%"),
                Refit.Span.parse("100")), Scoring.Listener.NONE);
        assertThat(rows.refit()).isEqualTo(new Refit(Refit.Span.ofRows(100), Refit.Span.ofRows(150)));
        Scoring.Result time = Scoring.run(new ScoreRequest(MAD, in, out, null, FitWindow.parse("w", "2h"),
                Refit.Span.parse("1h")), Scoring.Listener.NONE);
        assertThat(time.fitRows()).isEqualTo(120);
        assertThat(time.refit()).isEqualTo(Refit.parse("1h", "2h"));
        Prediction want = Replay.run(MAD, SeriesCsvReader.read(in).series(), 120, Refit.parse("1h", "2h"), null);
        List<String> lines = Files.readAllLines(out);
        for (int i = 0; i < want.size(); i++) {
            String cell = lines.get(i + 1).split(",", -1)[5];
            assertThat(cell).as("row %d", i).isEqualTo(Double.isNaN(want.anomalyScore(i)) ? ""
                    : Double.toString(want.anomalyScore(i)));
        }
    }

    @Test
    void run_longInput_reportsEachTenthButNotTheEnd() throws IOException {
        Path in = series(Scoring.PROGRESS_ROWS + 1000, -1);
        Heard heard = new Heard();
        Scoring.run(new ScoreRequest(MAD, in, dir.resolve("o.csv"), null, null, null), heard);
        assertThat(heard.percents).isNotEmpty().isSorted().allMatch(p -> p % 10 == 0 && p >= 20 && p <= 90);
        assertThat(heard.warnings).isEmpty();
    }

    @Test
    void run_aFewRowsOutOfOrder_warnsButAnUnsortedFileIsAnError() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            sb.append(1000 + i).append(",1\n");
            if (i == 150) {
                sb.append(1000 + i).append(",2\n");
            }
        }
        Path dup = Files.writeString(dir.resolve("dup.csv"), sb.toString());
        Heard heard = new Heard();
        Scoring.run(new ScoreRequest(MAD, dup, dir.resolve("o.csv"), null, null, null), heard);
        assertThat(heard.warnings).singleElement().asString().contains("1 of 301 rows");
        Path desc = Files.writeString(dir.resolve("desc.csv"), "3,1\n2,1\n1,1\n");
        assertThatThrownBy(() -> Scoring.run(new ScoreRequest(MAD, desc, dir.resolve("o.csv"), null, null, null),
                Scoring.Listener.NONE)).isInstanceOf(CsvInputException.class).hasMessageContaining("does not look sorted");
    }

    @Test
    void run_missingInputOrAFolder_isAnInputError() {
        Path none = dir.resolve("nope.csv");
        assertThatThrownBy(() -> Scoring.run(new ScoreRequest(MAD, none, dir.resolve("o.csv"), null, null, null),
                Scoring.Listener.NONE)).isInstanceOf(InputException.class).hasMessage("input file not found: " + none);
        assertThatThrownBy(() -> Scoring.run(new ScoreRequest(MAD, dir, dir.resolve("o.csv"), null, null, null),
                Scoring.Listener.NONE)).isInstanceOf(InputException.class)
                .hasMessage("input is a directory, not a CSV file: " + dir);
        assertThat(Files.exists(dir.resolve("o.csv"))).isFalse();
    }
}
