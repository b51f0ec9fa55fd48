package dev.vigil.core.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

class SeriesSelectorTest {

    private static final Labels IDLE = Labels.of("__name__", "cpu", "host", "a", "mode", "idle");
    private static final Labels USER = Labels.of("__name__", "cpu", "host", "b", "mode", "user");

    @Test
    void matches_everyOperator() {
        assertThat(SeriesSelector.parse("cpu").matches(IDLE)).isTrue();
        assertThat(SeriesSelector.parse("mem").matches(IDLE)).isFalse();
        assertThat(SeriesSelector.parse("cpu{mode=\"idle\"}").matches(USER)).isFalse();
        assertThat(SeriesSelector.parse("cpu{mode!=\"idle\"}").matches(USER)).isTrue();
        assertThat(SeriesSelector.parse("{mode=~\"id.*\"}").matches(IDLE)).isTrue();
        assertThat(SeriesSelector.parse("{mode=~\"id\"}").matches(IDLE)).isFalse(); // the whole value
        assertThat(SeriesSelector.parse("cpu{host!~\"a|c\"}").matches(USER)).isTrue();
        assertThat(SeriesSelector.parse("{__name__=\"cpu\",dc=\"\"}").matches(IDLE)).isTrue(); // missing is empty
        assertThat(SeriesSelector.parse("{}").matches(USER)).isTrue();
    }

    @Test
    void of_theParsedTerms_matchesAsParse() {
        SeriesSelector s = SeriesSelector.of(List.of(new LabelMatcher("mode", LabelMatcher.Op.REGEX, "idle|user"),
                new LabelMatcher("host", LabelMatcher.Op.NOT_EQUAL, "b")));
        assertThat(s.matches(IDLE)).isTrue();
        assertThat(s.matches(USER)).isFalse();
        assertThat(SeriesSelector.of(List.of()).matches(Labels.empty())).isTrue();
    }

    @Test
    void parse_notASelectorOrABadRegex_throws() {
        assertThatThrownBy(() -> SeriesSelector.parse("rate(cpu[5m])")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid labels \"rate(cpu[5m])\"");
        assertThatThrownBy(() -> SeriesSelector.parse("{mode=~\"(\"}")).isInstanceOf(PatternSyntaxException.class);
    }
}
