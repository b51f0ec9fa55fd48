package dev.vigil.eval.nab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventMetricsTest {

    private static final Profile NO_PROBATION = new Profile("t", 1, 0.11, 1, 0, 0);

    private static NabFile file(double[] s, long... windowRows) {
        long[] t = new long[s.length];
        for (int i = 0; i < s.length; i++) {
            t[i] = i;
        }
        return new NabFile("f", t, s, windowRows);
    }

    @Test
    void of_runsOutsideWindows_countAsOneFalseEventEach() {
        //            0  1  2  3  4  5  6  7  8  9 10 11
        double[] s = {0, 2, 2, 0, 2, 0, 2, 2, 0, 0, 2, 2};
        // Window rows 6..8: the run 6-7 is inside (found); runs {1,2}, {4}, {10,11} are false events.
        EventMetrics m = EventMetrics.of(List.of(file(s, 6, 8)), NO_PROBATION, 1.5);
        assertThat(m.windows()).isEqualTo(1);
        assertThat(m.found()).isEqualTo(1);
        assertThat(m.falseEvents()).isEqualTo(3);
        assertThat(m.precision()).isCloseTo(0.25, within(1e-12));
        assertThat(m.recall()).isCloseTo(1.0, within(1e-12));
        assertThat(m.f1()).isCloseTo(0.4, within(1e-12));
    }

    @Test
    void of_runTouchingWindow_isSplitByIt() {
        double[] s = {0, 2, 2, 2, 2, 0};
        // Window 2..3: detections 1 (before) and 4 (after) are two separate false events.
        EventMetrics m = EventMetrics.of(List.of(file(s, 2, 3)), NO_PROBATION, 1.0);
        assertThat(m.falseEvents()).isEqualTo(2);
        assertThat(m.found()).isEqualTo(1);
    }

    @Test
    void of_aboveOne_excludesScoresOfExactlyOne() {
        double[] s = {0, 1.0, 0, 1.0000001, 0};
        EventMetrics m = EventMetrics.of(List.of(file(s, 3, 3)), NO_PROBATION, EventMetrics.ABOVE_ONE);
        assertThat(m.found()).isEqualTo(1);
        assertThat(m.falseEvents()).isZero();
        assertThat(m.f1()).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void of_noDetections_givesZerosNotNaN() {
        EventMetrics m = EventMetrics.of(List.of(file(new double[] {0, 0, Double.NaN}, 1, 1)), NO_PROBATION, 0.5);
        assertThat(m.precision()).isZero();
        assertThat(m.recall()).isZero();
        assertThat(m.f1()).isZero();
        assertThat(m.windows()).isEqualTo(1);
    }

    @Test
    void of_probation_ignoresEarlyDetectionsAndWindows() {
        double[] s = new double[100];
        s[3] = 5; // in probation (15 rows): ignored
        s[5] = 5; // inside a window wholly in probation: window not counted
        s[50] = 5;
        EventMetrics m = EventMetrics.of(List.of(file(s, 4, 6, 60, 70)), Profile.STANDARD, 1.0);
        assertThat(m.windows()).isEqualTo(1);
        assertThat(m.found()).isZero();
        assertThat(m.falseEvents()).isEqualTo(1);
    }
}
