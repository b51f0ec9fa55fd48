package dev.vigil.core.decomposition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link Classical}; its agreement with statsmodels is checked on fixtures by the std model's reference test. */
class ClassicalTest {

    @Test
    void filter_evenAndOddPeriods_haveStatsmodelsWeights() {
        assertThat(Classical.filter(4)).containsExactly(0.125, 0.25, 0.25, 0.25, 0.125);
        assertThat(Classical.filter(3)).containsExactly(1.0 / 3, 1.0 / 3, 1.0 / 3);
    }

    @Test
    void decompose_lineplusSeason_recoversTrendAndCentredSeason() {
        int p = 4;
        double[] season = {3, -1, -2, 0};
        double[] x = new double[24];
        for (int t = 0; t < x.length; t++) {
            x[t] = 10 + 0.5 * t + season[t % p];
        }
        Decomposition d = Classical.of(p).decompose(x);
        assertThat(d.period()).isEqualTo(p);
        for (int t = 0; t < p; t++) {
            assertThat(d.trend()[t]).as("trend[%d]", t).isNaN();
            assertThat(d.resid()[t]).as("resid[%d]", t).isNaN();
        }
        for (int t = p; t < x.length; t++) {
            // The one-sided average of a line lags it by p/2 steps; the season averages out.
            assertThat(d.trend()[t]).as("trend[%d]", t).isCloseTo(10 + 0.5 * (t - p / 2.0), within(1e-12));
            assertThat(d.trend()[t] + d.seasonal()[t] + d.resid()[t]).isCloseTo(x[t], within(1e-12));
        }
        double sum = 0;
        for (int i = 0; i < p; i++) {
            sum += d.seasonal()[i];
            assertThat(d.seasonal()[i + p]).isEqualTo(d.seasonal()[i]);
        }
        assertThat(sum).isCloseTo(0, within(1e-12));
    }

    @Test
    void decompose_missingSample_trendNaNWhereTheFilterCoversIt() {
        double[] x = new double[12];
        for (int t = 0; t < x.length; t++) {
            x[t] = t % 3;
        }
        x[6] = Double.POSITIVE_INFINITY;
        Decomposition d = Classical.of(3).decompose(x);
        assertThat(d.observed()[6]).isNaN();
        assertThat(d.trend()[6]).isNaN();
        assertThat(d.trend()[8]).isNaN();
        assertThat(d.trend()[9]).isCloseTo(1, within(1e-12));
        assertThat(d.resid()[7]).isNaN();
        assertThat(d.seasonal()[6]).isFinite();
    }

    @Test
    void decompose_tooShortOrNoFiniteValue_saysWhy() {
        assertThatThrownBy(() -> Classical.of(4).decompose(new double[7]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two full periods");
        assertThatThrownBy(() -> Classical.of(2).decompose(new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite value");
        assertThatThrownBy(() -> Classical.of(1)).isInstanceOf(IllegalArgumentException.class);
    }
}
