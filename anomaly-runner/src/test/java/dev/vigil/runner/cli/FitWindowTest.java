package dev.vigil.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FitWindowTest {

    @Test
    void parse_rowsAndPercent() {
        assertThat(FitWindow.parse("5000")).isEqualTo(new FitWindow(FitWindow.Kind.ROWS, 5000, "5000"));
        assertThat(FitWindow.parse(" 20% ")).isEqualTo(new FitWindow(FitWindow.Kind.PERCENT, 20, " 20% "));
    }

    /** Durations are read by core's one duration parser, so every form of a config is accepted. */
    @ParameterizedTest
    @CsvSource({"7d, 604800000", "12H, 43200000", "1h30m, 5400000", "P7D, 604800000", "pt2h, 7200000",
        "1.5h, 5400000", "500ms, 500", "10min, 600000", "7 days, 604800000", "1w, 604800000"})
    void parse_durations_inMilliseconds(String text, double ms) {
        FitWindow w = FitWindow.parse(text);
        assertThat(w.kind()).isEqualTo(FitWindow.Kind.DURATION);
        assertThat(w.amount()).isEqualTo(ms);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7 parsecs", "1M", "1.5", "-1h", "0s", "", "abc", "150%", "0", "20 %x"})
    void parse_bad_throwsQuotingTheText(String text) {
        assertThatThrownBy(() -> FitWindow.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text.trim() + "\"");
    }
}
