package dev.vigil.eval.csv;

import dev.vigil.core.prediction.Prediction;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesCsvReaderTest {

    private static final Path IN = Path.of("in.csv");

    private static CsvSeries read(String text) throws IOException {
        return SeriesCsvReader.read(IN, new StringReader(text));
    }

    private static long utc(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void read_nabFileWithHeader_keepsTextsAndLines() throws IOException {
        CsvSeries s = read("timestamp,value\n2013-12-02 21:15:00,73.96732207\n2013-12-02 21:20:00,74.935882\n");
        assertThat(s.hasHeader()).isTrue();
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.series().timestamp(0)).isEqualTo(utc("2013-12-02T21:15:00Z"));
        assertThat(s.series().value(1)).isCloseTo(74.935882, within(1e-12));
        assertThat(s.timestampText(1)).isEqualTo("2013-12-02 21:20:00");
        assertThat(s.line(0)).isEqualTo(2);
        assertThat(s.rowOrder().count()).isZero();
        assertThat(s.rowOrder().warning()).isNull();
    }

    @Test
    void read_noHeaderEpochSeconds_parsesFirstRowAsData() throws IOException {
        CsvSeries s = read("1386018900,1.5\n1386018960,2\n");
        assertThat(s.hasHeader()).isFalse();
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.series().timestamp(1) - s.series().timestamp(0)).isEqualTo(60_000L);
        assertThat(s.timestampText(0)).isEqualTo("1386018900");
    }

    @Test
    void read_isoWithOffsetsCrlfBomAndBlankLines_parses() throws IOException {
        CsvSeries s = read("\uFEFFtime,value\r\n2024-01-01T00:00:00Z,1\r\n\r\n2024-01-01T02:00:00+01:00,2\r\n\r\n");
        assertThat(s.hasHeader()).isTrue();
        assertThat(s.size()).isEqualTo(2);
        assertThat(s.series().timestamp(1) - s.series().timestamp(0)).isEqualTo(3_600_000L);
        assertThat(s.line(1)).isEqualTo(4);
    }

    @Test
    void read_emptyOrNanCells_areMissing() throws IOException {
        CsvSeries s = read("timestamp,value\n2024-01-01 00:00:00,\n2024-01-01 00:01:00, \n2024-01-01 00:02:00,NaN\n"
                + "2024-01-01 00:03:00,inf\n2024-01-01 00:04:00,-1e3\n");
        assertThat(s.series().value(0)).isNaN();
        assertThat(s.series().value(1)).isNaN();
        assertThat(s.series().value(2)).isNaN();
        assertThat(s.series().value(3)).isInfinite();
        assertThat(s.series().value(4)).isEqualTo(-1000.0);
    }

    @Test
    void read_headerNamesColumns_picksTimestampAndValueByName() throws IOException {
        CsvSeries s = read("id,value,timestamp\na,5,2024-01-01 00:00:00\nb,6,2024-01-01 00:01:00\n");
        assertThat(s.series().value(0)).isEqualTo(5.0);
        assertThat(s.timestampText(1)).isEqualTo("2024-01-01 00:01:00");
    }

    @Test
    void read_quotedCells_unquotes() throws IOException {
        CsvSeries s = read("\"timestamp\",\"value\"\n\"2024-01-01 00:00:00\",\"1.25\"\n");
        assertThat(s.series().value(0)).isEqualTo(1.25);
        assertThat(s.timestampText(0)).isEqualTo("2024-01-01 00:00:00");
    }

    @Test
    void read_badValue_namesFileLineAndValue() {
        assertThatThrownBy(() -> read("timestamp,value\n2024-01-01 00:00:00,1\n2024-01-01 00:01:00,1 2\n"))
                .isInstanceOf(CsvInputException.class)
                .hasMessageStartingWith("in.csv:3: bad value \"1 2\"");
        assertThatThrownBy(() -> read("timestamp,value\n2024-01-01 00:00:00,1\n\n2024-01-01 00:01:00,abc\n"))
                .isInstanceOf(CsvInputException.class)
                .hasMessageStartingWith("in.csv:4: bad value \"abc\"")
                .satisfies(e -> assertThat(((CsvInputException) e).line()).isEqualTo(4));
    }

    @Test
    void read_javaOnlyNumberForms_areBadValues() {
        for (String v : new String[] {"1.5d", "2f", "0x10", "Infinityx"}) {
            assertThatThrownBy(() -> read("2024-01-01 00:00:00," + v + "\n"))
                    .isInstanceOf(CsvInputException.class)
                    .hasMessageContaining("\"" + v + "\"");
        }
    }

    @Test
    void read_badTimestamp_namesFileLineAndValue() {
        assertThatThrownBy(() -> read("timestamp,value\n2024-01-01 00:00:00,1\n2024-13-01 00:00:00,2\n"))
                .isInstanceOf(CsvInputException.class)
                .hasMessageStartingWith("in.csv:3: invalid timestamp \"2024-13-01 00:00:00\"")
                .hasMessageContaining("Invalid value for MonthOfYear");
        // A bad first row with a numeric value is data, not a header.
        assertThatThrownBy(() -> read("2024-02-30 00:00:00,2\n"))
                .isInstanceOf(CsvInputException.class)
                .hasMessageStartingWith("in.csv:1: invalid timestamp \"2024-02-30 00:00:00\"");
        assertThatThrownBy(() -> read("timestamp,value\nyesterday,2\n"))
                .hasMessageStartingWith("in.csv:2: invalid timestamp \"yesterday\"")
                .hasMessageContaining("accepted forms: ISO-8601").hasMessageContaining("2024-01-01 00:00:00[.fff]")
                .hasMessageContaining("epoch seconds");
    }

    @Test
    void read_missingColumn_namesLine() {
        assertThatThrownBy(() -> read("timestamp,value\n2024-01-01 00:00:00\n"))
                .isInstanceOf(CsvInputException.class)
                .hasMessageStartingWith("in.csv:2: expected at least 2 comma-separated columns");
    }

    @Test
    void read_unterminatedQuote_namesLine() {
        assertThatThrownBy(() -> read("timestamp,value\n\"2024-01-01 00:00:00,1\n"))
                .isInstanceOf(CsvInputException.class)
                .hasMessageStartingWith("in.csv:2: unterminated quote");
    }

    @Test
    void read_notIncreasing_keepsFileOrderShiftsByOneMilliAndCounts() throws IOException {
        String text = "2024-01-01 01:00:00,1\n2024-01-01 01:55:00,2\n2024-01-01 01:00:00,3\n2024-01-01 01:05:00,4\n"
                + "2024-01-01 02:00:00,5\n";
        CsvSeries s = read(text);
        assertThat(s.size()).isEqualTo(5);
        assertThat(s.rowOrder().count()).isEqualTo(2);
        assertThat(s.rowOrder().firstLine()).isEqualTo(3);
        long t1 = s.series().timestamp(1);
        assertThat(s.series().timestamp(2)).isEqualTo(t1 + 1);
        assertThat(s.series().timestamp(3)).isEqualTo(t1 + 2);
        assertThat(s.series().timestamp(4)).isEqualTo(utc("2024-01-01T02:00:00Z"));
        assertThat(s.series().values()).containsExactly(1, 2, 3, 4, 5);
        assertThat(s.timestampText(2)).isEqualTo("2024-01-01 01:00:00");
        assertThat(s.rowOrder().warning()).isEqualTo("in.csv: 2 of 5 rows (the first on line 3: \"2024-01-01 01:00:00\""
                + " after \"2024-01-01 01:55:00\") have a timestamp that is not after every earlier row's;"
                + " they are kept in file order, each 1 ms after the row before");
        // 2 of 5 is more than 1 %: not a sorted file.
        assertThatThrownBy(() -> s.rowOrder().requireSorted()).isInstanceOf(CsvInputException.class)
                .hasMessageEndingWith("the file does not look sorted by time (sort it first)");
    }

    /**
     * The bundled NAB series repeats one hour (2014-01-07 02:00 to 02:55 appear twice, in January, so
     * not a daylight-saving change): the 12 rows the reader counts are in the data, not a parsing
     * artefact. Lines are 1-based with the header on line 1, so row i is on line i + 2.
     */
    @Test
    void read_bundledNabExample_repeatedHourIsInTheData() throws IOException {
        CsvSeries s = SeriesCsvReader.read(Path.of("..", "examples", "machine_temperature_system_failure.csv"));
        assertThat(s.size()).isEqualTo(22_695);
        assertThat(s.rowOrder().count()).isEqualTo(12);
        assertThat(s.rowOrder().firstLine()).isEqualTo(10_151);
        s.rowOrder().requireSorted(); // 12 of 22 695 rows: a warning, not an error
        int first = 10_151 - 2;
        assertThat(s.timestampText(first - 1)).isEqualTo("2014-01-07 02:55:00");
        assertThat(s.timestampText(first)).isEqualTo("2014-01-07 02:00:00");
        for (int k = 0; k < 12; k++) {
            // The same wall-clock text twice, 12 rows apart; the first copy parses as UTC.
            assertThat(s.timestampText(first + k)).isEqualTo(s.timestampText(first - 12 + k));
            assertThat(s.series().timestamp(first - 12 + k)).isEqualTo(utc("2014-01-07T02:00:00Z") + k * 300_000L);
        }
        assertThat(s.series().timestamp(first + 12)).isEqualTo(utc("2014-01-07T03:00:00Z"));
    }

    @Test
    void read_emptyFileOrHeaderOnly_isError() {
        assertThatThrownBy(() -> read("")).isInstanceOf(CsvInputException.class).hasMessage("in.csv: no data rows");
        assertThatThrownBy(() -> read("timestamp,value\n\n"))
                .hasMessage("in.csv: no data rows after the header");
    }

    @Test
    void read_missingFile_throwsNoSuchFile(@TempDir Path dir) {
        assertThatThrownBy(() -> SeriesCsvReader.read(dir.resolve("nope.csv"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void writeThenRead_roundTripsValuesAndMissing(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, "timestamp,value\n2024-01-01 00:00:00,0.1\n2024-01-01 00:01:00,\n2024-01-01 00:02:00,-inf\n");
        CsvSeries in = SeriesCsvReader.read(f);
        dev.vigil.core.prediction.Prediction.Builder b =
                dev.vigil.core.prediction.Prediction.builder(in.series().labels(), in.series().timestamps());
        for (int i = 0; i < in.size(); i++) {
            b.set(i, in.series().value(i), 1.0 / 3, Double.NaN, Double.POSITIVE_INFINITY);
            b.anomalyScore()[i] = i;
        }
        Path out = dir.resolve("out.csv");
        PredictionCsvWriter.write(out, b.build(), in::timestampText);
        assertThat(Files.readAllLines(out)).containsExactly(
                "timestamp,y,yhat,yhat_lower,yhat_upper,anomaly_score",
                "2024-01-01 00:00:00,0.1,0.3333333333333333,,inf,0.0",
                "2024-01-01 00:01:00,,0.3333333333333333,,inf,1.0",
                "2024-01-01 00:02:00,-inf,0.3333333333333333,,inf,2.0");
        CsvSeries back = SeriesCsvReader.read(out);
        assertThat(back.series().values()).containsExactly(0.1, Double.NaN, Double.NEGATIVE_INFINITY);
    }
}
