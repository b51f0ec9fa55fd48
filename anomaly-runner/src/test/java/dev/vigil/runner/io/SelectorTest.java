package dev.vigil.runner.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.series.Labels;
import org.junit.jupiter.api.Test;

class SelectorTest {

    private static final Labels IDLE = Labels.of("__name__", "cpu", "host", "a", "mode", "idle");
    private static final Labels USER = Labels.of("__name__", "cpu", "host", "b", "mode", "user");

    @Test
    void matches_everyOperator() {
        assertThat(Selector.parse("cpu").matches(IDLE)).isTrue();
        assertThat(Selector.parse("mem").matches(IDLE)).isFalse();
        assertThat(Selector.parse("cpu{mode=\"idle\"}").matches(USER)).isFalse();
        assertThat(Selector.parse("cpu{mode!=\"idle\"}").matches(USER)).isTrue();
        assertThat(Selector.parse("{mode=~\"id.*\"}").matches(IDLE)).isTrue();
        assertThat(Selector.parse("{mode=~\"id\"}").matches(IDLE)).isFalse(); // the whole value
        assertThat(Selector.parse("cpu{host!~\"a|c\"}").matches(USER)).isTrue();
        assertThat(Selector.parse("{__name__=\"cpu\",dc=\"\"}").matches(IDLE)).isTrue(); // missing is empty
        assertThat(Selector.parse("{}").matches(USER)).isTrue();
    }

    @Test
    void parse_notASelector_namesTheExpression() {
        assertThatThrownBy(() -> Selector.parse("rate(cpu[5m])")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the file reader understands series selectors only, such as cpu_usage or"
                        + " cpu_usage{mode=\"idle\"}: invalid labels \"rate(cpu[5m])\"");
    }
}
