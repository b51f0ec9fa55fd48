package dev.vigil.eval.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's series files in CSV, read with the rules every CSV reader shares. */
class WideCsvReaderTest {

    private static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

    @TempDir
    Path dir;

    private Path csv(String text) throws IOException {
        return Files.writeString(dir.resolve("in.csv"), text);
    }

    @Test
    void read_wideWithLabelsAndEveryTimestampForm_readsEachColumn() throws IOException {
        Path f = csv("timestamp,cpu{host=\"a,b\"},mem\n2024-01-01T00:00:00Z,1,\n2024-01-01 00:01:00,2,NaN\n"
                + "1704067320,3,null\n1704067380000,inf,4\n");
        WideCsvReader.Result r = WideCsvReader.read(f);
        List<Series> s = r.series();
        assertThat(s).hasSize(2);
        assertThat(s.get(0).labels()).isEqualTo(Labels.of("__name__", "cpu", "host", "a,b"));
        assertThat(s.get(0).timestamps()).containsExactly(T0, T0 + 60_000, T0 + 120_000, T0 + 180_000);
        assertThat(s.get(0).values()).containsExactly(1, 2, 3, Double.POSITIVE_INFINITY);
        assertThat(s.get(1).values()).containsExactly(Double.NaN, Double.NaN, Double.NaN, 4);
        assertThat(r.rowOrder().warning()).isNull();
    }

    @Test
    void read_emptyFile_hasNoSeries() throws IOException {
        assertThat(WideCsvReader.read(csv("")).series()).isEmpty();
    }

    @Test
    void read_junkValue_namesFileLineColumnAndText() throws IOException {
        Path f = csv("timestamp,cpu\n1704067200,1\n1704067260,one\n");
        assertThatThrownBy(() -> WideCsvReader.read(f)).isInstanceOf(CsvInputException.class)
                .hasMessage(f + ":3: bad value \"one\" in column 'cpu' (expected a number, or an empty cell for a"
                        + " missing value)");
    }

    @Test
    void read_badHeaderTimestampOrLabels_namesTheText() throws IOException {
        Path h = csv("time,cpu\n1704067200,1\n");
        assertThatThrownBy(() -> WideCsvReader.read(h)).isInstanceOf(CsvInputException.class)
                .hasMessage(h + ":1: the CSV header must be timestamp,<series>[,<series>...], got \"time,cpu\"");
        Path f = csv("timestamp,cpu\nyesterday,1\n");
        assertThatThrownBy(() -> WideCsvReader.read(f)).isInstanceOf(CsvInputException.class)
                .hasMessageStartingWith(f + ":2: invalid timestamp \"yesterday\": ");
        Path g = csv("timestamp,cpu{host=~\"a\"}\n1704067200,1\n");
        assertThatThrownBy(() -> WideCsvReader.read(g)).isInstanceOf(CsvInputException.class)
                .hasMessage(g + ":1: column 1: invalid labels \"cpu{host=~\"a\"}\": a label set uses '=' only, such as"
                        + " cpu{host=\"a\"}, not '=~'");
    }

    /** The rule of the score command's reader: a repeated row stays, in file order, 1 ms after the one before. */
    @Test
    void read_aFewRowsOutOfOrder_keptInFileOrderLikeTheScoreReader() throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,cpu\n");
        for (int i = 0; i < 200; i++) {
            sb.append(T0 / 1000 + 60L * i).append(',').append(i).append('\n');
            if (i == 100) {
                sb.append(T0 / 1000 + 60L * i).append(",-1\n");
            }
        }
        WideCsvReader.Result r = WideCsvReader.read(csv(sb.toString()));
        Series s = r.series().get(0);
        assertThat(s.size()).isEqualTo(201);
        assertThat(s.timestamp(101)).isEqualTo(s.timestamp(100) + 1);
        assertThat(s.value(100)).isEqualTo(100);
        assertThat(s.value(101)).isEqualTo(-1);
        assertThat(s.timestamp(102)).isEqualTo(T0 + 101 * 60_000L);
        assertThat(r.rowOrder().warning()).contains("1 of 201 rows (the first on line 103");
    }

    @Test
    void read_unsorted_isAnErrorLikeTheScoreReader() throws IOException {
        Path f = csv("timestamp,cpu\n3,1\n2,1\n1,1\n");
        assertThatThrownBy(() -> WideCsvReader.read(f)).isInstanceOf(CsvInputException.class)
                .hasMessage(f + ": 2 of 3 rows (the first on line 3: \"2\" after \"3\") have a timestamp that is not after"
                        + " every earlier row's; the file does not look sorted by time (sort it first)");
    }

    @Test
    void read_bundledExample_keepsTheRepeatedHour() throws IOException {
        Series s = WideCsvReader.read(Path.of("..", "examples", "machine_temperature_system_failure.csv")).series().get(0);
        assertThat(s.size()).isEqualTo(22_695);
    }

    @Test
    void longCsvWriter_finitePointsOnly_withTheLabelsQuotedAndTheHeaderOnce() throws IOException {
        Series a = Series.of(Labels.of("__name__", "y", "host", "a,\"b\""), new long[] {T0, T0 + 1, T0 + 2},
                new double[] {1.0, Double.NaN, 0.1 + 0.2});
        StringWriter w = new StringWriter();
        long n = LongCsvWriter.write(List.of(a), w, true);
        n += LongCsvWriter.write(List.of(a.withLabels(Labels.of("__name__", "z"))), w, false);
        assertThat(w.toString()).isEqualTo("timestamp,metric,value\n"
                + "2024-01-01T00:00:00Z,\"y{host=\"\"a,\\\"\"b\\\"\"\"\"}\",1.0\n"
                + "2024-01-01T00:00:00.002Z,\"y{host=\"\"a,\\\"\"b\\\"\"\"\"}\",0.30000000000000004\n"
                + "2024-01-01T00:00:00Z,\"z{}\",1.0\n"
                + "2024-01-01T00:00:00.002Z,\"z{}\",0.30000000000000004\n");
        assertThat(n).isEqualTo(w.toString().length());
    }
}
