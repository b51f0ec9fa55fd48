package dev.vigil.eval.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableCsvTest {

    @TempDir
    Path dir;

    private Path file(String text) throws IOException {
        Path p = dir.resolve("t.csv");
        Files.write(p, text.getBytes(StandardCharsets.UTF_8));
        return p;
    }

    @Test
    void read_mixedForms_sameAsTextRules() throws IOException {
        TableCsv t = TableCsv.read(file("\uFEFFa, timestamp ,b\r\n"
                + "1.5,1700000000,-2e-3\r\n"
                + "\r\n"
                + " 7 ,1700000060000,\n"
                + "\"3\",2024-01-01T00:00:00Z,inf\r"
                + "nan,  1704067260 ,NULL\n"
                + "0.30471707975443135,1704067320,-Infinity"));
        assertThat(t.columns()).containsExactly("a", "b");
        assertThat(t.timestamps()).containsExactly(1_700_000_000_000L, 1_700_000_060_000L, 1_704_067_200_000L,
                1_704_067_260_000L, 1_704_067_320_000L);
        assertThat(java.util.stream.IntStream.range(0, 5).mapToObj(t::timestampText)).containsExactly("1700000000",
                "1700000060000", "2024-01-01T00:00:00Z", "1704067260", "1704067320");
        assertThat(t.rows()[0]).containsExactly(1.5, -0.002);
        assertThat(t.rows()[1][0]).isEqualTo(7.0);
        assertThat(t.rows()[1][1]).isNaN();
        assertThat(t.rows()[2]).containsExactly(3.0, Double.POSITIVE_INFINITY);
        assertThat(t.rows()[3][0]).isNaN();
        assertThat(t.rows()[3][1]).isNaN();
        assertThat(t.rows()[4]).containsExactly(0.30471707975443135, Double.NEGATIVE_INFINITY);
    }

    @Test
    void read_randomNumbers_equalParseDouble() throws IOException {
        SplittableRandom rnd = new SplittableRandom(11L);
        StringBuilder sb = new StringBuilder("timestamp,x,y\n");
        int n = 5000;
        double[][] expected = new double[n][2];
        for (int i = 0; i < n; i++) {
            String x = String.format(Locale.ROOT, "%.17g", rnd.nextGaussian() * Math.pow(10, rnd.nextInt(-30, 30)));
            String y = Double.toString(rnd.nextDouble(-1e9, 1e9));
            expected[i][0] = Double.parseDouble(x);
            expected[i][1] = Double.parseDouble(y);
            sb.append(1_700_000_000L + 60L * i).append(',').append(x).append(',').append(y).append('\n');
        }
        TableCsv t = TableCsv.read(file(sb.toString()));
        double[][] rows = t.rows();
        assertThat(rows).hasNumberOfRows(n);
        for (int i = 0; i < n; i++) {
            assertThat(rows[i]).containsExactly(expected[i]);
        }
    }

    @Test
    void read_anyChunkSize_sameTableAsOneChunk() throws IOException {
        // lines of every ending (\n, \r, \r\n), blank lines, a quoted row and a line longer than the chunks
        SplittableRandom rnd = new SplittableRandom(5L);
        StringBuilder sb = new StringBuilder("\uFEFFtimestamp,x,y\r\n");
        String[] endings = {"\n", "\r", "\r\n"};
        for (int i = 0; i < 300; i++) {
            sb.append(1_700_000_000L + 60L * i).append(',')
                    .append(i == 7 ? "\"" + "0".repeat(200) + "1.25\"" : Double.toString(rnd.nextGaussian())).append(',')
                    .append(i % 11 == 3 ? "" : Double.toString(rnd.nextDouble(-5, 5)))
                    .append(endings[rnd.nextInt(3)]);
            if (i % 17 == 0) {
                sb.append(endings[rnd.nextInt(3)]);
            }
        }
        Path f = file(sb.toString());
        TableCsv whole = TableCsv.read(f, 1 << 20);
        assertThat(whole.timestamps()).hasSize(300);
        assertThat(whole.rows()[7][0]).isEqualTo(1.25);
        for (int chunk : new int[] {1, 2, 3, 7, 16, 61, 64, 100, 4096}) {
            TableCsv t = TableCsv.read(f, chunk);
            assertThat(t.columns()).as("chunk %d", chunk).isEqualTo(whole.columns());
            assertThat(t.timestamps()).as("chunk %d", chunk).containsExactly(whole.timestamps());
            assertThat(t.values()).as("chunk %d", chunk).containsExactly(whole.values());
            assertThat(t.timestampTexts()).as("chunk %d", chunk).containsExactly(whole.timestampTexts());
        }
    }

    @Test
    void timestampText_epochDigits_asWritten() throws IOException {
        TableCsv s = TableCsv.read(file("timestamp,x\n0,1\n7,1\n0000000009,1\n99999999999,1\n"));
        assertThat(java.util.stream.IntStream.range(0, 4).mapToObj(s::timestampText)).containsExactly("0", "7",
                "0000000009", "99999999999");
        assertThat(s.timestamps()).containsExactly(0L, 7_000L, 9_000L, 99_999_999_999_000L);
        TableCsv ms = TableCsv.read(file("timestamp,x\n100000000000,1\n100000000001,1\n"));
        assertThat(java.util.stream.IntStream.range(0, 2).mapToObj(ms::timestampText)).containsExactly("100000000000",
                "100000000001");
        assertThat(ms.timestamps()).containsExactly(100_000_000_000L, 100_000_000_001L);
        assertThatThrownBy(() -> TableCsv.read(file("timestamp,x\n1700000060,1\n1700000000,2\n")))
                .isInstanceOf(CsvInputException.class)
                .hasMessageContaining(":3: timestamp 1700000000 is not after the previous row's");
    }

    @Test
    void read_badValue_namesFileLineAndColumn() throws IOException {
        Path p = file("timestamp,x,y\n1700000000,1,2\n1700000060,1.5d,2\n");
        assertThatThrownBy(() -> TableCsv.read(p)).isInstanceOf(CsvInputException.class)
                .hasMessageContaining(p + ":3: bad value \"1.5d\" in column 'x'");
    }

    @Test
    void read_wrongCellCount_namesLine() throws IOException {
        Path p = file("timestamp,x,y\n1700000000,1,2\n1700000060,1,2,3\n");
        assertThatThrownBy(() -> TableCsv.read(p)).isInstanceOf(CsvInputException.class)
                .hasMessageContaining(p + ":3: expected 3 columns as in the header, got 4");
    }

    @Test
    void read_timestampNotIncreasing_namesLine() throws IOException {
        Path p = file("timestamp,x\n1700000060,1\n1700000000,2\n");
        assertThatThrownBy(() -> TableCsv.read(p)).isInstanceOf(CsvInputException.class)
                .hasMessageContaining(p + ":3: timestamp 1700000000 is not after");
    }

    @Test
    void read_noDataRows_isAnError() throws IOException {
        Path p = file("timestamp,x\n\n");
        assertThatThrownBy(() -> TableCsv.read(p)).isInstanceOf(CsvInputException.class)
                .hasMessageContaining("no data rows");
    }
}
