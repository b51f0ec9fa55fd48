package dev.vigil.runner.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.series.Labels;
import dev.vigil.core.series.Series;
import org.junit.jupiter.api.Test;

class SeriesProtocolTest {

    static Series series(double... vs) {
        long[] ts = new long[vs.length];
        for (int i = 0; i < vs.length; i++) {
            ts[i] = 10_000L * (i + 1);
        }
        return Series.of(Labels.of("__name__", "m"), ts, vs);
    }

    @Test
    void withoutFill_lastPointRepeatsAndSeriesStopsEarly_isHeldBack() {
        Series s = series(1, 2, 2); // 10, 20, 30 s; the read asked up to 60 s
        Series batch = s.after(10_000);
        assertThat(SeriesProtocol.withoutFill(s, batch, 60_000).timestamps()).containsExactly(20_000);
    }

    @Test
    void withoutFill_otherwise_keepsTheBatch() {
        Series s = series(1, 2, 2);
        // the series reaches the last step asked for: a live series, scored now
        assertThat(SeriesProtocol.withoutFill(s, s, 30_000).timestamps()).containsExactly(10_000, 20_000, 30_000);
        // the last value differs from the one before
        Series d = series(1, 2, 3);
        assertThat(SeriesProtocol.withoutFill(d, d, 60_000).size()).isEqualTo(3);
        // a single point, and an empty batch
        Series one = series(5);
        assertThat(SeriesProtocol.withoutFill(one, one, 60_000).size()).isEqualTo(1);
        assertThat(SeriesProtocol.withoutFill(s, s.after(30_000), 60_000).isEmpty()).isTrue();
        // a batch ending before the series does is left alone
        assertThat(SeriesProtocol.withoutFill(s, s.between(0, 25_000), 60_000).size()).isEqualTo(2);
    }
}
