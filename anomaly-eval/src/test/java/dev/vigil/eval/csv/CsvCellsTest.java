package dev.vigil.eval.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CsvCellsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "nan", "NaN", "NAN", "null", " Null "})
    void value_emptyNanOrNull_isMissing(String cell) {
        assertThat(CsvCells.value(cell, "f.csv", 2)).isNaN();
        assertThat(CsvCells.isNumber(cell)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1.5 | 1.5", " -2e-3 | -0.002", "+7 | 7", ".5 | 0.5", "5. | 5", "inf | Infinity", "+Inf | Infinity",
        "-inf | -Infinity", "Infinity | Infinity", "-INFINITY | -Infinity"})
    void value_numbers_parse(String cell, double expected) {
        assertThat(CsvCells.value(cell, "f.csv", 2)).isEqualTo(expected);
        assertThat(CsvCells.isNumber(cell)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "1 2", "1.5d", "2f", "0x10", "Infinityx", "1,5", "--1", "e5", "one"})
    void value_junk_isErrorNamingFileLineAndText(String cell) {
        assertThatThrownBy(() -> CsvCells.value(cell, "f.csv", 7))
                .isInstanceOf(CsvInputException.class)
                .hasMessage("f.csv:7: bad value \"" + cell.trim() + "\" (expected a number, or an empty cell for a"
                        + " missing value)")
                .satisfies(e -> assertThat(((CsvInputException) e).line()).isEqualTo(7));
    }

    @Test
    void value_junkWithColumn_namesTheColumn() {
        assertThatThrownBy(() -> CsvCells.value("x", "f.csv", 3, "cpu{host=\"a\"}"))
                .hasMessage("f.csv:3: bad value \"x\" in column 'cpu{host=\"a\"}' (expected a number, or an empty cell"
                        + " for a missing value)");
    }

    @Test
    void timestamp_readsEveryFormOfTheCoreParser() {
        long t = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
        assertThat(CsvCells.timestamp(" 2024-01-01 00:00:00 ", "f.csv", 2)).isEqualTo(t);
        assertThat(CsvCells.timestamp("2024-01-01T01:00:00+01:00", "f.csv", 2)).isEqualTo(t);
        assertThat(CsvCells.timestamp("1704067200", "f.csv", 2)).isEqualTo(t);
        assertThat(CsvCells.timestamp("1704067200000", "f.csv", 2)).isEqualTo(t);
    }

    @Test
    void timestamp_bad_isErrorNamingFileLineAndText() {
        assertThatThrownBy(() -> CsvCells.timestamp("yesterday", "f.csv", 4))
                .isInstanceOf(CsvInputException.class)
                .hasMessageStartingWith("f.csv:4: invalid timestamp \"yesterday\": ")
                .hasMessageContaining("accepted forms")
                .satisfies(e -> assertThat(((CsvInputException) e).line()).isEqualTo(4));
        assertThat(CsvCells.isTimestamp("yesterday")).isFalse();
        assertThat(CsvCells.isTimestamp("2024-01-01")).isTrue();
    }
}
