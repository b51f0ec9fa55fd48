package dev.vigil.eval.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.series.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesNamesTest {

    @Test
    void of_oneSeriesWithItsMetricName_isTheNameWithoutBraces() {
        assertThat(SeriesNames.of(List.of(Labels.of("__name__", "value")))).containsExactly("value");
    }

    @Test
    void of_labelPresentInOneSeriesOnly_distinguishesIt() {
        List<Labels> all = List.of(Labels.of("__name__", "up", "env", "prod"),
                Labels.of("__name__", "up", "env", "prod", "zone", "eu"));
        assertThat(SeriesNames.of(all)).containsExactly("up", "up{zone=\"eu\"}");
    }

    @Test
    void of_noNameAndNothingDistinguishing_showsAllLabelsOrSaysNone() {
        assertThat(SeriesNames.of(List.of(Labels.of("host", "a")))).containsExactly("{host=\"a\"}");
        assertThat(SeriesNames.of(List.of(Labels.empty()))).containsExactly("(no labels)");
    }
}
