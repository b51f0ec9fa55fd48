package dev.vigil.eval.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Series;
import dev.vigil.eval.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FitWindowTest {

    private static final String NAME = "--fit-window";

    @Test
    void parse_rowsAndPercent() {
        assertThat(FitWindow.parse(NAME, "5000")).isEqualTo(new FitWindow(FitWindow.Kind.ROWS, 5000, "5000", NAME));
        assertThat(FitWindow.parse(NAME, " 20% ")).isEqualTo(new FitWindow(FitWindow.Kind.PERCENT, 20, " 20% ", NAME));
    }

    /** Durations are read by core's one duration parser, so every form of a config is accepted. */
    @ParameterizedTest
    @CsvSource({"7d, 604800000", "12H, 43200000", "1h30m, 5400000", "P7D, 604800000", "pt2h, 7200000",
        "1.5h, 5400000", "500ms, 500", "10min, 600000", "7 days, 604800000", "1w, 604800000"})
    void parse_durations_inMilliseconds(String text, double ms) {
        FitWindow w = FitWindow.parse(NAME, text);
        assertThat(w.kind()).isEqualTo(FitWindow.Kind.DURATION);
        assertThat(w.amount()).isEqualTo(ms);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7 parsecs", "1M", "1.5", "-1h", "0s", "", "abc", "150%", "0", "20 %x"})
    void parse_bad_throwsQuotingTheText(String text) {
        assertThatThrownBy(() -> FitWindow.parse(NAME, text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\"" + text.trim() + "\"");
    }

    @Test
    void rows_eachForm_coversTheLeadingRows() {
        long[] ts = new long[100];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 60_000L * i;
        }
        Series s = Series.of(ts, new double[100]);
        assertThat(FitWindow.parse(NAME, "30").rows(s, "in.csv")).isEqualTo(30);
        assertThat(FitWindow.parse(NAME, "25%").rows(s, "in.csv")).isEqualTo(25);
        assertThat(FitWindow.parse(NAME, "10m").rows(s, "in.csv")).isEqualTo(10);
        assertThat(FitWindow.parse(NAME, "1d").rows(s, "in.csv")).isEqualTo(100);
        assertThatThrownBy(() -> FitWindow.parse(NAME, "101").rows(s, "in.csv")).isInstanceOf(InputException.class)
                .hasMessage("--fit-window 101 asks for 101 rows but in.csv has only 100");
    }
}
