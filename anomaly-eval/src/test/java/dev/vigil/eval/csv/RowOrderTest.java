package dev.vigil.eval.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RowOrderTest {

    @Test
    void next_increasing_keepsTimestampsAndWarnsNothing() {
        RowOrder o = new RowOrder("f.csv");
        assertThat(o.next(10, "10", 1)).isEqualTo(10);
        assertThat(o.next(20, "20", 2)).isEqualTo(20);
        assertThat(o.summary()).isEqualTo(new RowOrder.Summary("f.csv", 2, 0, 0, null, null));
        assertThat(o.summary().warning()).isNull();
        o.summary().requireSorted();
    }

    @Test
    void next_stepBack_countsEveryRowUntilTheClockCatchesUp() {
        RowOrder o = new RowOrder("f.csv");
        long[] in = {100, 200, 300, 100, 200, 300, 400};
        long[] out = new long[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = o.next(in[i], Long.toString(in[i]), i + 2);
        }
        assertThat(out).containsExactly(100, 200, 300, 301, 302, 303, 400);
        RowOrder.Summary s = o.summary();
        assertThat(s.count()).isEqualTo(3);
        assertThat(s.firstLine()).isEqualTo(5);
        assertThat(s.warning()).isEqualTo("f.csv: 3 of 7 rows (the first on line 5: \"100\" after \"300\") have a"
                + " timestamp that is not after every earlier row's; they are kept in file order, each 1 ms after the"
                + " row before");
        assertThatThrownBy(s::requireSorted).isInstanceOf(CsvInputException.class)
                .hasMessage("f.csv: 3 of 7 rows (the first on line 5: \"100\" after \"300\") have a timestamp that is not"
                        + " after every earlier row's; the file does not look sorted by time (sort it first)");
    }

    @Test
    void requireSorted_atMostOnePercent_passes() {
        RowOrder o = new RowOrder("f.csv");
        for (int i = 0; i < 100; i++) {
            o.next(i == 50 ? 49 : i, "t", i + 1);
        }
        assertThat(o.summary().count()).isEqualTo(1);
        o.summary().requireSorted();
        o.next(0, "t", 101);
        assertThatThrownBy(() -> o.summary().requireSorted()).isInstanceOf(CsvInputException.class);
    }
}
