package dev.vigil.models;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AutoPeriodMedianStepTest {

    @Test
    void medianStep_regularTimestamps_theCommonInterval() {
        long[] ts = new long[1000];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = 1_704_067_200_000L + 300_000L * i;
        }
        assertThat(AutoPeriod.medianStep(ts, ts.length)).isEqualTo(300_000L);
        assertThat(AutoPeriod.medianStep(ts, 2)).isEqualTo(300_000L);
    }

    @Test
    void medianStep_gapsAndJitter_theMedianInterval() {
        assertThat(AutoPeriod.medianStep(new long[] {0, 10, 20, 40, 50}, 5)).isEqualTo(10L);
        assertThat(AutoPeriod.medianStep(new long[] {0, 5, 15, 25, 35}, 5)).isEqualTo(10L);
        assertThat(AutoPeriod.medianStep(new long[] {0, 9, 20, 30, 41, 50}, 6)).isEqualTo(10L);
        // only the first count entries count
        assertThat(AutoPeriod.medianStep(new long[] {0, 7, 14, 100, 1000}, 3)).isEqualTo(7L);
    }

    @Test
    void medianStep_fewerThanTwoOrDuplicateTimestamps_atLeastOne() {
        assertThat(AutoPeriod.medianStep(new long[] {5}, 1)).isEqualTo(1L);
        assertThat(AutoPeriod.medianStep(new long[] {5, 5, 5}, 3)).isEqualTo(1L);
    }
}
