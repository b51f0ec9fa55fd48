package dev.vigil.eval.nab;

import dev.vigil.eval.corpus.Evaluation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.eval.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NabCorpusTest {

    @TempDir
    Path tmp;

    private static long ms(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void readCsv_repeatedTimestamp_keepsTheFileStampsForScoringAndMovesTheSeriesStamp() throws IOException {
        // NAB's data repeats a few stamps (e.g. a daylight-saving hour); NAB scores them as written.
        Path f = tmp.resolve("a.csv");
        Files.writeString(f, "timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,2\n"
                + "2014-01-01 00:05:00,3\n2014-01-01 00:10:00,\n", StandardCharsets.UTF_8);
        NabCorpus.Entry e = NabCorpus.readCsv(f, "x/a.csv", new long[0]);
        assertThat(e.timestamps()).containsExactly(ms("2014-01-01T00:00:00Z"), ms("2014-01-01T00:05:00Z"),
                ms("2014-01-01T00:05:00Z"), ms("2014-01-01T00:10:00Z"));
        assertThat(e.data().series().timestamps()[2]).isEqualTo(ms("2014-01-01T00:05:00Z") + 1);
        assertThat(e.values()).containsExactly(1.0, 2.0, 3.0, Double.NaN);
        assertThat(e.data().timestampText(2)).isEqualTo("2014-01-01 00:05:00");
    }

    @Test
    void readWindows_nabFormat_givesInclusiveEpochMsPairsInFileOrder() throws IOException {
        Path j = tmp.resolve("w.json");
        Files.writeString(j, "{\"b/x.csv\": [[\"2014-01-01 00:00:00.000000\", \"2014-01-02 12:30:00.000000\"]],"
                + " \"a/y.csv\": []}", StandardCharsets.UTF_8);
        Map<String, long[]> w = NabCorpus.readWindows(j);
        assertThat(w.keySet()).containsExactly("b/x.csv", "a/y.csv");
        assertThat(w.get("b/x.csv")).containsExactly(ms("2014-01-01T00:00:00Z"), ms("2014-01-02T12:30:00Z"));
        assertThat(w.get("a/y.csv")).isEmpty();
    }

    @Test
    void readWindows_windowEndingBeforeItStarts_isAUserError() throws IOException {
        Path j = tmp.resolve("w.json");
        Files.writeString(j, "{\"b/x.csv\": [[\"2014-01-02 00:00:00\", \"2014-01-01 00:00:00\"]]}",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> NabCorpus.readWindows(j)).isInstanceOf(InputException.class)
                .hasMessageContaining("window 0 of 'b/x.csv' ends (2014-01-01 00:00:00) before it starts");
    }

    @Test
    void readWindows_badTimestamp_quotesItAndSaysWhere() throws IOException {
        Path j = tmp.resolve("w.json");
        Files.writeString(j, "{\"b/x.csv\": [[\"2014-13-02 00:00:00\", \"2014-01-01 00:00:00\"]]}",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> NabCorpus.readWindows(j)).isInstanceOf(InputException.class)
                .hasMessageContaining(j.toString()).hasMessageContaining("window 0 of 'b/x.csv' has a bad timestamp"
                        + " '2014-13-02 00:00:00'");
    }

    @Test
    void fitPoints_default_isNabProbationAndAFractionIsRoundedUp() {
        assertThat(Evaluation.fitPoints(4032, null)).isEqualTo(604);
        assertThat(Evaluation.fitPoints(22695, null)).isEqualTo(750);
        assertThat(Evaluation.fitPoints(1000, 0.1234)).isEqualTo(124);
        assertThat(Evaluation.fitPoints(3, null)).isEqualTo(1);
    }
}
