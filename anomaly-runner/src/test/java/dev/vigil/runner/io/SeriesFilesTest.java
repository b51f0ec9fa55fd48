package dev.vigil.runner.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's file formats, read with the rules every CSV reader shares. */
class SeriesFilesTest {

    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("in.csv"), text);
    }

    @Test
    void readCsv_wideWithLabelsAndEveryTimestampForm_readsEachColumn() throws IOException {
        Path f = csv("timestamp,cpu{host=\"a,b\"},mem\n2024-01-01T00:00:00Z,1,\n2024-01-01 00:01:00,2,NaN\n"
                + "1704067320,3,null\n1704067380000,inf,4\n");
        List<Series> s = SeriesFiles.read(f);
        assertThat(s).hasSize(2);
        assertThat(s.get(0).labels()).isEqualTo(Labels.of("__name__", "cpu", "host", "a,b"));
        assertThat(s.get(0).timestamps()).containsExactly(T0, T0 + 60_000, T0 + 120_000, T0 + 180_000);
        assertThat(s.get(0).values()).containsExactly(1, 2, 3, Double.POSITIVE_INFINITY);
        assertThat(s.get(1).values()).containsExactly(Double.NaN, Double.NaN, Double.NaN, 4);
    }

    @Test
    void readCsv_junkValue_isIoErrorNamingFileLineColumnAndText() throws IOException {
        Path f = csv("timestamp,cpu\n1704067200,1\n1704067260,one\n");
        assertThatThrownBy(() -> SeriesFiles.read(f)).isInstanceOf(IoFailure.class)
                .hasMessage(f + ":3: bad value \"one\" in column 'cpu' (expected a number, or an empty cell for a"
                        + " missing value)");
    }

    @Test
    void readCsv_badTimestampOrLabels_isIoErrorNamingTheText() throws IOException {
        Path f = csv("timestamp,cpu\nyesterday,1\n");
        assertThatThrownBy(() -> SeriesFiles.read(f)).isInstanceOf(IoFailure.class)
                .hasMessageStartingWith(f + ":2: invalid timestamp \"yesterday\": ");
        Path g = csv("timestamp,cpu{host=~\"a\"}\n1704067200,1\n");
        assertThatThrownBy(() -> SeriesFiles.read(g)).isInstanceOf(IoFailure.class)
                .hasMessage(g + ":1: column 1: invalid labels \"cpu{host=~\"a\"}\": a label set uses '=' only, such as"
                        + " cpu{host=\"a\"}, not '=~'");
    }

    /** The rule of the score command's reader: a repeated row stays, in file order, 1 ms after the one before. */
    @Test
    void readCsv_aFewRowsOutOfOrder_keptInFileOrderLikeTheScoreReader() throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,cpu\n");
        for (int i = 0; i < 200; i++) {
            sb.append(T0 / 1000 + 60L * i).append(',').append(i).append('\n');
            if (i == 100) {
                sb.append(T0 / 1000 + 60L * i).append(",-1\n");
            }
        }
        Series s = SeriesFiles.read(csv(sb.toString())).get(0);
        assertThat(s.size()).isEqualTo(201);
        assertThat(s.timestamp(101)).isEqualTo(s.timestamp(100) + 1);
        assertThat(s.value(100)).isEqualTo(100);
        assertThat(s.value(101)).isEqualTo(-1);
        assertThat(s.timestamp(102)).isEqualTo(T0 + 101 * 60_000L);
    }

    @Test
    void readCsv_unsorted_isIoErrorLikeTheScoreReader() throws IOException {
        Path f = csv("timestamp,cpu\n3,1\n2,1\n1,1\n");
        assertThatThrownBy(() -> SeriesFiles.read(f)).isInstanceOf(IoFailure.class)
                .hasMessage(f + ": 2 of 3 rows (the first on line 3: \"2\" after \"3\") have a timestamp that is not after"
                        + " every earlier row's; the file does not look sorted by time (sort it first)");
    }

    @Test
    void readCsv_bundledExample_keepsTheRepeatedHour() throws IOException {
        Series s = SeriesFiles.read(Path.of("..", "examples", "machine_temperature_system_failure.csv")).get(0);
        assertThat(s.size()).isEqualTo(22_695);
    }

    @Test
    void writeJsonLines_isTheClientEncoding_andReadsBack() throws IOException {
        Series a = Series.of(Labels.of("__name__", "y", "host", "caf\u00e9 \"x\""), new long[] {T0, T0 + 1, T0 + 2},
                new double[] {1.0, Double.NaN, 0.1 + 0.2});
        Series none = Series.of(Labels.of("__name__", "z"), new long[] {T0}, new double[] {Double.NaN});
        StringWriter w = new StringWriter();
        long bytes = SeriesFiles.writeJsonLines(List.of(a, none), w);
        assertThat(w.toString()).isEqualTo("{\"metric\":{\"__name__\":\"y\",\"host\":\"caf\u00e9 \\\"x\\\"\"},"
                + "\"values\":[1,0.30000000000000004],\"timestamps\":[" + T0 + "," + (T0 + 2) + "]}\n");
        assertThat(bytes).isEqualTo(w.toString().getBytes(StandardCharsets.UTF_8).length);
        Path f = Files.writeString(dir.resolve("o.jsonl"), w.toString());
        Series back = SeriesFiles.read(f).get(0);
        assertThat(back.labels()).isEqualTo(a.labels());
        assertThat(back.values()).containsExactly(1.0, 0.1 + 0.2);
    }
}
